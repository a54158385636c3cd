/// What `aida add` did.
public struct AddReport: Sendable, Codable {
    public var added: [String] = []
    public var modified: [String] = []
    public var removed: [String] = []
    /// Files whose stat data (or content hash) showed no change.
    public var unchanged = 0
    /// Objects written to the store (files already there are not written again).
    public var objectsWritten = 0
    public var bytes: Int64 = 0
    /// What was cleaned up after an interrupted aida before this one started.
    public var recovered: [String] = []
}
