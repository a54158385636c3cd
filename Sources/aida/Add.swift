import ArgumentParser
import Foundation
import Repository

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stage files: large ones into the object store, text files into git.",
        discussion: """
            Folders are walked; .gitignore'd files are skipped; tracked files that are gone
            are staged as removed. Symbolic links and special files are refused. Nothing is
            staged unless every file could be.

            Examples:
              aida add .
              aida add scans/patient-01 labels.csv
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Flag(name: [.short, .long], help: "List every file staged (by default only when there are few).")
    var verbose = false
    @Argument(help: "Files or folders to stage.") var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name the files or folders to add, e.g. `aida add .`") }
    }

    func run() throws {
        let dataset = try global.openDataset()
        let progress = TerminalProgress("aida: adding")
        let report: AddReport
        do {
            defer { progress.finish() }
            report = try dataset.add(paths, workingDirectory: global.workingDirectory, progress: progress.handler)
        }
        Output.recovered(report.recovered)
        if output.json { return try Output.json(report) }
        if verbose || report.added.count + report.modified.count + report.removed.count <= 20 {
            for path in report.added { Output.line(Output.color("added", "32") + "     \(path)") }
            for path in report.modified { Output.line(Output.color("modified", "33") + "  \(path)") }
            for path in report.removed { Output.line(Output.color("removed", "31") + "   \(path)") }
        }
        let megabytes = String(format: "%.1f", Double(report.bytes) / 1_048_576)
        Output.line(
            "\(report.added.count) added, \(report.modified.count) modified, \(report.removed.count) removed, "
                + "\(report.unchanged) unchanged; \(report.objectsWritten) new object(s), \(megabytes) MiB read")
    }
}
