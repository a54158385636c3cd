internal import CSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A new object on its way into the store: a temp file in the store's one tmp folder,
/// written, synced, and renamed onto its final path, so a crash leaves either the whole
/// object there or nothing (plus at worst a temp file that
/// ``ObjectStore/removeStaleTemporaryFiles()`` cleans up).
///
/// Temp files are named `<pid>-<16 random hex digits>.tmp`: the pid says whether the
/// writer may still be alive, the random part keeps concurrent writers apart.
final class DurableFile {
    let temporaryPath: String
    let oid: ObjectID
    private let file: FileDescriptor
    private var isSettled = false

    /// Creates the temp file (and the tmp folder, if missing). Objects are immutable,
    /// so they are created read-only, like git's.
    init(in folder: String, for oid: ObjectID) throws {
        var random = SystemRandomNumberGenerator()
        let suffix = String(random.next() as UInt64, radix: 16)
        temporaryPath = "\(folder)/\(getpid())-\(String(repeating: "0", count: 16 - suffix.count))\(suffix).tmp"
        self.oid = oid
        let flags = O_WRONLY | O_CREAT | O_EXCL
        do {
            file = try FileDescriptor.open(temporaryPath, flags: flags, mode: 0o444, oid: oid)
        } catch let error as StoreError where error.kind == .io(operation: "open", errno: ENOENT) {
            try FileSystem.createDirectories(folder, oid: oid)
            file = try FileDescriptor.open(temporaryPath, flags: flags, mode: 0o444, oid: oid)
        }
    }

    deinit { discard() }

    /// The pid in a temp file's name, or nil when the name is not one of ours.
    static func processID(inTemporaryName name: String) -> pid_t? {
        guard name.hasSuffix(".tmp") else { return nil }
        let parts = name.dropLast(4).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 16,
            parts[1].allSatisfy({ $0.isASCII && $0.isHexDigit && !$0.isUppercase }),
            parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let pid = pid_t(parts[0]), pid > 0
        else { return nil }
        return pid
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try file.write(bytes)
    }

    /// Makes the content durable and publishes it at `destination`: fsync the file,
    /// create the fan-out folders (each made durable in its parent), rename, and fsync
    /// the final folder so the rename itself survives a crash.
    ///
    /// If that last fsync fails the object stays: it is complete and correct (renames are
    /// atomic, and another writer may already rely on it), only perhaps not durable; the
    /// error is still thrown.
    func commit(to destination: String) throws {
        try file.sync()
        try file.close()
        let folder = FileSystem.parent(of: destination)
        try FileSystem.createDirectories(folder, oid: oid)
        try FileSystem.move(temporaryPath, to: destination, oid: oid)
        isSettled = true
        try FileSystem.syncDirectory(folder, oid: oid)
    }

    /// Closes the written temp file without syncing it and hands its path to a batch,
    /// which syncs and publishes all its files at once (``StoreBatch/commit()``).
    func settleUnsynced() throws -> String {
        // Start writeback now, without waiting, so the batch's sync finds little left to do.
        _ = sync_file_range(file.raw, 0, 0, UInt32(AIDA_SYNC_FILE_RANGE_WRITE))
        try file.close()
        isSettled = true
        return temporaryPath
    }

    /// Removes the temp file unless it was renamed into place; safe to call twice.
    func discard() {
        guard !isSettled else { return }
        isSettled = true
        try? file.close()
        _ = try? FileSystem.removeFile(temporaryPath)
    }
}
