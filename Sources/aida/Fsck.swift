import ArgumentParser
import Foundation
import Repository

struct Fsck: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify every pointer and every object in the store.",
        discussion: """
            Checks every pointer in every commit reachable from any ref and in the index
            (well formed, object present, exact size, sha256), and every object in the store.
            Exit status 1 when a problem is found, naming the object, the file and the commit.

            Examples:
              aida fsck
              aida fsck --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let dataset = try global.openDataset()
        let report = try dataset.fsck()
        if output.json {
            try Output.json(report)
        } else {
            for problem in report.problems {
                Output.line(Output.color("error", "31") + " [\(problem.kind)] \(problem.message)")
            }
            let gigabytes = String(format: "%.2f", Double(report.bytesVerified) / 1e9)
            Output.line(
                "checked \(report.commits) commit(s), \(report.pointers) pointer(s), \(report.objectsVerified) object(s) "
                    + "(\(gigabytes) GB): \(report.problems.isEmpty ? "no problems" : "\(report.problems.count) problem(s)")"
            )
        }
        if !report.isClean { throw ExitCode(1) }
    }
}
