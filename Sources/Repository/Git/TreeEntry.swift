/// A file in a tree, with its full path from the repository root.
public struct TreeEntry: Sendable, Hashable {
    public let path: String
    public let mode: UInt32
    public let oid: GitOID

    public var isSymlink: Bool { mode == 0o120000 }
    public var isSubmodule: Bool { mode == 0o160000 }
}
