import ArgumentParser
import Foundation
import Repository

struct Commit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the staged files as a new commit.",
        discussion: """
            Several -m are joined as paragraphs. Each --trailer KEY=VALUE adds a git trailer
            (`KEY: VALUE`) to the message's last paragraph, readable with
            `git log --format='%(trailers)'`. Keys are letters, digits and '-'.

            Before anything is written, every staged new or changed file goes through the
            anonymity gate (as `aida check` does, against the staged anonymization profile or
            the default one); one finding refuses the whole commit, listed file by file on
            stderr (with --json, the report on stdout), exit status 1.

            Examples:
              aida commit -m "Add 200 CT slices" --trailer License=LicenseRef-AIDA-BY
              aida commit -m "Fix labels" -m "Two masks were swapped." --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Option(name: .shortAndLong, help: "The commit message (repeat for more paragraphs).") var message: [String] = []
    @Option(help: ArgumentHelp("A trailer to add, as KEY=VALUE.", valueName: "KEY=VALUE")) var trailer: [String] = []
    @Flag(help: "Commit even if nothing changed.") var allowEmpty = false

    func validate() throws {
        if message.isEmpty { throw ValidationError("give a message with -m") }
        for item in trailer where !item.contains("=") {
            throw ValidationError("--trailer '\(item)' must be KEY=VALUE")
        }
    }

    func run() throws {
        let trailers = trailer.map { item -> CommitInfo.Trailer in
            let parts = item.split(separator: "=", maxSplits: 1)
            return .init(key: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
        }
        let dataset = try global.openDataset()
        var review: ReviewGate?
        let commit = try dataset.commit(
            message: message.joined(separator: "\n\n"), trailers: trailers, allowEmpty: allowEmpty
        ) {
            // Under the repository lock: what is judged is what gets recorded.
            let gate = try CommitGate(dataset: dataset).run()
            if gate.refused {
                if output.json { try Output.json(gate) } else { CommitGate.explain(gate) }
                throw ExitCode(1)
            }
            review = try ReviewGate.beforeCommit(dataset)  // review sampling: ReviewGate.swift
            return review?.trailers ?? []
        }
        review?.committed(dataset)
        if output.json { return try Output.json(commit) }
        let branch = (try? dataset.git.headBranch()).flatMap { $0 }?.replacingOccurrences(of: "refs/heads/", with: "")
        Output.line("[\(branch ?? "detached HEAD") \(commit.id.short)] \(commit.summary)")
    }
}
