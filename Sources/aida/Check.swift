import Anonymity
import ArgumentParser
import DICOM
import Dispatch
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check files against the anonymization profile.",
        discussion: """
            Every DICOM element at every depth, file meta group included, is checked against
            PS3.15 Table E.1-1 under the profile's options: what must be absent, empty, a
            pseudonym or a dummy; UIDs under 2.25. or the profile's roots; private elements
            only where the profile allows them; overlays, curves, icons, original attributes
            and signatures absent; the de-identification flags cross-checked against the
            options. Values are shown masked. A file that cannot be read is a finding.

            Tables (.csv, .tsv): every cell for identifiers, k-anonymity over the quasi-identifier
            columns and l-diversity of the sensitive ones. Text files (.txt, .md): every line.
            The dataset's metadata (README, LICENSE, .yaml, .json) is listed as not checked.
            NIfTI headers and extensions and TIFF tags (whole-slide files too: label and macro
            images are refused) are checked as text; archives are refused (unpack them); the
            kind is told from the bytes, not the name. Any other file is read as DICOM, and
            refused when it is none, unless the profile's allowed-files lets it through.
            Folders are walked (but .git).

            The profile: --profile, else the dataset's anonymization-profile.yaml, else the
            default profile (`aida profile default`).

            Verdicts are cached by content (for a loose file, what git's index trusts: device,
            inode, size, mtime and ctime), profile hash and aida build, in the dataset's
            .git/aida/verdicts.sqlite or ~/.cache/aida/verdicts.sqlite; an unchanged file is not
            read again. --no-cache checks everything afresh.

            Exit status: 0 nothing found, 1 findings (unreadable files included), 2 usage error.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    @Argument(help: "Files or folders (default: the dataset).")
    var paths: [String] = []

    @Option(help: "The profile to check against.")
    var profile: String?

    @Flag(help: "Check every file again, neither reading nor writing the verdict cache.")
    var noCache = false

    struct Report: Encodable {
        let profile: String
        let files: Int
        /// Files whose verdict came from the cache.
        let cached: Int
        let findings: [Finding]
        let notChecked: [String]
    }

    func run() throws {
        let base = global.workingDirectory
        let (chosen, profileName) = try loadProfile(base: base)
        let gate = try Gate(profile: chosen)
        var roots = paths.map { $0.hasPrefix("/") ? $0 : base + "/" + $0 }
        if roots.isEmpty { roots = [try global.openDataset().root] }
        var files: [String] = []
        var notChecked: [String] = []
        for root in roots {
            guard FileManager.default.fileExists(atPath: root) else {
                throw Failure(message: "\(root): no such file or folder", code: 2)
            }
            for file in FileWalker.files(under: root) {
                // By name first: only a file named as metadata is opened to confirm it.
                let metadata = Gate.kind(named: file) == .metadata && Gate.kind(of: file) == .metadata
                if metadata { notChecked.append(file) } else { files.append(file) }
            }
        }
        let start = Date()
        let cache = noCache ? nil : GateRun.openCache(dataset: try? global.openDataset())
        // Identities (one lstat each) only for the cache, on every core.
        let identities = ResultSlots<FileIdentity>(count: cache == nil ? 0 : files.count)
        let paths = files
        DispatchQueue.concurrentPerform(iterations: cache == nil ? 0 : paths.count) { index in
            if let identity = FileIdentity(path: paths[index]) { identities.set(index, identity) }
        }
        let known = identities.values
        let items = files.enumerated().map { index, file -> GateRun.Item in
            let identity = known.isEmpty ? nil : known[index]
            return GateRun.Item(
                name: file, path: file, key: identity?.key, settled: identity?.isSettled(before: start) ?? false)
        }
        let (results, cached) = GateRun(gate: gate, cache: cache).run(items)
        let findings = results.flatMap { $0 }
        let report = Report(
            profile: profileName, files: files.count, cached: cached, findings: findings, notChecked: notChecked)
        if output.json {
            try Output.json(report)
        } else {
            for finding in findings { Output.line(GateRun.describe(finding)) }
            let flagged = Set(findings.map(\.file)).count
            Output.note(
                "\(findings.count) finding\(findings.count == 1 ? "" : "s") in \(flagged) of \(files.count) files"
                    + " (profile \(profileName))" + (cached > 0 ? "; \(cached) verdicts from the cache" : "")
                    + (notChecked.isEmpty
                        ? "" : "; \(notChecked.count) metadata files (README, LICENSE, YAML, JSON) not checked"))
        }
        if !findings.isEmpty { throw ExitCode(1) }
    }

    func loadProfile(base: String) throws -> (Profile, String) {
        try Self.loadProfile(profile, global: global, base: base)
    }

    /// `profile`, else the dataset's, else the default; a bad profile is a usage error.
    static func loadProfile(_ profile: String?, global: GlobalOptions, base: String) throws -> (Profile, String) {
        do {
            if let profile {
                let path = profile.hasPrefix("/") ? profile : base + "/" + profile
                let loaded = try Profile(contentsOf: path)
                return (loaded, "\(profile) \(loaded.hash)")
            }
            if let dataset = try? global.openDataset(),
                FileManager.default.fileExists(atPath: dataset.root + Profile.fileName)
            {
                let loaded = try Profile(contentsOf: dataset.root + Profile.fileName)
                return (loaded, "\(Profile.fileName) \(loaded.hash)")
            }
        } catch let error as ProfileError {
            throw Failure(message: error.description, code: 2)
        }
        return (Profile.default, "default \(Profile.default.hash)")
    }
}
