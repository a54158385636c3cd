internal import CSystem
import Foundation

/// Many new files made durable together, as ``StoreBatch`` does for objects: each is written
/// unsynced to a temporary file beside its target; ``commit()`` syncs the file system once
/// (all their bytes are on disk), renames each into place, and syncs once more (the renames
/// are). A file appears at its path only complete, and ``commit()`` returns only when every
/// one is durable. Per-file fsync (file, then folder) cost a device flush or two per file,
/// which made writing a few hundred anonymized slices wait on the disk, not the CPU.
/// A crash before the renames leaves only `.name.aida-…` temporary files behind.
public final class DurableBatch: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [(temporary: String, target: String)] = []

    public init() {}

    deinit { discard() }

    /// Writes `bytes` to a temporary file beside `path` (the folder must exist); the file
    /// appears at `path` at ``commit()``. Safe to call from many threads at once.
    public func stage(_ bytes: [UInt8], to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = folder + "/." + name + ".aida-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let file = try FileDescriptor.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: 0o666)
        do {
            try bytes.withUnsafeBytes { try file.write($0) }
            try file.close()
        } catch {
            try? file.close()
            unlink(temporary)
            throw error
        }
        lock.lock()
        pending.append((temporary, path))
        lock.unlock()
    }

    /// Syncs, renames and syncs again every staged file; afterwards all are durable at their paths.
    public func commit() throws {
        lock.lock()
        let files = pending
        pending = []
        lock.unlock()
        guard let first = files.first else { return }
        let anchor = (first.target as NSString).deletingLastPathComponent
        do {
            try Self.syncFileSystem(containing: anchor)
            for (index, file) in files.enumerated() {
                guard rename(file.temporary, file.target) == 0 else {
                    let code = errno
                    for rest in files[index...] { unlink(rest.temporary) }
                    throw StoreError(.io(operation: "rename", errno: code), path: file.target)
                }
            }
            try Self.syncFileSystem(containing: anchor)
        } catch {
            for file in files { unlink(file.temporary) }
            throw error
        }
    }

    /// Removes every staged file that was not committed.
    public func discard() {
        lock.lock()
        let files = pending
        pending = []
        lock.unlock()
        for file in files { unlink(file.temporary) }
    }

    /// `syncfs` on the file system holding `folder`: every dirty page and inode, one flush.
    static func syncFileSystem(containing folder: String) throws {
        let directory = try FileDescriptor.open(folder, flags: O_RDONLY | O_DIRECTORY)
        defer { try? directory.close() }
        while syncfs(directory.raw) != 0 {
            if errno == EINTR { continue }
            throw StoreError(.io(operation: "syncfs", errno: errno), path: folder)
        }
    }
}
