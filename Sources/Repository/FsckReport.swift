import Foundation
import Store

/// What `aida fsck` checked and every problem it found.
public struct FsckReport: Sendable, Codable {
    public struct Problem: Sendable, Codable, Equatable {
        /// A stable name: `missing`, `hash-mismatch`, `corrupt-stream`, `truncated`,
        /// `trailing-bytes`, `oversized`, `undersized`, `malformed-pointer`, `stray-file`, `io`.
        public let kind: String
        public let oid: String?
        public let path: String?
        public let commit: String?
        public let message: String
    }

    public var commits = 0
    public var pointers = 0
    public var objectsVerified = 0
    public var bytesVerified: Int64 = 0
    public var problems: [Problem] = []

    public var isClean: Bool { problems.isEmpty }
}

extension StoreError.Kind {
    /// The name fsck reports for this kind of store error.
    var fsckName: String {
        switch self {
        case .missing: "missing"
        case .hashMismatch: "hash-mismatch"
        case .corruptStream: "corrupt-stream"
        case .truncated: "truncated"
        case .trailingBytes: "trailing-bytes"
        case .oversized: "oversized"
        case .undersized: "undersized"
        case .notRegularFile: "not-regular-file"
        case .fileChanged: "file-changed"
        case .invalidObjectID: "invalid-oid"
        case .io: "io"
        }
    }
}

extension FileStat {
    /// True when `s` shows the same size and modification time.
    func matches(_ s: stat) -> Bool {
        size == Int64(s.st_size) && mtimeSeconds == Int64(s.st_mtim.tv_sec)
            && mtimeNanoseconds == Int64(s.st_mtim.tv_nsec)
    }
}
