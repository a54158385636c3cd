/// How `aida anonymize` writes a patient's pseudonym: literal text and `{n:K}` groups
/// of K decimal digits taken from the patient's HMAC, e.g. `AIDA-{n:4}-{n:4}`. The
/// profile checks that every pseudonym it can write matches its pseudonym pattern.
public struct PseudonymFormat: Sendable, Equatable, CustomStringConvertible {
    public enum Part: Sendable, Equatable {
        case literal(String)
        case digits(Int)
    }

    public let parts: [Part]
    public let description: String

    /// Fewer digits would make two patients' pseudonyms collide too often (with 6
    /// digits, one pair in 1,000 patients already has a 40% chance).
    public static let minimumDigits = 6
    /// The digits come from 128 bits of the HMAC, whose decimal has 38 full digits.
    public static let maximumDigits = 30

    /// The format matching the default pseudonym pattern `^AIDA-[0-9]{4}-[0-9]{4}$`.
    public static let defaultText = "AIDA-{n:4}-{n:4}"

    public var digitCount: Int {
        parts.reduce(0) { total, part in if case .digits(let k) = part { total + k } else { total } }
    }

    /// Parses the format; the message says what is wrong.
    public init(_ text: String) throws(FormatError) {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let first = rest.first {
            if first == "}" { throw FormatError("a \"}\" without its \"{\"") }
            guard first == "{" else {
                literal.append(first)
                rest = rest.dropFirst()
                continue
            }
            guard let close = rest.firstIndex(of: "}") else { throw FormatError("a \"{\" without its \"}\"") }
            let group = rest[rest.index(after: rest.startIndex)..<close]
            guard group.hasPrefix("n:"), let count = Int(group.dropFirst(2)), (1...Self.maximumDigits).contains(count)
            else { throw FormatError("\"{\(group)}\" is not a digit group such as {n:4}") }
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
            parts.append(.digits(count))
            rest = rest[rest.index(after: close)...]
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
        description = text
        guard digitCount >= Self.minimumDigits else {
            throw FormatError("\(digitCount) digits in all; at least \(Self.minimumDigits), or pseudonyms collide")
        }
        guard digitCount <= Self.maximumDigits else {
            throw FormatError("\(digitCount) digits in all; at most \(Self.maximumDigits)")
        }
    }

    /// The pseudonym with `digits` (at least ``digitCount`` decimal digits) filled in
    /// from the left.
    public func render(digits: some StringProtocol) -> String {
        var out = ""
        var next = digits.startIndex
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .digits(let count):
                let end = digits.index(next, offsetBy: count)
                out += digits[next..<end]
                next = end
            }
        }
        return out
    }

    /// Every pseudonym this format can write matches `pattern` entirely: checked on
    /// all zeros, all nines, each digit in turn, and a spread of mixed samples.
    /// Returns the first sample that does not match.
    public func firstMismatch(pattern: String) throws -> String? {
        let regex = try Regex(pattern)
        let count = digitCount
        var samples = (0...9).map { String(repeating: Character(String($0)), count: count) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<64 {
            var digits = ""
            for _ in 0..<count {
                // splitmix64: a fixed, spread sequence, so the check is the same every load.
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                digits.append(Character(String((z ^ (z >> 31)) % 10)))
            }
            samples.append(digits)
        }
        for digits in samples {
            let pseudonym = render(digits: digits)
            if (try? regex.wholeMatch(in: pseudonym)) == nil { return pseudonym }
        }
        return nil
    }

    public struct FormatError: Error, Equatable, Sendable {
        public let message: String
        init(_ message: String) { self.message = message }
    }
}
