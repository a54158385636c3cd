#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `fstat` said about a file, in the fields a git index entry records.
///
/// ``ObjectStore/insert(fileAt:)`` returns the stat taken *before* it read the file,
/// so an index entry built from it can never claim a newer state than the bytes stored.
public struct FileStat: Sendable, Equatable {
    public var dev: UInt64
    public var ino: UInt64
    /// File type and permission bits, as in `st_mode`.
    public var mode: UInt32
    public var uid: UInt32
    public var gid: UInt32
    public var size: Int64
    public var mtimeSeconds: Int64
    public var mtimeNanoseconds: Int64
    public var ctimeSeconds: Int64
    public var ctimeNanoseconds: Int64

    public init(
        dev: UInt64, ino: UInt64, mode: UInt32, uid: UInt32, gid: UInt32, size: Int64,
        mtimeSeconds: Int64, mtimeNanoseconds: Int64, ctimeSeconds: Int64, ctimeNanoseconds: Int64
    ) {
        self.dev = dev
        self.ino = ino
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.mtimeSeconds = mtimeSeconds
        self.mtimeNanoseconds = mtimeNanoseconds
        self.ctimeSeconds = ctimeSeconds
        self.ctimeNanoseconds = ctimeNanoseconds
    }

    init(_ s: stat) {
        #if canImport(Darwin)
            let mtime = s.st_mtimespec
            let ctime = s.st_ctimespec
        #else
            let mtime = s.st_mtim
            let ctime = s.st_ctim
        #endif
        self.init(
            dev: UInt64(truncatingIfNeeded: s.st_dev), ino: UInt64(truncatingIfNeeded: s.st_ino),
            mode: UInt32(truncatingIfNeeded: s.st_mode), uid: UInt32(s.st_uid), gid: UInt32(s.st_gid),
            size: Int64(s.st_size),
            mtimeSeconds: Int64(mtime.tv_sec), mtimeNanoseconds: Int64(mtime.tv_nsec),
            ctimeSeconds: Int64(ctime.tv_sec), ctimeNanoseconds: Int64(ctime.tv_nsec))
    }

    /// True for a regular file (not a folder, symlink, FIFO, socket or device).
    public var isRegularFile: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }

    /// True when size, mtime and ctime all match: the test for "the file changed while
    /// we read it". ctime catches writers that restore mtime afterwards.
    func hasSameContentStamp(as other: FileStat) -> Bool {
        size == other.size
            && mtimeSeconds == other.mtimeSeconds && mtimeNanoseconds == other.mtimeNanoseconds
            && ctimeSeconds == other.ctimeSeconds && ctimeNanoseconds == other.ctimeNanoseconds
    }
}
