import Foundation
import Store

extension Dataset {
    /// Checks every pointer in every commit reachable from any ref (and in the index), the
    /// object each one names (present, exact size, hash), and every object in the store.
    public func fsck() throws -> FsckReport {
        var report = FsckReport()
        var referenced: [ObjectID: (size: Int64, path: String, commit: String?)] = [:]
        var problems: [FsckReport.Problem] = []

        report.commits = try forEachReachableBlob { entry, commit in
            switch try pointer(in: entry) {
            case .notAPointer: return
            case .malformed(let why):
                let place = commit.map { " in commit \($0.short)" } ?? " in the index"
                problems.append(
                    .init(
                        kind: "malformed-pointer", oid: nil, path: entry.path, commit: commit?.hex,
                        message: "\(entry.path)\(place): malformed pointer: \(why)"))
            case .valid(let pointer):
                report.pointers += 1
                if referenced[pointer.oid] == nil { referenced[pointer.oid] = (pointer.size, entry.path, commit?.hex) }
            }
        }

        // Objects: referenced ones against their pointers, the others against their names.
        let listing = try store.objects()
        for stray in listing.strays {
            problems.append(
                .init(
                    kind: "stray-file", oid: nil, path: stray, commit: nil,
                    message: "\(stray): not an object of the store (its name is not its oid)"))
        }
        var jobs: [(oid: ObjectID, size: Int64?, path: String?, commit: String?)] = referenced.map {
            ($0.key, $0.value.size, $0.value.path, $0.value.commit)
        }
        jobs += listing.objects.filter { referenced[$0] == nil }.map { ($0, nil, nil, nil) }
        let store = self.store
        let results = ParallelWork.map(jobs.count) { position -> StoreError? in
            do {
                try store.verify(jobs[position].oid, size: jobs[position].size)
                return nil
            } catch let error as StoreError {
                return error
            } catch {
                return StoreError(.io(operation: "\(error)", errno: 0), oid: jobs[position].oid)
            }
        }
        for (job, error) in zip(jobs, results) {
            guard let error else {
                report.objectsVerified += 1
                report.bytesVerified += job.size ?? 0
                continue
            }
            let place =
                job.path.map { " (\($0)\(job.commit.map { " in commit \(String($0.prefix(12)))" } ?? ""))" } ?? ""
            problems.append(
                .init(
                    kind: error.kind.fsckName, oid: "sha256:" + job.oid.hex, path: job.path, commit: job.commit,
                    message: "sha256:\(job.oid.hex)\(place): \(error)"))
        }
        report.problems = problems
        return report
    }
}
