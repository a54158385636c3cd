/// One reason a file is not anonymous enough: where (file and full tag path), which
/// rule, and the offending value masked, so a report never repeats what it protects.
public struct Finding: Sendable, Equatable, Codable {
    public let file: String
    /// `(0040,0275)[0].(0008,0050)`, or empty for the file as a whole.
    public let path: String
    /// A stable rule name, e.g. `table-e1-1`, `private-element`, `uid-root`, `unreadable`.
    public let rule: String
    public let message: String
    /// The value masked: its first character, then its length (`J…(13)`); empty when none.
    public let value: String

    public init(file: String, path: String, rule: String, message: String, value: String = "") {
        self.file = file
        self.path = path
        self.rule = rule
        self.message = message
        self.value = value
    }

    /// The same finding about the same bytes under another name (a cached verdict).
    public func named(_ file: String) -> Finding {
        Finding(file: file, path: path, rule: rule, message: message, value: value)
    }

    /// Masks a value: the first character and the length, never more.
    public static func mask(_ text: String) -> String {
        guard let first = text.first else { return "" }
        return "\(first)…(\(text.count))"
    }
}
