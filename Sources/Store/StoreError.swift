#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything that can go wrong in the object store, with the object and the file
/// involved, and a ``description`` that says what to do about it.
///
/// Callers branch on ``kind``; ``isCorruption`` groups the kinds that mean a stored
/// object is damaged (as opposed to missing, or a system call failing).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The object is in none of the roots.
        case missing
        /// The content inflates cleanly but hashes to another id.
        case hashMismatch(actual: ObjectID)
        /// zlib refused the stream (bad block, bad header, adler-32 mismatch); zlib's message.
        case corruptStream(message: String)
        /// The file ends before the zlib stream does.
        case truncated
        /// Bytes follow the end of the zlib stream.
        case trailingBytes
        /// The content is longer than `expected` (the pointer's size), or, when no size is
        /// known, longer than deflate's maximum ratio allows. Inflation stopped there.
        case oversized(expected: Int64?)
        /// The content ends after `actual` bytes, short of the pointer's `expected`.
        case undersized(expected: Int64, actual: Int64)
        /// A file to insert is a symlink, folder, FIFO, socket or device.
        case notRegularFile
        /// A file to insert changed (size, mtime or ctime, or its bytes) while it was read.
        case fileChanged
        /// Text that should have been an object id is not 64 lowercase hex digits.
        case invalidObjectID(text: String)
        /// A system call failed: `operation` is its name (`open`, `write`, `rename`, ...).
        case io(operation: String, errno: Int32)
    }

    public let kind: Kind
    /// The object concerned, when known.
    public let oid: ObjectID?
    /// The file concerned, when there is one.
    public let path: String?

    public init(_ kind: Kind, oid: ObjectID? = nil, path: String? = nil) {
        self.kind = kind
        self.oid = oid
        self.path = path
    }

    /// True for the kinds that mean the stored bytes are damaged.
    public var isCorruption: Bool {
        switch kind {
        case .hashMismatch, .corruptStream, .truncated, .trailingBytes, .oversized, .undersized:
            true
        case .missing, .notRegularFile, .fileChanged, .invalidObjectID, .io:
            false
        }
    }

    public var description: String {
        let file = path ?? "?"
        let object = oid.map { "object \($0)" } ?? "the object"
        let at = path.map { " at \($0)" } ?? ""
        switch kind {
        case .missing:
            return "\(object) is missing from the store (looked for \(file)); "
                + "fetch it again from the hub or restore it from a copy"
        case .notRegularFile:
            return "\(file) is not a regular file (a symlink, folder, FIFO or device); "
                + "only regular files can be stored: add the file it points to instead"
        case .fileChanged:
            return "\(file) changed while it was being read; "
                + "wait until nothing is writing to it and run the command again"
        case .invalidObjectID(let text):
            return "\"\(text)\" is not a valid object id (64 lowercase hexadecimal digits)"
                + (path.map { " in \($0)" } ?? "")
        case .io(let operation, let code):
            return Self.describe(operation: operation, errno: code, file: file, object: oid)
        case .hashMismatch, .corruptStream, .truncated, .trailingBytes, .oversized, .undersized:
            return "\(object)\(at) is corrupt: \(corruptionDetail); "
                + "delete the file and fetch the object again (or restore it from a copy)"
        }
    }

    private var corruptionDetail: String {
        switch kind {
        case .hashMismatch(let actual): "its content hashes to \(actual)"
        case .corruptStream(let message): "the zlib stream is damaged (\(message))"
        case .truncated: "the zlib stream ends early; the file is truncated"
        case .trailingBytes: "extra bytes follow the end of the zlib stream"
        case .oversized(let expected?): "it holds more than the \(expected) bytes its pointer says"
        case .oversized(nil): "it inflates beyond deflate's maximum ratio (a decompression bomb)"
        case .undersized(let expected, let actual):
            "it holds \(actual) bytes, but its pointer says \(expected)"
        default: ""
        }
    }

    private static func describe(operation: String, errno code: Int32, file: String, object: ObjectID?)
        -> String
    {
        let context = object.map { " (object \($0))" } ?? ""
        let reason = String(cString: strerror(code))
        switch code {
        case ENOSPC:
            return "disk full: \(operation) failed on \(file)\(context); free space and run the command again"
        case EDQUOT:
            return "disk quota exceeded: \(operation) failed on \(file)\(context); "
                + "free space or raise the quota and run the command again"
        case EACCES, EPERM:
            return "permission denied: \(operation) failed on \(file)\(context); "
                + "check the permissions of the file and its folders"
        case EROFS:
            return "\(file) is on a read-only file system: \(operation) failed\(context); "
                + "remount it writable or work on a copy"
        case ENOENT:
            return "\(file) does not exist: \(operation) failed\(context)"
        case EIO:
            return "input/output error: \(operation) failed on \(file)\(context); "
                + "the disk may be failing: check it and copy your data elsewhere"
        default:
            return "\(operation) failed on \(file)\(context): \(reason)"
        }
    }
}
