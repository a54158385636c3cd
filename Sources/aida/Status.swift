import ArgumentParser
import Foundation
import Repository

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show staged and unstaged changes and untracked files.",
        discussion: """
            Short format: two columns like `git status --short`, staged then unstaged
            (A added, M modified, D deleted, ? untracked).

            Examples:
              aida status
              aida status --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let dataset = try global.openDataset()
        let entries = try dataset.status()
        if output.json { return try Output.json(entries) }
        let branch = (try? dataset.git.headBranch()).flatMap { $0 }?.replacingOccurrences(of: "refs/heads/", with: "")
        Output.line(branch.map { "On branch \($0)" } ?? "HEAD detached")
        if entries.isEmpty {
            Output.line("nothing to commit, working tree clean")
            return
        }
        for entry in entries {
            let staged = Self.letter(entry.staged)
            let unstaged = Self.letter(entry.unstaged)
            let mark = staged == "?" || unstaged == "?" ? "??" : staged + unstaged
            Output.line(Output.color(mark, entry.staged != nil ? "32" : "31") + " \(entry.path)")
        }
    }

    static func letter(_ change: StatusEntry.Change?) -> String {
        switch change {
        case nil: " "
        case .added: "A"
        case .modified: "M"
        case .deleted: "D"
        case .renamed: "R"
        case .typeChanged: "T"
        case .untracked: "?"
        }
    }
}
