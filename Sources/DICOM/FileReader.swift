#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file read with `pread(2)`, bounded by its size at open.
final class FileReader {
    let descriptor: Int32
    let size: Int

    init(path: String) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DICOMError(.io("cannot open: \(Self.reason(errno))"), offset: 0) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw DICOMError(.io("cannot stat: \(Self.reason(errno))"), offset: 0)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            throw DICOMError(
                .io(isDirectory ? "is a directory (name its files, e.g. DIR/*.dcm)" : "not a regular file"), offset: 0)
        }
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads up to `count` bytes from the start: fewer if the file is shorter.
    func read(count: Int) throws -> [UInt8] {
        // No zero fill first: pread writes every byte that is kept.
        var failure: DICOMError? = nil
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let got = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(done))
                if got < 0 && errno == EINTR { continue }
                guard got >= 0 else {
                    failure = DICOMError(.io("read failed: \(Self.reason(errno))"), offset: done)
                    break
                }
                if got == 0 { break }
                done += got
            }
            initialized = done
        }
        if let failure { throw failure }
        return bytes
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
