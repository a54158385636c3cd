#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// System calls on paths (as opposed to open files): folders, renames, removals,
/// listings. Each retries on `EINTR` and throws a ``StoreError`` naming the path.
enum FileSystem {
    /// What a folder entry is, from `d_type` or, when the file system does not say, `lstat`.
    enum EntryKind { case file, directory, other }

    /// `lstat` of `path`: nil when nothing is there; symlinks are not followed.
    static func status(of path: String) throws -> FileStat? {
        var s = CStat()
        while lstat(path, &s) != 0 {
            if errno == EINTR { continue }
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw StoreError(.io(operation: "lstat", errno: errno), path: path)
        }
        return FileStat(s)
    }

    /// True when a regular file (not a symlink to one) is at `path`.
    static func isRegularFile(at path: String) -> Bool {
        (try? status(of: path))??.isRegularFile ?? false
    }

    /// Creates `path` and any missing parents. Each folder created is made durable by
    /// syncing its parent; folders that already exist are left alone.
    /// With `durable` false the new folders are not synced: a batch syncs the whole
    /// filesystem once instead (see ``StoreBatch``).
    static func createDirectories(_ path: String, oid: ObjectID? = nil, durable: Bool = true) throws {
        while true {
            if mkdir(path, 0o777) == 0 {
                if durable { try syncDirectory(parent(of: path), oid: oid) }
                return
            }
            switch errno {
            case EINTR: continue
            case EEXIST: return  // made by us earlier, or by a concurrent writer
            case ENOENT where parent(of: path) != path:
                try createDirectories(parent(of: path), oid: oid, durable: durable)
            default:
                throw StoreError(.io(operation: "mkdir", errno: errno), oid: oid, path: path)
            }
        }
    }

    /// fsync on a folder: makes the entries added, renamed or removed in it durable.
    static func syncDirectory(_ path: String, oid: ObjectID? = nil) throws {
        let folder = try FileDescriptor.open(path, flags: O_RDONLY | O_DIRECTORY, oid: oid)
        try folder.sync()
        try folder.close()
    }

    /// Atomically replaces whatever is at `destination` with `source`.
    static func move(_ source: String, to destination: String, oid: ObjectID? = nil) throws {
        while rename(source, destination) != 0 {
            if errno == EINTR { continue }
            throw StoreError(.io(operation: "rename", errno: errno), oid: oid, path: destination)
        }
    }

    /// Removes a file; returns false when there was none.
    @discardableResult
    static func removeFile(_ path: String, oid: ObjectID? = nil) throws -> Bool {
        while unlink(path) != 0 {
            if errno == EINTR { continue }
            if errno == ENOENT { return false }
            throw StoreError(.io(operation: "unlink", errno: errno), oid: oid, path: path)
        }
        return true
    }

    /// The names in a folder, without `.` and `..`; nil when the folder does not exist.
    static func contentsOfDirectory(_ path: String) throws -> [(name: String, kind: EntryKind)]? {
        guard let dir = opendir(path) else {
            if errno == ENOENT { return nil }
            throw StoreError(.io(operation: "opendir", errno: errno), path: path)
        }
        defer { closedir(dir) }
        var entries: [(name: String, kind: EntryKind)] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw StoreError(.io(operation: "readdir", errno: errno), path: path) }
                return entries
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            entries.append((name, kind(of: Int(entry.pointee.d_type), at: path + "/" + name)))
        }
    }

    /// The folder holding `path`, by text alone: `a/b/c` -> `a/b`, `c` -> `.`, `/c` -> `/`.
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    private static func kind(of type: Int, at path: String) -> EntryKind {
        switch type {
        case Int(DT_REG): return .file
        case Int(DT_DIR): return .directory
        case Int(DT_UNKNOWN):
            guard let s = try? status(of: path) else { return .other }
            if s.isRegularFile { return .file }
            return s.mode & UInt32(S_IFMT) == UInt32(S_IFDIR) ? .directory : .other
        default: return .other
        }
    }
}

private typealias CStat = stat
