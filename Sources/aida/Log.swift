import ArgumentParser
import Foundation
import Repository

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the commit history, with trailers.",
        discussion: """
            Examples:
              aida log
              aida log -n 5 v1.0
              aida log --json | jq '.[0].trailers'
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Option(name: [.customShort("n"), .long], help: "Show at most this many commits.") var maxCount: Int?
    @Flag(help: "One line per commit.") var oneline = false
    @Argument(help: "Start from this revision (default HEAD).") var revision: String?

    func run() throws {
        let dataset = try global.openDataset()
        let commits = try dataset.log(from: revision, limit: maxCount)
        if output.json { return try Output.json(commits) }
        if commits.isEmpty {
            Output.line("no commits yet")
            return
        }
        for (position, commit) in commits.enumerated() {
            if oneline {
                Output.line(Output.color(commit.id.short, "33") + " " + commit.summary)
                continue
            }
            if position > 0 { Output.line() }
            Output.print(commit)
        }
    }
}

extension Output {
    /// A commit as `git log` shows it.
    static func print(_ commit: CommitInfo) {
        line(color("commit \(commit.id.hex)", "33"))
        if commit.parents.count > 1 { line("Merge: " + commit.parents.map(\.short).joined(separator: " ")) }
        line("Author: \(commit.author.name) <\(commit.author.email)>")
        line("Date:   \(date(commit.author))")
        line()
        for text in commit.message.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
            commit.message.hasSuffix("\n") ? 1 : 0)
        {
            line("    " + text)
        }
    }

    static func date(_ person: CommitInfo.Person) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: Int(person.offset) * 60)
        formatter.dateFormat = "EEE MMM d HH:mm:ss yyyy Z"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(person.time)))
    }
}
