import Foundation

/// The few POSIX calls the repository layer makes itself, errors turned into messages with the path.
enum FileSystem {
    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// `lstat`, nil when the path does not exist.
    static func lstatIfPresent(_ path: String) throws -> stat? {
        var s = stat()
        if lstat(path, &s) == 0 { return s }
        if errno == ENOENT || errno == ENOTDIR { return nil }
        throw DatasetError.unreadable(path, errorText())
    }

    static func isDirectory(_ s: stat) -> Bool { s.st_mode & S_IFMT == S_IFDIR }
    static func isRegular(_ s: stat) -> Bool { s.st_mode & S_IFMT == S_IFREG }
    static func isSymlink(_ s: stat) -> Bool { s.st_mode & S_IFMT == S_IFLNK }

    /// The canonical absolute path of an existing folder (symlinks resolved).
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw DatasetError.unreadable(path, "could not create the folder: \(error.localizedDescription)")
        }
    }

    /// Writes a small file through a temp file in the same folder: write, fsync, rename, fsync folder.
    static func writeDurably(_ data: Data, to path: String) throws {
        let temp = path + ".aida-\(getpid()).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DatasetError.unreadable(path, errorText()) }
        var failure: Int32 = 0
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temp, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temp)
            throw DatasetError.unreadable(path, "could not write: \(errorText(failure))")
        }
        syncDirectory(of: path)
    }

    static func syncDirectory(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Names in a folder, without `.` and `..`.
    static func listDirectory(_ path: String) throws -> [(name: String, type: UInt8)] {
        guard let dir = opendir(path) else { throw DatasetError.unreadable(path, errorText()) }
        defer { closedir(dir) }
        var names: [(String, UInt8)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            names.append((name, entry.pointee.d_type))
        }
        return names
    }
}
