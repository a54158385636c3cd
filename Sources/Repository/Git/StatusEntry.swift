/// The state of one path: staged (index against HEAD) and unstaged (work tree against index).
public struct StatusEntry: Sendable, Equatable, Codable {
    public enum Change: String, Sendable, Codable {
        case added, modified, deleted, renamed, typeChanged = "type-changed", untracked
    }

    public let path: String
    public let staged: Change?
    public let unstaged: Change?
}
