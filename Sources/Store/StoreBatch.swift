internal import CSystem
import Foundation

/// Many new objects made durable together: one command's worth of inserts.
///
/// Syncing each object (file, then folder, then any new fan-out folder) costs three or four
/// device flushes per object, which dominates adding many small files. A batch writes every
/// new object to its temp file unsynced; ``commit()`` then syncs the filesystem once (every
/// temp file's content is durable), renames each onto its final path, and syncs once more
/// (the renames are durable). The guarantee is the per-object protocol's: an object appears
/// at its path only with all its bytes on disk, and ``commit()`` returns only once every
/// object is durable, so a caller that records references afterwards never points at a
/// missing object. A crash before the first sync leaves only temp files, which
/// ``ObjectStore/removeStaleTemporaryFiles()`` removes.
public final class StoreBatch: @unchecked Sendable {
    public let store: ObjectStore
    private let lock = NSLock()
    private var pending: [(temporary: String, oid: ObjectID)] = []
    private var claimed: Set<ObjectID> = []

    public init(_ store: ObjectStore) { self.store = store }

    deinit { discard() }

    /// As ``ObjectStore/insert(fileAt:)``, but a new object waits for ``commit()``.
    /// Safe to call from many threads at once; identical content is written once.
    public func insert(fileAt path: String) throws -> StoredObject {
        try store.insert(fileAt: path, batch: self)
    }

    /// The number of objects waiting to be published.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return pending.count
    }

    /// Syncs, publishes and syncs again every object of the batch; afterwards all are durable.
    public func commit() throws {
        lock.lock()
        let items = pending
        pending = []
        lock.unlock()
        guard !items.isEmpty else { return }
        do {
            try syncFilesystem()
            for (index, item) in items.enumerated() {
                let destination = store.path(for: item.oid)
                do {
                    try FileSystem.createDirectories(FileSystem.parent(of: destination), oid: item.oid, durable: false)
                    try FileSystem.move(item.temporary, to: destination, oid: item.oid)
                } catch {
                    for rest in items[index...] { _ = try? FileSystem.removeFile(rest.temporary) }
                    throw error
                }
            }
            try syncFilesystem()
        } catch {
            for item in items { _ = try? FileSystem.removeFile(item.temporary) }
            throw error
        }
    }

    /// Removes the temp files of objects not yet published.
    public func discard() {
        lock.lock()
        let items = pending
        pending = []
        lock.unlock()
        for item in items { _ = try? FileSystem.removeFile(item.temporary) }
    }

    /// True the first time `oid` is claimed in this batch.
    func claim(_ oid: ObjectID) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return claimed.insert(oid).inserted
    }

    func add(temporary: String, oid: ObjectID) {
        lock.lock()
        defer { lock.unlock() }
        pending.append((temporary, oid))
    }

    /// `syncfs` on the store's filesystem: every dirty page and inode, one device flush.
    private func syncFilesystem() throws {
        let folder = try FileDescriptor.open(store.temporaryDirectory, flags: O_RDONLY | O_DIRECTORY)
        defer { try? folder.close() }
        while syncfs(folder.raw) != 0 {
            if errno == EINTR { continue }
            throw StoreError(.io(operation: "syncfs", errno: errno), path: store.temporaryDirectory)
        }
    }
}
