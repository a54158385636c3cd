import Foundation
import Store

/// One aida command at a time changes a repository: `.git/aida/lock`, held with `flock`.
///
/// The kernel drops a `flock` when its holder dies, and the file keeps the holder's pid, start
/// time and command until it releases the lock. So a lock taken over a non-empty file means the
/// last holder died mid-command: its lock files (`index.lock`, ref locks) and temp files are
/// its leftovers, and are removed before this command starts. `recovered` says what was done.
final class RepositoryLock {
    private let fd: Int32
    private(set) var recovered: [String] = []

    init(gitdir: String, command: String, store: ObjectStore) throws {
        try FileSystem.createDirectory(gitdir + "aida")
        let path = gitdir + "aida/lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DatasetError.unreadable(path, FileSystem.errorText()) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let holder = Self.readRecord(fd)
            close(fd)
            throw DatasetError.locked(pid: holder?.pid ?? 0, command: holder?.command ?? "?")
        }
        if let dead = Self.readRecord(fd) {
            recovered = Self.recover(gitdir: gitdir, since: dead.start - 2)
            recovered = recovered.map {
                "removed \($0), left by an interrupted `aida \(dead.command)` (pid \(dead.pid))"
            }
        }
        recovered += store.removeStaleTemporaryFiles().map { "removed stale temp file \($0)" }
        let record = "\(getpid()) \(Int(Date().timeIntervalSince1970)) \(command)\n"
        _ = ftruncate(fd, 0)
        _ = record.withCString { pwrite(fd, $0, strlen($0), 0) }
        fsync(fd)
    }

    /// Releases the lock; the emptied file tells the next command that this one finished.
    func release() {
        _ = ftruncate(fd, 0)
        fsync(fd)
        flock(fd, LOCK_UN)
        close(fd)
    }

    private static func readRecord(_ fd: Int32) -> (pid: Int32, start: Int, command: String)? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0, let text = String(bytes: buffer[0..<n], encoding: .utf8) else { return nil }
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let pid = Int32(parts[0]), let start = Int(parts[1]) else { return nil }
        return (pid, start, parts.count > 2 ? String(parts[2]) : "?")
    }

    /// Removes git lock files and pack temp files made since `since` (seconds since 1970).
    private static func recover(gitdir: String, since: Int) -> [String] {
        var candidates = [
            gitdir + "index.lock", gitdir + "HEAD.lock", gitdir + "packed-refs.lock", gitdir + "config.lock",
        ]
        if let refs = FileManager.default.enumerator(atPath: gitdir + "refs") {
            for case let name as String in refs where name.hasSuffix(".lock") {
                candidates.append(gitdir + "refs/" + name)
            }
        }
        let packs = (try? FileSystem.listDirectory(gitdir + "objects/pack")) ?? []
        for (name, _) in packs where name.hasPrefix("pack_git2_") || name.hasPrefix("tmp_") {
            candidates.append(gitdir + "objects/pack/" + name)
        }
        var removed: [String] = []
        for path in candidates {
            guard let s = try? FileSystem.lstatIfPresent(path), Int(s.st_mtim.tv_sec) >= since else { continue }
            if unlink(path) == 0 { removed.append(String(path.dropFirst(gitdir.count - 5))) }
        }
        return removed
    }
}
