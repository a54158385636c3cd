#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One open file. Every system call on it retries on `EINTR` and turns failure into a
/// ``StoreError`` that names the file (and the object, when the caller knows it).
///
/// Not `Sendable`: a descriptor belongs to the one call that opened it. Deinit closes
/// it if ``close()`` was not called; writers call ``close()`` to see its error.
final class FileDescriptor {
    let raw: Int32
    let path: String
    let oid: ObjectID?
    private var isOpen = true

    private init(raw: Int32, path: String, oid: ObjectID?) {
        self.raw = raw
        self.path = path
        self.oid = oid
    }

    deinit {
        if isOpen { _ = systemClose(raw) }
    }

    /// Opens `path`; `O_CLOEXEC` is always added so no child process inherits it.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0, oid: ObjectID? = nil) throws
        -> FileDescriptor
    {
        while true {
            let fd = systemOpen(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return FileDescriptor(raw: fd, path: path, oid: oid) }
            if errno == EINTR { continue }
            throw StoreError(.io(operation: "open", errno: errno), oid: oid, path: path)
        }
    }

    /// Reads what is available, up to `buffer.count` bytes; 0 means end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = systemRead(raw, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw error("read")
        }
    }

    /// Reads until `buffer` is full or the file ends; returns the number of bytes read.
    func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Writes all of `bytes`, continuing after short writes.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = systemWrite(raw, next, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw error("write")
            }
            // A zero-byte write of a non-empty buffer means no space, without errno.
            if n == 0 { throw StoreError(.io(operation: "write", errno: ENOSPC), oid: oid, path: path) }
            next += n
            left -= n
        }
    }

    /// Flushes the file's data and metadata to the disk.
    func sync() throws {
        while fsync(raw) != 0 {
            if errno == EINTR { continue }
            throw error("fsync")
        }
    }

    func stat() throws -> FileStat {
        var s = CStat()
        while fstat(raw, &s) != 0 {
            if errno == EINTR { continue }
            throw error("fstat")
        }
        return FileStat(s)
    }

    /// Moves back to the start, for a second pass over the same open file.
    func rewind() throws {
        if lseek(raw, 0, SEEK_SET) < 0 { throw error("lseek") }
    }

    /// Closes the descriptor. Not retried on `EINTR`: on Linux the descriptor is gone
    /// either way, and a retry could close a descriptor another thread just opened.
    func close() throws {
        guard isOpen else { return }
        isOpen = false
        if systemClose(raw) != 0 && errno != EINTR { throw error("close") }
    }

    private func error(_ operation: String) -> StoreError {
        StoreError(.io(operation: operation, errno: errno), oid: oid, path: path)
    }
}

private typealias CStat = stat

// The C functions under names that do not collide with the methods above.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func systemRead(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, buf, n) }
private func systemWrite(_ fd: Int32, _ buf: UnsafeRawPointer, _ n: Int) -> Int { write(fd, buf, n) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
