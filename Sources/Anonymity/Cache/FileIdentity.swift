import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What identifies a loose file's content without reading it, as git's index does:
/// device, inode, size, and mtime and ctime to the nanosecond. Any write changes the
/// ctime, which no user can set, so equal identities mean equal content, except for a
/// write within the same clock tick as the look, which ``isSettled(before:)`` rules out.
public struct FileIdentity: Sendable, Hashable {
    public let device: UInt64
    public let inode: UInt64
    public let size: Int64
    public let mtime: timespec
    public let ctime: timespec

    /// The identity of a regular file at `path` (symlinks not followed), or nil.
    public init?(path: String) {
        var s = stat()
        guard lstat(path, &s) == 0, s.st_mode & S_IFMT == S_IFREG else { return nil }
        device = UInt64(s.st_dev)
        inode = UInt64(s.st_ino)
        size = Int64(s.st_size)
        mtime = s.st_mtim
        ctime = s.st_ctim
    }

    /// The cache key.
    public var key: String {
        "stat:\(device):\(inode):\(size):\(mtime.tv_sec).\(mtime.tv_nsec):\(ctime.tv_sec).\(ctime.tv_nsec)"
    }

    /// True when the file last changed well before `start` (a second, wider than any file
    /// system's timestamp tick): a change during the check would otherwise be able to
    /// leave the same identity behind, the "racily clean" case of git's index.
    public func isSettled(before start: Date) -> Bool {
        let limit = start.timeIntervalSince1970 - 1
        func seconds(_ t: timespec) -> Double { Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
        return seconds(mtime) < limit && seconds(ctime) < limit
    }

    public static func == (a: FileIdentity, b: FileIdentity) -> Bool { a.key == b.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}
