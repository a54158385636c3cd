import ArgumentParser
import Foundation
import Repository

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an empty dataset repository.",
        discussion: """
            Makes a git repository on branch main with a .gitattributes that sends every file
            to the object store except the dataset's text files (CSV, TSV, TXT, MD, JSON, YAML,
            README, LICENSE), and the git-lfs filter settings stock git needs.

            Examples:
              aida init ct-study
              aida init            # in the current folder
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Argument(help: "Folder of the new dataset (made if missing).") var path: String?

    func run() throws {
        let base = global.workingDirectory
        let target = path.map { $0.hasPrefix("/") ? $0 : base + "/" + $0 } ?? base
        let dataset = try Dataset.create(at: target)
        if output.json {
            try Output.json(["root": dataset.root, "gitdir": dataset.git.gitdir, "branch": "main"])
        } else {
            Output.line("Initialized empty aida dataset in \(dataset.git.gitdir)")
        }
    }
}
