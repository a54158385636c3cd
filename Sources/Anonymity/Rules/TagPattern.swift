import DICOM

/// The tags one row of Table E.1-1 covers: one tag, a repeating-group mask such
/// as (60xx,3000), or every element of an odd (private) group.
public enum TagPattern: Sendable, Hashable, CustomStringConvertible {
    case tag(Tag)
    /// Tags whose bits under `care` equal `value`: an `x` digit clears 4 bits of `care`.
    case mask(value: UInt32, care: UInt32)
    /// "(gggg,eeee) where gggg is odd": private elements, creators included.
    case privateGroups

    /// Parses the generated table's key: `GGGGEEEE`, `60xx3000` or `ggggeeee`.
    init?(key: Substring) {
        if key == "ggggeeee" {
            self = .privateGroups
            return
        }
        guard key.count == 8 else { return nil }
        var value: UInt32 = 0
        var care: UInt32 = 0
        for character in key {
            value <<= 4
            care <<= 4
            if character == "x" { continue }
            guard let digit = character.hexDigitValue else { return nil }
            value |= UInt32(digit)
            care |= 0xF
        }
        self = care == 0xFFFF_FFFF ? .tag(Tag(value)) : .mask(value: value, care: care)
    }

    /// Whether `tag` is one this row covers. Masks cover even groups only: an
    /// odd group such as 6001 is private, as in the data dictionary.
    public func matches(_ tag: Tag) -> Bool {
        switch self {
        case .tag(let own): own == tag
        case .mask(let value, let care): tag.group & 1 == 0 && tag.rawValue & care == value
        case .privateGroups: tag.isPrivate
        }
    }

    /// `(0010,0010)`, `(60xx,3000)` or `(gggg,eeee)`, as the standard prints rows.
    public var description: String {
        switch self {
        case .tag(let tag):
            return tag.description
        case .mask(let value, let care):
            let digits = (0..<8).map { index -> Character in
                let shift = UInt32(28 - 4 * index)
                guard (care >> shift) & 0xF != 0 else { return "x" }
                return Character(String((value >> shift) & 0xF, radix: 16, uppercase: true))
            }
            return "(\(String(digits.prefix(4))),\(String(digits.suffix(4))))"
        case .privateGroups:
            return "(gggg,eeee)"
        }
    }
}
