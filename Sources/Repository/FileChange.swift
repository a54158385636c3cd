/// A file added, removed or changed, named by the id of its content: `sha256:<hex>` for a file
/// in the store (its git-lfs oid), the git blob id for a text file kept in git.
public struct FileChange: Sendable, Codable, Equatable {
    public struct Content: Sendable, Codable, Equatable {
        public let oid: String
        public let size: Int64?
        /// True when the content is in the object store (git holds a pointer).
        public let stored: Bool
    }

    public let change: FileDelta.Kind
    public let path: String
    public let oldPath: String?
    public let old: Content?
    public let new: Content?
}
