import Foundation

/// One entry of the git index, with the stat data git uses to tell an unchanged file
/// without reading it (each field as git stores it: 32 bits, truncated).
public struct IndexEntry: Sendable, Equatable {
    public var path: String
    public var mode: UInt32
    public var oid: GitOID
    public var ctimeSeconds: Int32 = 0
    public var ctimeNanoseconds: UInt32 = 0
    public var mtimeSeconds: Int32 = 0
    public var mtimeNanoseconds: UInt32 = 0
    public var dev: UInt32 = 0
    public var ino: UInt32 = 0
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    public var fileSize: UInt32 = 0

    public init(path: String, mode: UInt32, oid: GitOID) {
        self.path = path
        self.mode = mode
        self.oid = oid
    }

    /// Regular file modes git records: 100644, or 100755 when the owner may execute.
    public static func fileMode(forPermissions permissions: UInt32) -> UInt32 {
        permissions & 0o100 != 0 ? 0o100755 : 0o100644
    }

    /// Fills the stat fields from `lstat` of the file as it was read.
    public mutating func setStat(_ s: stat) {
        ctimeSeconds = Int32(truncatingIfNeeded: s.st_ctim.tv_sec)
        ctimeNanoseconds = UInt32(truncatingIfNeeded: s.st_ctim.tv_nsec)
        mtimeSeconds = Int32(truncatingIfNeeded: s.st_mtim.tv_sec)
        mtimeNanoseconds = UInt32(truncatingIfNeeded: s.st_mtim.tv_nsec)
        dev = UInt32(truncatingIfNeeded: s.st_dev)
        ino = UInt32(truncatingIfNeeded: s.st_ino)
        uid = s.st_uid
        gid = s.st_gid
        fileSize = UInt32(truncatingIfNeeded: s.st_size)
    }

    /// True when `s` describes the same file content as this entry's stat data, as git judges it.
    public func statMatches(_ s: stat) -> Bool {
        var other = self
        other.setStat(s)
        return other.ctimeSeconds == ctimeSeconds && other.ctimeNanoseconds == ctimeNanoseconds
            && other.mtimeSeconds == mtimeSeconds && other.mtimeNanoseconds == mtimeNanoseconds
            && other.ino == ino && other.fileSize == fileSize && other.dev == dev
            && mode == IndexEntry.fileMode(forPermissions: UInt32(s.st_mode))
    }
}
