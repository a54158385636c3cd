import ArgumentParser
import Foundation
import Repository

struct GC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove store objects that nothing references.",
        discussion: """
            An object is kept while any commit reachable from a ref, or the index, points to
            it, and while it is younger than the grace period (default 14 days), so objects
            of an add that has not been committed yet survive.

            Examples:
              aida gc --dry-run
              aida gc --grace now
              aida gc --grace 2d --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Option(help: "Keep unreferenced objects younger than this: now, or a number with s, m, h or d.")
    var grace = "14d"
    @Flag(help: "Only say what would be removed.") var dryRun = false

    func validate() throws {
        if Self.seconds(grace) == nil {
            throw ValidationError("--grace '\(grace)' is not `now` or a number with s, m, h or d")
        }
    }

    func run() throws {
        let dataset = try global.openDataset()
        let report = try dataset.gc(grace: Self.seconds(grace)!, dryRun: dryRun)
        Output.recovered(report.recovered)
        if output.json { return try Output.json(report) }
        for oid in report.removed { Output.line((dryRun ? "would remove " : "removed ") + oid) }
        let megabytes = String(format: "%.1f", Double(report.bytesFreed) / 1_048_576)
        Output.line(
            "\(report.removed.count) object(s), \(megabytes) MiB \(dryRun ? "would be " : "")freed; "
                + "\(report.kept) referenced, \(report.keptYoung) unreferenced but younger than \(grace)")
    }

    static func seconds(_ text: String) -> TimeInterval? {
        if text == "now" { return 0 }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last.flatMap({ units[$0] }), let value = Double(text.dropLast()), value >= 0 else {
            return Double(text)
        }
        return value * unit
    }
}
