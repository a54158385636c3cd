import ArgumentParser
import Foundation
import Repository

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List files added, removed and changed, by content id.",
        discussion: """
            No revision: work tree against the index. One: work tree against that commit.
            Two: the first commit against the second.

            Examples:
              aida diff
              aida diff HEAD~1
              aida diff v1.0 v1.1 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Argument(help: "Up to two revisions.") var revisions: [String] = []

    func validate() throws {
        if revisions.count > 2 { throw ValidationError("give at most two revisions") }
    }

    func run() throws {
        let dataset = try global.openDataset()
        let changes = try dataset.diff(revisions.first, revisions.count > 1 ? revisions[1] : nil)
        if output.json { return try Output.json(changes) }
        Output.changes(changes)
    }
}

extension Output {
    /// One line per file: a letter, the path, and the content ids.
    static func changes(_ changes: [FileChange]) {
        for change in changes {
            let old = change.old.map(describe) ?? ""
            let new = change.new.map(describe) ?? ""
            switch change.change {
            case .added, .untracked: line(color("A", "32") + " \(change.path)  \(new)")
            case .deleted: line(color("D", "31") + " \(change.path)  \(old)")
            case .renamed: line(color("R", "33") + " \(change.oldPath ?? "") -> \(change.path)  \(new)")
            case .modified, .typeChanged: line(color("M", "33") + " \(change.path)  \(old) -> \(new)")
            }
        }
    }

    static func describe(_ content: FileChange.Content) -> String {
        content.oid + (content.size.map { " (\($0) bytes)" } ?? "")
    }
}
