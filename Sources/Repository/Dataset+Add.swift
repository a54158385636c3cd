import Foundation
import Store

extension Dataset {
    /// Stages files: large ones go to the store (hashed and compressed on every core) and are
    /// staged as pointers; the dataset's text files are staged as ordinary blobs.
    ///
    /// All or nothing: if any file fails, the index is left as it was and every failure is
    /// listed. Files whose stat data match the index are not read again.
    public func add(
        _ arguments: [String], workingDirectory cwd: String, progress: ProgressHandler? = nil
    ) throws -> AddReport {
        let lock = try self.lock("add")
        defer { lock.release() }
        var report = AddReport()
        report.recovered = lock.recovered
        let index = try GitIndex(git)
        var tracked: [String: IndexEntry] = [:]
        for entry in index.entries() { tracked[entry.path] = entry }
        let scan = try PathScan(arguments, cwd: cwd, dataset: self, tracked: tracked)

        let racyLimit = indexTimestamp()
        var work: [(file: PathScan.File, lfs: Bool)] = []
        for file in scan.files {
            if let entry = tracked[file.relative], entry.statMatches(file.stat), !entry.isRacy(before: racyLimit) {
                report.unchanged += 1
                continue
            }
            work.append((file, git.attribute("filter", for: file.relative) == "lfs"))
        }
        // Git's order, so index entries are appended rather than inserted.
        work.sort { $0.file.relative.utf8.lexicographicallyPrecedes($1.file.relative.utf8) }

        let writer = try GitObjectWriter(git)
        let counter = ProgressCounter(total: work.count, handler: progress)
        var problems: [String] = []
        // In chunks, so memory does not grow with the number of files beyond the index itself.
        for start in stride(from: 0, to: work.count, by: Self.addChunk) {
            let chunk = work[start..<min(start + Self.addChunk, work.count)]
            // New objects are published together, with two filesystem syncs instead of three
            // or four fsyncs each, and before the index can point to them (see StoreBatch).
            let batch = StoreBatch(store)
            let results = ParallelWork.map(chunk.count) { position -> Result<Staged, Error> in
                let item = chunk[chunk.startIndex + position]
                defer { counter.step() }
                return Result { try Staged.make(item.file, root: root, lfs: item.lfs, batch: batch) }
            }
            for (position, result) in results.enumerated() {
                if case .failure(let error) = result {
                    problems.append("\(chunk[chunk.startIndex + position].file.relative): \(error)")
                }
            }
            // After a failure nothing more is staged or published; the rest is only checked,
            // so that every problem is listed at once.
            guard problems.isEmpty else {
                batch.discard()
                continue
            }
            try batch.commit()
            for case .success(let item) in results {
                try stage(item, writer: writer, index: index, previous: tracked[item.file.relative], report: &report)
            }
        }
        if !problems.isEmpty { throw DatasetError.addFailed(problems) }
        for path in scan.removals.sorted() {
            try index.remove(path: path)
            report.removed.append(path)
        }
        // Objects first, durable, then the index that points to them.
        try writer.flush()
        try index.write()
        return report
    }

    /// Files per chunk of `add`: enough to keep both cores busy, few enough to bound memory.
    static let addChunk = 2048

    /// Writes one staged file's blob and puts its entry in the index.
    private func stage(
        _ item: Staged, writer: GitObjectWriter, index: GitIndex, previous: IndexEntry?, report: inout AddReport
    ) throws {
        let blob = try writer.writeBlob(item.blob)
        let mode = IndexEntry.fileMode(forPermissions: UInt32(item.file.stat.st_mode))
        var entry = IndexEntry(path: item.file.relative, mode: mode, oid: blob)
        entry.setStat(item.file.stat)
        if previous == nil {
            report.added.append(item.file.relative)
        } else if previous?.oid != blob || previous?.mode != mode {
            report.modified.append(item.file.relative)
        } else {
            report.unchanged += 1
        }
        if item.written { report.objectsWritten += 1 }
        report.bytes += Int64(item.file.stat.st_size)
        try index.add(entry)
    }

    /// The index file's modification time: entries modified at or after it are "racily clean"
    /// and must be re-read, since a change within the same tick leaves the stat data equal.
    func indexTimestamp() -> timespec? {
        (try? FileSystem.lstatIfPresent(git.gitdir + "index"))?.map { $0.st_mtim } ?? nil
    }
}

/// One file read for staging: what goes into the blob, and whether the store wrote an object.
struct Staged: Sendable {
    let file: PathScan.File
    let blob: Data
    let written: Bool

    /// Largest text file kept as an ordinary git blob; bigger ones belong in the store.
    static let maximumTextSize = 256 << 20

    static func make(_ file: PathScan.File, root: String, lfs: Bool, batch: StoreBatch) throws -> Staged {
        let absolute = root + file.relative
        if lfs, file.stat.st_size == 0 {
            // git-lfs spec v1: the pointer of an empty file is the empty file itself.
            return Staged(file: file, blob: Data(), written: false)
        }
        if lfs {
            let stored = try batch.insert(fileAt: absolute)
            guard stored.size == Int64(file.stat.st_size), stored.stat.map({ $0.matches(file.stat) }) ?? true else {
                throw DatasetError.changedWhileAdding(file.relative)
            }
            return Staged(file: file, blob: Pointer(oid: stored.oid, size: stored.size).data, written: stored.written)
        }
        guard file.stat.st_size <= maximumTextSize else {
            throw DatasetError.unreadable(
                file.relative, "a text file over 256 MiB; remove its rule from .gitattributes so it goes to the store")
        }
        guard let handle = FileHandle(forReadingAtPath: absolute) else {
            throw DatasetError.unreadable(file.relative, FileSystem.errorText())
        }
        defer { try? handle.close() }
        let data = try handle.readToEnd() ?? Data()
        guard let after = try FileSystem.lstatIfPresent(absolute), data.count == Int(file.stat.st_size),
            after.st_mtim.tv_sec == file.stat.st_mtim.tv_sec, after.st_mtim.tv_nsec == file.stat.st_mtim.tv_nsec
        else { throw DatasetError.changedWhileAdding(file.relative) }
        return Staged(file: file, blob: data, written: false)
    }
}

extension PathScan.File: @unchecked Sendable {}

extension IndexEntry {
    func isRacy(before limit: timespec?) -> Bool {
        guard let limit else { return false }
        let seconds = Int(mtimeSeconds)
        return seconds > limit.tv_sec || (seconds == limit.tv_sec && Int(mtimeNanoseconds) >= limit.tv_nsec)
    }
}
