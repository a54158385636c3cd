#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file read by offset, every read checked against the file's size and a cap.
/// TIFF and NIfTI take their offsets and lengths from the file itself: a hostile
/// offset or length must give nil, never a crash, a read past the end or a huge
/// allocation. Whole-slide images run to gigabytes, so nothing is read whole.
final class BoundedFile {
    let size: UInt64
    private let descriptor: Int32

    /// The largest single read; callers cap lower where they can.
    static let maxRead: UInt64 = 64 << 20

    /// Nil when the path cannot be opened or is not a regular file (a FIFO would
    /// block, a device never end).
    init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size >= 0 else {
            close(fd)
            return nil
        }
        descriptor = fd
        size = UInt64(info.st_size)
    }

    deinit { close(descriptor) }

    /// Exactly `count` bytes at `offset`, or nil when they are not all inside the
    /// file or `count` is over `limit`.
    func read(at offset: UInt64, count: UInt64, limit: UInt64 = BoundedFile.maxRead) -> [UInt8]? {
        guard count <= min(limit, Self.maxRead), offset <= size, count <= size - offset else { return nil }
        if count == 0 { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(count))
        let complete = bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < buffer.count {
                let got = pread(
                    descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { return false }
                done += got
            }
            return true
        }
        return complete ? bytes : nil
    }

    /// Up to `count` bytes at `offset`: fewer at the end of the file.
    func read(upTo count: UInt64, at offset: UInt64 = 0) -> [UInt8] {
        guard offset < size else { return [] }
        return read(at: offset, count: min(count, size - offset)) ?? []
    }
}
