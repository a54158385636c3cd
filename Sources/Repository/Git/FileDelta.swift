/// One file that differs between two sides of a diff.
public struct FileDelta: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case added, deleted, modified, typeChanged = "type-changed", untracked, renamed
    }

    public let kind: Kind
    public let path: String
    public let oldPath: String
    /// The git blob ids on each side; nil where the side is absent or libgit2 did not hash it.
    public let oldBlob: GitOID?
    public let newBlob: GitOID?
    public let oldMode: UInt32
    public let newMode: UInt32
}
