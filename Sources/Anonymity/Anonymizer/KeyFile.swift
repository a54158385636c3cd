#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `read(2)`, which `KeyFile.read` shadows inside the enum.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// The system calls behind ``AnonymizationKey``: reading a secret file with its mode
/// checked on the open descriptor (no window between check and read), and creating
/// one durably without ever leaving a partial or readable key behind.
enum KeyFile {
    /// The file's bytes, refused when it is not a regular file, group/world readable,
    /// or not `size` bytes long. Nil when it does not exist.
    static func read(_ path: String, size: Int) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw AnonymizationKeyError.io(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw AnonymizationKeyError.io(path: path, operation: "stat", errno: errno)
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw AnonymizationKeyError.notARegularFile(path: path) }
        let mode = UInt32(info.st_mode) & 0o7777
        guard mode & 0o077 == 0 else { throw AnonymizationKeyError.readableByOthers(path: path, mode: mode) }
        guard Int(info.st_size) == size else {
            throw AnonymizationKeyError.wrongSize(path: path, size: Int(info.st_size))
        }
        // One byte more than expected, so a file that grew since fstat is caught.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + count, $0.count - count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw AnonymizationKeyError.io(path: path, operation: "read", errno: errno) }
            if got == 0 { break }
            count += got
        }
        guard count == size else { throw AnonymizationKeyError.wrongSize(path: path, size: count) }
        return Array(bytes.prefix(size))
    }

    /// Writes `bytes` to a temporary file (mode 0600), fsyncs it, links it in at `path`
    /// and fsyncs the folder. A hard link, not a rename: if another process created the
    /// key meanwhile, `false` is returned and its key wins, so one key is ever in use.
    static func create(_ path: String, bytes: [UInt8]) throws -> Bool {
        let folder = parent(of: path)
        try makeFolders(folder)
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AnonymizationKeyError.io(path: temporary, operation: "create", errno: errno) }
        defer { unlink(temporary) }
        var written = 0
        while written < bytes.count {
            let done = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if done < 0 && errno == EINTR { continue }
            guard done > 0 else {
                close(fd)
                throw AnonymizationKeyError.io(path: temporary, operation: "write", errno: errno)
            }
            written += done
        }
        // The umask may have narrowed the mode, never widened it; set it exactly.
        guard fchmod(fd, 0o600) == 0, fsync(fd) == 0 else {
            let error = errno
            close(fd)
            throw AnonymizationKeyError.io(path: temporary, operation: "fsync", errno: error)
        }
        guard close(fd) == 0 else { throw AnonymizationKeyError.io(path: temporary, operation: "close", errno: errno) }
        if link(temporary, path) != 0 {
            if errno == EEXIST { return false }
            throw AnonymizationKeyError.io(path: path, operation: "link", errno: errno)
        }
        try syncFolder(folder)
        return true
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p` with mode 0700 for the folders it creates.
    static func makeFolders(_ folder: String) throws {
        if folder.isEmpty || folder == "/" || folder == "." { return }
        var info = stat()
        if stat(folder, &info) == 0 { return }
        try makeFolders(parent(of: folder))
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw AnonymizationKeyError.io(path: folder, operation: "mkdir", errno: errno)
        }
        try syncFolder(parent(of: folder))
    }

    static func syncFolder(_ folder: String) throws {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw AnonymizationKeyError.io(path: folder, operation: "open", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw AnonymizationKeyError.io(path: folder, operation: "fsync", errno: errno) }
    }
}
