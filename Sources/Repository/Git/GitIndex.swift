internal import CGit2
import Foundation

/// Owns the repository's index (the staging area).
public final class GitIndex {
    let handle: OpaquePointer
    private let repository: GitRepository

    public init(_ repository: GitRepository) throws {
        var out: OpaquePointer?
        try check(git_repository_index(&out, repository.handle), "read the index")
        self.handle = out!
        self.repository = repository
    }
    deinit { git_index_free(handle) }

    public var count: Int { git_index_entrycount(handle) }

    public func entry(at position: Int) -> IndexEntry? {
        git_index_get_byindex(handle, position).map(Self.convert)
    }

    public func entry(path: String) -> IndexEntry? {
        git_index_get_bypath(handle, path, 0).map(Self.convert)
    }

    public func entries() -> [IndexEntry] {
        (0..<count).compactMap { entry(at: $0) }
    }

    /// Adds or replaces an entry. The blob it names must already be in the object database.
    public func add(_ entry: IndexEntry) throws {
        var raw = git_index_entry()
        raw.ctime = git_index_time(seconds: entry.ctimeSeconds, nanoseconds: entry.ctimeNanoseconds)
        raw.mtime = git_index_time(seconds: entry.mtimeSeconds, nanoseconds: entry.mtimeNanoseconds)
        raw.dev = entry.dev
        raw.ino = entry.ino
        raw.mode = entry.mode
        raw.uid = entry.uid
        raw.gid = entry.gid
        raw.file_size = entry.fileSize
        raw.id = entry.oid.raw
        try entry.path.withCString { path in
            raw.path = path
            try check(git_index_add(handle, &raw), "stage \(entry.path)")
        }
    }

    public func remove(path: String) throws {
        try check(git_index_remove(handle, path, 0), "unstage \(path)")
    }

    /// Writes the index to disk (under `index.lock`, fsynced), only if it changed in memory.
    public func write() throws {
        try check(git_index_write(handle), "write the index")
    }

    /// Writes the trees the index describes into the object database.
    public func writeTree() throws -> GitOID {
        var out = git_oid()
        try check(git_index_write_tree(&out, handle), "write the tree")
        return GitOID(out)
    }

    /// Replaces the index's content by `tree`'s (stat data is cleared).
    public func readTree(_ tree: GitOID) throws {
        var id = tree.raw
        var object: OpaquePointer?
        try check(git_tree_lookup(&object, repository.handle, &id), "read tree \(tree.short)")
        defer { git_tree_free(object) }
        try check(git_index_read_tree(handle, object), "load tree \(tree.short) into the index")
    }

    /// Re-reads the index file if it changed on disk.
    public func reload() throws {
        try check(git_index_read(handle, 1), "re-read the index")
    }

    private static func convert(_ pointer: UnsafePointer<git_index_entry>) -> IndexEntry {
        let raw = pointer.pointee
        var entry = IndexEntry(path: String(cString: raw.path), mode: raw.mode, oid: GitOID(raw.id))
        entry.ctimeSeconds = raw.ctime.seconds
        entry.ctimeNanoseconds = raw.ctime.nanoseconds
        entry.mtimeSeconds = raw.mtime.seconds
        entry.mtimeNanoseconds = raw.mtime.nanoseconds
        entry.dev = raw.dev
        entry.ino = raw.ino
        entry.uid = raw.uid
        entry.gid = raw.gid
        entry.fileSize = raw.file_size
        return entry
    }
}
