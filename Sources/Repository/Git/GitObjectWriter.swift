internal import CGit2
import Foundation

/// Buffers new git objects in memory and writes them as one pack.
///
/// With fsync on, every loose object costs two fsyncs; a commit of 100,000 files would pay
/// 200,000 of them. Objects go to an in-memory backend instead and `flush()` writes the new
/// ones as a single fsynced pack, before anything (index, ref) points to them. A killed
/// process leaves nothing half-written: unflushed objects were only in memory.
public final class GitObjectWriter {
    private let repository: GitRepository
    private let backend: UnsafeMutablePointer<git_odb_backend>
    /// The object database as it is on disk, without the in-memory backend.
    private let persisted: OpaquePointer
    private var pending: [GitOID] = []

    /// Attaches an in-memory backend to `repository`'s object database; from then on every object
    /// written through that handle (blobs, trees, commits) is buffered until `flush()`.
    public init(_ repository: GitRepository) throws {
        var disk: OpaquePointer?
        try check(git_odb_open(&disk, repository.gitdir + "objects"), "open the object database")
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try check(git_mempack_new(&backend), "create the in-memory object buffer")
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repository.handle), "open the object database")
        defer { git_odb_free(odb) }
        // The odb owns the backend from here on.
        try check(git_odb_add_backend(odb, backend, 1000), "attach the in-memory object buffer")
        self.repository = repository
        self.backend = backend!
        self.persisted = disk!
    }

    deinit { git_odb_free(persisted) }

    /// Writes a blob (buffered) and returns its id.
    public func writeBlob(_ bytes: UnsafeRawBufferPointer) throws -> GitOID {
        var out = git_oid()
        try check(git_blob_create_from_buffer(&out, repository.handle, bytes.baseAddress, bytes.count), "write a blob")
        let oid = GitOID(out)
        if !isPersisted(oid) { pending.append(oid) }
        return oid
    }

    public func writeBlob(_ data: Data) throws -> GitOID {
        try data.withUnsafeBytes { try writeBlob($0) }
    }

    /// Marks a commit written through the repository, and the trees new with it, for the next flush.
    public func include(commit: GitOID) throws {
        pending.append(commit)
        try includeNewTrees(from: repository.tree(ofCommit: commit))
    }

    /// Marks a tree and its subtrees that are not on disk yet (a tree on disk has all its children there).
    public func includeNewTrees(from tree: GitOID) throws {
        var stack = [tree]
        while let next = stack.popLast() {
            guard !isPersisted(next) else { continue }
            pending.append(next)
            guard let object = try repository.lookupTree(next) else { continue }
            defer { git_tree_free(object) }
            for index in 0..<git_tree_entrycount(object) {
                guard let entry = git_tree_entry_byindex(object, index), git_tree_entry_type(entry) == GIT_OBJECT_TREE
                else { continue }
                stack.append(GitOID(git_tree_entry_id(entry)))
            }
        }
    }

    private func isPersisted(_ oid: GitOID) -> Bool {
        var id = oid.raw
        return git_odb_exists(persisted, &id) == 1
    }

    /// Writes every object marked since the last flush into one pack under `.git/objects/pack`
    /// (fsynced) and empties the buffer. Does nothing when nothing is new.
    public func flush() throws {
        defer { _ = git_mempack_reset(backend) }
        guard !pending.isEmpty else { return }
        var builder: OpaquePointer?
        try check(git_packbuilder_new(&builder, repository.handle), "start a pack")
        defer { git_packbuilder_free(builder) }
        for oid in Set(pending) {
            var id = oid.raw
            try check(git_packbuilder_insert(builder, &id, nil), "pack object \(oid.short)")
        }
        var pack = git_buf()
        defer { git_buf_dispose(&pack) }
        try check(git_packbuilder_write_buf(&pack, builder), "pack the new objects")
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repository.handle), "open the object database")
        defer { git_odb_free(odb) }
        var writer: UnsafeMutablePointer<git_odb_writepack>?
        try check(git_odb_write_pack(&writer, odb, nil, nil), "start writing a pack")
        guard let writer else { throw GitError(message: "no pack writer", operation: "write a pack") }
        defer { writer.pointee.free(writer) }
        var stats = git_indexer_progress()
        try check(writer.pointee.append(writer, pack.ptr, pack.size, &stats), "write the pack")
        try check(writer.pointee.commit(writer, &stats), "index the pack")
        pending = []
    }
}
