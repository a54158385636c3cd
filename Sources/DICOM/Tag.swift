/// A data element tag: group and element packed as `0xGGGGEEEE`, so tags sort in
/// the order the standard requires within a data set.
public struct Tag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public init(group: UInt16, element: UInt16) {
        rawValue = UInt32(group) << 16 | UInt32(element)
    }

    public var group: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    public var element: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    /// Odd groups other than 1, 3, 5, 7 and FFFF are private (PS3.5 7.8.1).
    public var isPrivate: Bool {
        group & 1 == 1 && group > 0x0007 && group != 0xFFFF
    }

    /// `(gggg,0010)` to `(gggg,00FF)` in a private group reserve a block for a creator.
    public var isPrivateCreator: Bool {
        isPrivate && element >= 0x0010 && element <= 0x00FF
    }

    /// The creator element that reserves this private element's block, e.g.
    /// `(0029,1012)` belongs to `(0029,0010)`.
    public var privateCreatorTag: Tag? {
        guard isPrivate, element >= 0x1000 else { return nil }
        return Tag(group: group, element: element >> 8)
    }

    public var isGroupLength: Bool { element == 0 }
    public var isFileMeta: Bool { group == 0x0002 }

    /// Item, item delimiter and sequence delimiter live in group FFFE.
    public var isDelimiter: Bool { group == 0xFFFE }

    public static func < (lhs: Tag, rhs: Tag) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `(GGGG,EEEE)` in upper-case hex, as dcmdump and the standard print it.
    public var description: String {
        "(\(Self.hex(group)),\(Self.hex(element)))"
    }

    /// `GGGGEEEE`, the DICOM JSON model's key form.
    public var hexString: String { Self.hex(group) + Self.hex(element) }

    /// Parses `GGGGEEEE` or `(GGGG,EEEE)`.
    public init?(parsing text: some StringProtocol) {
        var digits = Substring(text)
        if digits.first == "(" && digits.last == ")" {
            digits = digits.dropFirst().dropLast()
            let parts = digits.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 4 else { return nil }
            digits = parts[0] + parts[1]
        }
        guard digits.count == 8, let value = UInt32(digits, radix: 16) else { return nil }
        rawValue = value
    }

    static func hex(_ value: UInt16) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}

extension Tag {
    public static let fileMetaInformationGroupLength = Tag(0x0002_0000)
    public static let transferSyntaxUID = Tag(0x0002_0010)
    public static let specificCharacterSet = Tag(0x0008_0005)
    public static let rows = Tag(0x0028_0010)
    public static let columns = Tag(0x0028_0011)
    public static let bitsAllocated = Tag(0x0028_0100)
    public static let samplesPerPixel = Tag(0x0028_0002)
    public static let planarConfiguration = Tag(0x0028_0006)
    public static let numberOfFrames = Tag(0x0028_0008)
    public static let pixelData = Tag(0x7FE0_0010)
    public static let floatPixelData = Tag(0x7FE0_0008)
    public static let doubleFloatPixelData = Tag(0x7FE0_0009)
    public static let item = Tag(0xFFFE_E000)
    public static let itemDelimitation = Tag(0xFFFE_E00D)
    public static let sequenceDelimitation = Tag(0xFFFE_E0DD)
}
