#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces a file so that a crash at any moment leaves either the old file or
/// the complete new one, never a half-written one: the bytes go to a temporary
/// file in the same directory (rename is atomic only within a file system), are
/// flushed with fsync, renamed over the target, and the directory is flushed so
/// the rename itself survives a power loss.
enum DurableFile {
    static func save(_ bytes: [UInt8], to path: String) throws {
        let directory = directoryName(of: path)
        let (descriptor, temporary) = try createTemporary(beside: path)
        var isOpen = true
        do {
            try keepMode(of: path, on: descriptor)
            try writeAll(bytes, to: descriptor)
            try check(fsync(descriptor), "fsync \(temporary)")
            isOpen = false  // closed even when close reports an error
            try check(close(descriptor), "close \(temporary)")
        } catch {
            if isOpen { close(descriptor) }
            unlink(temporary)
            throw error
        }
        do {
            try check(rename(temporary, path), "rename to \(path)")
        } catch {
            unlink(temporary)
            throw error
        }
        try syncDirectory(directory)
    }

    /// `.name.aida-XXXXXXXXXXXXXXXX` beside the target, created exclusively (never
    /// another writer's file). Mode 0666 less the umask, as for any new file.
    static func createTemporary(beside path: String) throws -> (Int32, String) {
        let directory = directoryName(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            let temporary = "\(directory)/.\(name).aida-\(suffix)"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 { return (descriptor, temporary) }
            let code = errno
            if code != EEXIST { throw failure(code, "create \(temporary)") }
        }
        throw DICOMError(.io("cannot create a temporary file beside \(path)"), offset: 0)
    }

    /// A replaced file keeps its permissions: a 0600 file of patient data must not
    /// become world-readable because it was re-written.
    static func keepMode(of path: String, on descriptor: Int32) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }  // a new file: 0666 less the umask
        try check(fchmod(descriptor, info.st_mode & 0o7777), "chmod \(path)")
    }

    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws {
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                #if canImport(Glibc)
                    let written = Glibc.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                #else
                    let written = Darwin.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                #endif
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw failure(errno, "write") }
                done += written
            }
        }
    }

    /// Flushes the directory entry of the rename (Linux needs it; see fsync(2)).
    static func syncDirectory(_ directory: String) throws {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno, "open directory \(directory)") }
        defer { close(descriptor) }
        try check(fsync(descriptor), "fsync directory \(directory)")
    }

    static func directoryName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    static func check(_ result: Int32, _ what: String) throws {
        if result != 0 { throw failure(errno, what) }
    }

    /// `code` is taken before anything else can overwrite errno.
    static func failure(_ code: Int32, _ what: String) -> DICOMError {
        DICOMError(.io("\(what): \(String(cString: strerror(code)))"), offset: 0)
    }
}
