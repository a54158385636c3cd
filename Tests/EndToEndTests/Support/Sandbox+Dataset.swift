import Foundation
import Testing

/// Shortcuts for what many tests check in a dataset.
extension Sandbox {
    /// Paths of every file in the repository's object store (`.git/aida/objects`).
    func storeFiles(in repo: String) -> [String] {
        let root = repo + "/.git/aida/objects"
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        for case let relative as String in walker {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                found.append(root + "/" + relative)
            }
        }
        return found.sorted()
    }

    /// Where the store keeps `oid` (64 hex digits).
    func storePath(of oid: String, in repo: String) -> String {
        let hex = oid.hasPrefix("sha256:") ? String(oid.dropFirst(7)) : oid
        return "\(repo)/.git/aida/objects/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)"
    }

    /// `aida status --json` shows nothing and `aida status` says the tree is clean.
    func expectCleanStatus(_ repo: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let entries = try aida("status", "--json", in: repo).requireSuccess(sourceLocation: sourceLocation)
            .json([AidaJSON.StatusEntry].self)
        #expect(
            entries.isEmpty, "aida status is not clean: \(entries.map(\.path).prefix(20))",
            sourceLocation: sourceLocation)
        let text = try aida("status", in: repo).requireSuccess(sourceLocation: sourceLocation)
        #expect(text.stdout.contains("nothing to commit"), "\(text)", sourceLocation: sourceLocation)
    }

    /// Runs `aida fsck --json`, expecting exit 0 and no problem.
    @discardableResult
    func expectCleanFsck(_ repo: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> AidaJSON.FsckReport
    {
        let result = try aida("fsck", "--json", in: repo)
        let report = try result.json(AidaJSON.FsckReport.self, sourceLocation: sourceLocation)
        #expect(
            result.status == 0 && report.problems.isEmpty, "fsck is not clean:\n\(result)",
            sourceLocation: sourceLocation)
        return report
    }

    /// Runs `aida fsck --json` on a damaged repository: exit 1, and the report.
    func damagedFsck(_ repo: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> AidaJSON.FsckReport {
        let result = try aida("fsck", "--json", in: repo)
        #expect(result.status == 1, "fsck should exit 1 on damage:\n\(result)", sourceLocation: sourceLocation)
        return try result.json(AidaJSON.FsckReport.self, sourceLocation: sourceLocation)
    }

    /// Commits `blob` at `path` with stock git plumbing, beside what HEAD has (no filter
    /// runs, so any bytes can be made a "pointer"); returns the new commit.
    func commitWithGit(_ blob: Data, at path: String, in repo: String) throws -> String {
        let id = try git("hash-object", "-w", "--stdin", in: repo, stdin: blob).requireSuccess()
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try git("update-index", "--add", "--cacheinfo", "100644,\(id),\(path)", in: repo).requireSuccess()
        try git("commit", "-q", "--no-verify", "-m", "crafted \(path)", in: repo).requireSuccess()
        return try gitOutput("rev-parse", "HEAD", in: repo)
    }
}
