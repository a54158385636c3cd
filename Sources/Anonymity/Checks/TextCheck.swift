/// Identifiers in free text: Swedish personal identity and coordination numbers
/// (10 or 12 digits, `-` or `+`, Luhn-checked), HSA-ids, phone numbers and e-mail
/// addresses. Run on every text value at every depth, whatever the table says of the
/// element: an identifier typed into a description is as identifying as a name field.
public struct TextCheck: Sendable {
    public struct Match: Sendable, Equatable {
        /// `personnummer`, `hsa-id`, `phone`, `email`.
        public let rule: String
        public let text: String
    }

    public init() {}

    /// Whether `text` could hold any identifier sought: every one has 7 digits or more,
    /// or an @. Most values have neither, and the regular expressions are the costly part.
    public static func mightMatch(_ text: String) -> Bool {
        let (digits, at) = counts(text)
        return digits >= 7 || at
    }

    /// The same on the raw bytes of a value.
    public static func mightMatch(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let (digits, at) = counts(bytes)
        return digits >= 7 || at
    }

    static func counts(_ text: String) -> (digits: Int, at: Bool) {
        var text = text
        return text.withUTF8 { counts(UnsafeRawBufferPointer($0)) }
    }

    static func counts(_ bytes: UnsafeRawBufferPointer) -> (digits: Int, at: Bool) {
        var digits = 0
        var at = false
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 { digits += 1 } else if byte == 0x40 { at = true }
        }
        return (digits, at)
    }

    public func matches(in text: String) -> [Match] {
        let (digits, at) = Self.counts(text)
        guard digits >= 7 || at else { return [] }
        var found: [Match] = []
        if digits >= 10 {
            for candidate in Self.digitRuns(text) where Self.isPersonnummer(candidate) {
                found.append(Match(rule: "personnummer", text: candidate))
            }
        }
        for (rule, pattern) in Self.patterns {
            if rule == "email" ? !at : digits < 7 { continue }
            for match in text.matches(of: pattern) {
                if rule == "phone" && !Self.standsAlone(match.range, in: text) { continue }
                found.append(Match(rule: rule, text: String(text[match.range])))
            }
        }
        return found
    }

    // Compiled once; `Regex` is immutable and only read while matching.
    nonisolated(unsafe) static let patterns: [(String, Regex<AnyRegexOutput>)] = [
        // HSA-id: country code, the organisation number, a dash and a local part.
        ("hsa-id", try! Regex(#"\bSE\d{10}-[A-Za-z0-9]+"#)),
        // Swedish phone numbers: 0 or +46, an area code, then groups of digits.
        // (Swift's Regex has no lookbehind: the digit boundaries are checked after matching.)
        // Area codes never start with 0 (00 is the international prefix).
        ("phone", try! Regex(#"(?:\+46[ -]?|0)[1-9]\d{0,2}[ -]?\d{2,3}[ -]?\d{2}[ -]?\d{2}"#)),
        ("email", try! Regex(#"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#)),
    ]

    /// Whether a phone-number match stands alone in its text.
    static func standsAlone(_ range: Range<String.Index>, in text: String) -> Bool {
        let preceding = text[..<range.lowerBound].suffix(2)
        let following = text[range.upperBound...].prefix(2)
        let before = preceding.last ?? " "
        let beforeThat = preceding.count == 2 ? preceding.first! : " "
        let after = following.first ?? " "
        let afterThat = following.count == 2 ? following.last! : " "
        // Part of a longer number or a dotted one (a decimal, a UID), or glued to letters
        // (a code such as SE04046256): not a phone number. A full stop ends a sentence.
        if before.isNumber || before.isLetter || after.isNumber || after.isLetter { return false }
        if before == "." && beforeThat.isNumber { return false }
        if after == "." && afterThat.isNumber { return false }
        return true
    }

    /// Runs of 10 or 12 digits, with at most one `-` or `+` before the last four,
    /// not part of a longer number or a UID-like dotted string.
    static func digitRuns(_ text: String) -> [String] {
        let characters = Array(text)
        var runs: [String] = []
        func isDigit(_ at: Int) -> Bool {
            at >= 0 && at < characters.count && characters[at].isASCII && characters[at].isNumber
        }
        var index = 0
        while index < characters.count {
            // A run inside a dotted number (a UID, a decimal) is a component, not an identifier:
            // digit, dot, digit. A dot next to a letter ("…-2388.nii") is only punctuation.
            let afterDotInNumber = index >= 2 && characters[index - 1] == "." && isDigit(index - 2)
            guard isDigit(index), !isDigit(index - 1), !afterDotInNumber else {
                index += 1
                continue
            }
            var end = index
            var run = ""
            while end < characters.count {
                let character = characters[end]
                if character.isASCII && character.isNumber {
                    run.append(character)
                } else if (character == "-" || character == "+") && (run.count == 6 || run.count == 8)
                    && end + 1 < characters.count && characters[end + 1].isNumber
                {
                    run.append(character)
                } else {
                    break
                }
                end += 1
            }
            let separated = run.contains("-") || run.contains("+")  // never in a UID
            let inDottedNumber = end < characters.count && characters[end] == "." && isDigit(end + 1)
            if separated || !inDottedNumber { runs.append(run) }
            index = end
        }
        return runs
    }

    /// YYMMDD[-+]NNNC or YYYYMMDD[-+]NNNC: a real month, a day 01–31 (or 61–91 for a
    /// coordination number), and a Luhn check digit over the ten digits.
    static func isPersonnummer(_ candidate: String) -> Bool {
        let digits = candidate.filter(\.isNumber).compactMap(\.wholeNumberValue)
        guard digits.count == 10 || digits.count == 12 else { return false }
        let separators = candidate.filter { $0 == "-" || $0 == "+" }.count
        guard separators <= 1 else { return false }
        if digits.count == 12 {
            let century = digits[0] * 10 + digits[1]
            guard (18...20).contains(century) else { return false }
        }
        let ten = Array(digits.suffix(10))
        let month = ten[2] * 10 + ten[3]
        let day = ten[4] * 10 + ten[5]
        guard (1...12).contains(month), (1...31).contains(day) || (61...91).contains(day) else { return false }
        var sum = 0
        for (position, digit) in ten.enumerated() {
            let weighted = position % 2 == 0 ? digit * 2 : digit
            sum += weighted > 9 ? weighted - 9 : weighted
        }
        return sum % 10 == 0
    }
}
