/// Why an ``Anonymizer`` cannot be made for a profile.
public enum AnonymizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The profile gives no `pseudonym-format` (the gate works without one; anonymizing does not).
    case noPseudonymFormat
    case badPseudonymFormat(String)

    public var description: String {
        switch self {
        case .noPseudonymFormat:
            "the profile has no pseudonym-format that matches its pseudonym-pattern: anonymizing needs one"
        case .badPseudonymFormat(let message): "pseudonym-format: \(message)"
        }
    }
}
