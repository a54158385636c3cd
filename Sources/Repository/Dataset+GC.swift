import Foundation
import Store

/// What `aida gc` removed (or would remove, with `dryRun`).
public struct GCReport: Sendable, Codable {
    public var removed: [String] = []
    public var bytesFreed: Int64 = 0
    /// Unreferenced objects kept because they are younger than the grace period.
    public var keptYoung = 0
    public var kept = 0
    public var recovered: [String] = []
}

extension Dataset {
    /// Removes store objects that no commit reachable from a ref, and no index entry, points
    /// to, once they are older than `grace` (so an object added moments ago by a command that
    /// has not committed yet survives).
    public func gc(grace: TimeInterval, dryRun: Bool) throws -> GCReport {
        let lock = try self.lock("gc")
        defer { lock.release() }
        var report = GCReport()
        report.recovered = lock.recovered
        var live = Set<ObjectID>()
        try forEachReachableBlob { entry, _ in
            if case .valid(let pointer) = try pointer(in: entry) { live.insert(pointer.oid) }
        }
        let cutoff = Date().addingTimeInterval(-grace)
        for oid in try store.objects().objects {
            if live.contains(oid) {
                report.kept += 1
                continue
            }
            guard try store.modificationDate(of: oid) <= cutoff else {
                report.keptYoung += 1
                continue
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: store.path(for: oid))[.size] as? Int64) ?? 0
            if !dryRun { try store.remove(oid) }
            report.removed.append("sha256:" + oid.hex)
            report.bytesFreed += size
        }
        return report
    }
}
