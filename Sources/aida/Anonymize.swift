import Anonymity
import ArgumentParser
import DICOM
import Dispatch
import Foundation
import Store

struct Anonymize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write anonymized copies of DICOM files that the gate accepts.",
        discussion: """
            Applies the profile's Table E.1-1 rules (the gate's own) at every depth, file meta
            group included: removes, empties or replaces what the table says, the choice among
            X, Z and D by the attribute's type in the IOD; remaps UIDs and writes the patient's
            pseudonym from a secret key; shifts dates by a per-patient number of days under the
            modified-dates option (with --scale-intervals, the intervals between a patient's
            examinations also scaled by the patient's factor, order kept; a first pass over the
            headers finds each patient's earliest examination); removes private elements the profile does not allow, and
            free text that holds an identifier or a name. Pixel data is copied byte for byte.
            Images the gate refuses (denied SOP classes, burned-in annotation, ...) are left
            out with the reason. The input is never modified.

            Output: DIR/<pseudonym>/<study UID>/<series UID>/<SOP instance UID>.dcm.
            The key: --key-file, else $XDG_CONFIG_HOME/aida/anonymization.key (created on first
            use, mode 0600); never inside the output.

            Exit status: 0 every file written or deliberately left out, 1 some input could not
            be read or written, 2 usage error.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    @Argument(help: "Files or folders to anonymize.")
    var paths: [String] = []

    @Option(help: ArgumentHelp("The folder to write to.", valueName: "dir"))
    var out: String

    @Option(help: "The profile (default: the default profile).")
    var profile: String?

    @Option(help: ArgumentHelp("The secret key file.", valueName: "path"))
    var keyFile: String?

    @Flag(
        help: """
            Also scale the intervals between each patient's examinations by a factor of the \
            patient's (from the key), keeping their order.
            """)
    var scaleIntervals = false

    struct Written: Encodable {
        let input: String
        let output: String
    }

    struct Problem: Encodable {
        let file: String
        let reasons: [String]
    }

    struct Change: Encodable {
        let tag: String
        let name: String?
        let action: String
        let count: Int
    }

    struct Report: Encodable {
        let profile: String
        let written: [Written]
        let leftOut: [Problem]
        let failed: [Problem]
        let changes: [Change]
    }

    enum Outcome {
        case written(String, [AnonymizationChange: Int])
        case leftOut([String])
        case failed(String)
        /// Its output path belongs to an earlier input.
        case duplicate(String)
    }

    func run() throws {
        let base = global.workingDirectory
        guard !paths.isEmpty else { throw Failure(message: "anonymize: no input given", code: 2) }
        let inputs = paths.map { Self.absolute($0, base: base) }
        let outDir = Self.absolute(out, base: base)
        for input in inputs {
            guard FileManager.default.fileExists(atPath: input) else {
                throw Failure(message: "\(input): no such file or folder", code: 2)
            }
            if AnonymizationKey.isInside(outDir, root: input) {
                throw Failure(message: "the output folder \(outDir) is inside the input \(input)", code: 2)
            }
        }
        let (chosen, profileName) = try Check.loadProfile(profile, global: global, base: base)
        let key: AnonymizationKey
        do {
            let keyPath = try keyFile.map { Self.absolute($0, base: base) } ?? AnonymizationKey.defaultPath()
            key = try AnonymizationKey.loadOrCreate(at: keyPath, datasetRoot: outDir, inputs: inputs)
        } catch {
            throw Failure(message: "\(error)", code: 2)
        }
        let files = inputs.flatMap { FileWalker.files(under: $0) }
        let anonymizer: Anonymizer
        do {
            anonymizer = try Anonymizer(
                profile: chosen, derivations: KeyedDerivations(key: key),
                intervalAnchors: scaleIntervals ? Self.intervalAnchors(of: files) : nil)
        } catch {
            throw Failure(message: "\(error)", code: 2)
        }
        let results = ResultSlots<Outcome>(count: files.count)
        let claims = OutputClaims()
        // Written unsynced, then made durable together: two file-system flushes in all
        // instead of one or two per file (the disk, not the CPU, was the run's time).
        let batch = DurableBatch()
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            results.set(
                index,
                Self.anonymize(files[index], index: index, with: anonymizer, into: outDir, claims: claims, batch: batch))
        }
        do { try batch.commit() } catch {
            throw Failure(message: "cannot make the output durable in \(outDir): \(error); nothing was published", code: 1)
        }
        // An input whose output a later-finishing earlier input replaced is a duplicate too.
        let outcomes = results.values.enumerated().map { index, outcome -> Outcome? in
            let target: String
            switch outcome {
            case .written(let path, _)?, .duplicate(let path)?: target = path
            default: return outcome
            }
            guard let owner = claims.owner(of: target), owner != index else { return outcome }
            return .leftOut(["same output path as \(files[owner]) (the same SOP Instance UID): written once"])
        }
        let report = Self.report(files: files, outcomes: outcomes, profile: profileName)
        if output.json {
            try Output.json(report)
        } else {
            Self.print(report)
        }
        if !report.failed.isEmpty { throw ExitCode(1) }
    }

    /// The first pass of `--scale-intervals`: every input's headers (pixel data not read),
    /// in parallel, for each patient's earliest examination date. A file that cannot be
    /// read here is judged by the main pass.
    static func intervalAnchors(of files: [String]) -> IntervalAnchors {
        let found = ResultSlots<(PatientKey, String)>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            guard let file = try? DICOMFile(path: files[index], options: .headersOnly),
                let date = IntervalAnchors.examinationDate(of: file.dataSet)
            else { return }
            found.set(index, (PatientKey(of: file.dataSet), date))
        }
        var anchors = IntervalAnchors()
        for case let (patient, date)? in found.values { anchors.add(date, for: patient) }
        return anchors
    }

    static func anonymize(
        _ path: String, index: Int, with anonymizer: Anonymizer, into outDir: String, claims: OutputClaims,
        batch: DurableBatch
    ) -> Outcome {
        let file: DICOMFile
        do {
            file = try DICOMFile(path: path)
        } catch {
            // Not DICOM by its bytes (a README, a table, an archive): deliberately not copied.
            // A file that claims DICOM or could be a bare data set and breaks is a failure.
            switch Gate.kind(of: path) {
            case .dicom, .other(nil): return .failed("unreadable: \(error)")
            case let kind: return .leftOut(["not DICOM (\(kind)): only DICOM files are anonymized"])
            }
        }
        switch anonymizer.anonymize(file, name: path) {
        case .leftOut(let reasons):
            return .leftOut(reasons)
        case .anonymized(let result):
            let target = outDir + "/" + result.relativePath
            do {
                let folder = (target as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let wrote = try claims.write(target, index: index) {
                    try batch.stage(DICOMWriter().write(result.file), to: target)
                }
                if !wrote { return .duplicate(target) }
            } catch {
                return .failed("cannot write \(target): \(error)")
            }
            return .written(target, result.changes)
        }
    }

    static func report(files: [String], outcomes: [Outcome?], profile: String) -> Report {
        var written: [Written] = []
        var leftOut: [Problem] = []
        var failed: [Problem] = []
        var changes: [AnonymizationChange: Int] = [:]
        for (file, outcome) in zip(files, outcomes) {
            switch outcome {
            case .written(let target, let counts)?:
                written.append(Written(input: file, output: target))
                changes.merge(counts, uniquingKeysWith: +)
            case .leftOut(let reasons)?: leftOut.append(Problem(file: file, reasons: reasons))
            case .failed(let reason)?: failed.append(Problem(file: file, reasons: [reason]))
            case .duplicate(let target)?: failed.append(Problem(file: file, reasons: ["no owner for \(target)"]))
            case nil: failed.append(Problem(file: file, reasons: ["not processed"]))
            }
        }
        let list = changes.keys.sorted().map { change in
            Change(
                tag: change.tag.description, name: ConfidentialityTable.rule(for: change.tag)?.name,
                action: change.kind.rawValue, count: changes[change]!)
        }
        return Report(profile: profile, written: written, leftOut: leftOut, failed: failed, changes: list)
    }

    static func print(_ report: Report) {
        for problem in report.leftOut {
            Output.line("left out: \(problem.file): \(problem.reasons.joined(separator: "; "))")
        }
        for problem in report.failed {
            Output.line("failed: \(problem.file): \(problem.reasons.joined(separator: "; "))")
        }
        for change in report.changes {
            Output.line(
                "\(change.tag) \(change.name ?? "")".padding(toLength: 52, withPad: " ", startingAt: 0)
                    + " \(change.action) \(change.count)")
        }
        Output.note(
            "\(report.written.count) files written, \(report.leftOut.count) left out, \(report.failed.count) failed"
                + " (profile \(report.profile))")
    }

    static func absolute(_ path: String, base: String) -> String {
        URL(fileURLWithPath: path.hasPrefix("/") ? path : base + "/" + path).standardizedFileURL.path
    }
}
