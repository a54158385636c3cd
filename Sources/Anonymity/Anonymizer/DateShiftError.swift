/// A date or date-time that could not be shifted: reported, never written unshifted,
/// since a real date left behind re-identifies.
public struct DateShiftError: Error, Equatable, Sendable, CustomStringConvertible {
    public let value: String
    public let reason: String

    public init(value: String, reason: String) {
        self.value = value
        self.reason = reason
    }

    public var description: String { "\"\(value)\": \(reason)" }
}
