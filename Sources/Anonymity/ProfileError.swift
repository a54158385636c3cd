/// Why a profile file was refused: the file, the line and the field, and what is wrong.
public struct ProfileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based, nil when the whole file is at fault.
    public let line: Int?
    /// The field's path, e.g. `private-elements[2].creator`.
    public let field: String
    public let message: String

    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }
}
