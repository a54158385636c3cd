/// The result of putting content into an ``ObjectStore``.
public struct StoredObject: Sendable, Equatable {
    /// The SHA-256 of the uncompressed content: its name in the store and its git-lfs oid.
    public let oid: ObjectID
    /// The uncompressed size in bytes, as a git-lfs pointer records it.
    public let size: Int64
    /// False when the object was already in the store and nothing was written.
    public let written: Bool
    /// For ``ObjectStore/insert(fileAt:)``: the file's stat taken before it was read,
    /// for the git index entry. Nil for content inserted from memory.
    public let stat: FileStat?

    public init(oid: ObjectID, size: Int64, written: Bool, stat: FileStat?) {
        self.oid = oid
        self.size = size
        self.written = written
        self.stat = stat
    }
}
