import ArgumentParser
import Foundation
import Repository

struct Checkout: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the work tree match a commit, or restore some paths from it.",
        discussion: """
            With a branch name HEAD follows the branch; with any other revision HEAD is
            detached. With `-- <paths>` only those paths are restored and HEAD stays.
            Every object needed is looked up first: if one is missing nothing changes.

            Examples:
              aida checkout HEAD~1
              aida checkout main
              aida checkout v1.0 -- scans/patient-01
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Flag(name: [.short, .long], help: "Discard local changes that would be overwritten.") var force = false
    @Argument(help: "The commit, branch or tag.") var revision: String
    @Argument(parsing: .postTerminator, help: "Paths to restore (after --).") var paths: [String] = []

    func run() throws {
        let dataset = try global.openDataset()
        let relative = try paths.map { path -> String in
            let inside = try dataset.repositoryPath(of: path, from: global.workingDirectory)
            return inside.isEmpty ? "." : inside
        }
        let report = try dataset.checkout(revision, paths: relative, force: force)
        Output.recovered(report.recovered)
        if output.json { return try Output.json(report) }
        if !paths.isEmpty {
            Output.line("Restored \(paths.joined(separator: ", ")) from \(report.commit.short)")
        } else if let branch = report.branch {
            Output.line(
                "Switched to branch '\(branch.replacingOccurrences(of: "refs/heads/", with: ""))' at \(report.commit.short)"
            )
        } else {
            Output.line("HEAD is now at \(report.commit.short) (detached)")
        }
    }
}
