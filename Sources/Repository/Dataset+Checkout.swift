import Foundation
import Store

/// What `aida checkout` did.
public struct CheckoutReport: Sendable, Codable {
    public let commit: GitOID
    /// The branch HEAD now points to, nil when detached or when only paths were checked out.
    public let branch: String?
    public let detached: Bool
    public var recovered: [String]
}

extension Dataset {
    /// Makes the work tree and index match `revision` (only `paths` when given; HEAD then stays).
    ///
    /// Every object the target needs is looked up first: if one is missing, nothing changes.
    /// Local changes that would be lost stop the checkout unless `force`.
    public func checkout(_ revision: String, paths: [String] = [], force: Bool = false) throws -> CheckoutReport {
        let lock = try self.lock("checkout")
        defer { lock.release() }
        let target = try git.resolveCommit(revision)
        let files = try git.files(ofCommit: target)
        let wanted = paths.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        func isWanted(_ path: String, by spec: String) -> Bool {
            spec == "." || path == spec || path.hasPrefix(spec + "/")
        }
        if let unmatched = wanted.first(where: { spec in !files.keys.contains { isWanted($0, by: spec) } }) {
            throw DatasetError.noMatch(unmatched)
        }
        var missing: [String] = []
        for entry in files.values {
            if !wanted.isEmpty, !wanted.contains(where: { isWanted(entry.path, by: $0) }) { continue }
            guard case .valid(let pointer) = try pointer(in: entry), git.attribute("filter", for: entry.path) == "lfs"
            else { continue }
            if store.locate(pointer.oid) == nil { missing.append("sha256:\(pointer.oid.hex)  \(entry.path)") }
        }
        if !missing.isEmpty { throw DatasetError.missingObjects(missing.sorted()) }

        try git.checkout(commit: target, paths: wanted.contains(".") ? [] : wanted, force: force)
        guard paths.isEmpty else {
            return CheckoutReport(commit: target, branch: nil, detached: false, recovered: lock.recovered)
        }
        if let branch = git.branchReference(named: revision), try git.resolveCommit(branch) == target {
            try git.setHead(branch: branch)
            return CheckoutReport(commit: target, branch: branch, detached: false, recovered: lock.recovered)
        }
        try git.setHeadDetached(target)
        return CheckoutReport(commit: target, branch: nil, detached: true, recovered: lock.recovered)
    }
}
