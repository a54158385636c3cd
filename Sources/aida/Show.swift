import ArgumentParser
import Foundation
import Repository

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a commit and the files it changed, by content id.",
        discussion: """
            Files in the store are named by their sha256 (their git-lfs oid), text files by
            their git blob id.

            Examples:
              aida show
              aida show HEAD~2 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Argument(help: "The commit (default HEAD).") var revision = "HEAD"

    struct Shown: Encodable {
        let commit: CommitInfo
        let changes: [FileChange]
    }

    func run() throws {
        let dataset = try global.openDataset()
        let (commit, changes) = try dataset.show(revision)
        if output.json { return try Output.json(Shown(commit: commit, changes: changes)) }
        Output.print(commit)
        Output.line()
        Output.changes(changes)
    }
}
