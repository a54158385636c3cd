import Anonymity
import Foundation
import Repository

/// The anonymity gate at `aida commit`: every staged new or changed file, as staged,
/// against the profile as staged (the one the commit will carry; the hub judges by the
/// same), with the verdict cache keyed by content oid.
struct CommitGate {
    struct Report: Encodable {
        let refused: Bool
        let profile: String
        let files: Int
        let cached: Int
        let findings: [Finding]
    }

    let dataset: Dataset

    func run() throws -> Report {
        let profile = try stagedProfile()
        let gate = try Gate(profile: profile)
        // Every staged file: the gate itself lets metadata through, after making sure by its
        // bytes that a file named README is not an archive or an image.
        let staged = try dataset.stagedFiles()
        let (results, cached) = try dataset.withStagedContents(of: staged) { paths in
            let items = zip(staged, paths).map { file, path in
                GateRun.Item(name: file.path, path: path, key: file.oid)
            }
            return GateRun(gate: gate, cache: GateRun.openCache(dataset: dataset)).run(items)
        }
        let findings = results.flatMap { $0 }
        return Report(
            refused: !findings.isEmpty, profile: profile.hash, files: staged.count, cached: cached,
            findings: findings)
    }

    /// The staged anonymization-profile.yaml, else the default profile.
    func stagedProfile() throws -> Profile {
        guard let data = try dataset.stagedData(path: Profile.fileName) else { return Profile.default }
        do {
            return try Profile(yaml: String(decoding: data, as: UTF8.self), file: Profile.fileName)
        } catch let error as ProfileError {
            throw Failure(message: "the staged \(error.description)", code: 1)
        }
    }

    static let shownLimit = 200

    /// The refusal for people, on stderr: each finding, then what to do.
    static func explain(_ report: Report) {
        // Enough to act on; `aida check` lists them all.
        for finding in report.findings.prefix(shownLimit) {
            Output.note("  " + GateRun.describe(finding))
        }
        if report.findings.count > shownLimit {
            Output.note("  … and \(report.findings.count - shownLimit) more")
        }
        let flagged = Set(report.findings.map(\.file)).count
        Output.error(
            "commit refused: \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") in "
                + "\(flagged) of \(report.files) staged files (profile \(report.profile)); nothing was committed.\n"
                + "Anonymize those files, or unstage them (aida rm --cached PATH); "
                + "`aida check` lists every finding.")
    }
}
