/// A value representation (PS3.5 6.2): how an element's bytes are to be read.
public enum VR: String, CaseIterable, Sendable {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ
    case SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV

    /// The two ASCII bytes as found in an explicit VR header.
    public init?(bytes first: UInt8, _ second: UInt8) {
        guard (0x41...0x5A).contains(first), (0x41...0x5A).contains(second) else { return nil }
        // A table indexed by the two letters: this runs for every element header.
        guard let vr = VR.byLetters[Int(first - 0x41) * 26 + Int(second - 0x41)] else { return nil }
        self = vr
    }

    static let byLetters: [VR?] = {
        var table = [VR?](repeating: nil, count: 26 * 26)
        for vr in VR.allCases {
            let letters = Array(vr.rawValue.utf8)
            table[Int(letters[0] - 0x41) * 26 + Int(letters[1] - 0x41)] = vr
        }
        return table
    }()

    public var code: UInt16 {
        let scalars = Array(rawValue.utf8)
        return UInt16(scalars[0]) << 8 | UInt16(scalars[1])
    }

    /// Explicit VR headers of these VRs have two reserved bytes and a 32-bit length
    /// (PS3.5 Table 7.1-1); the others a 16-bit length.
    public var hasLongLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .UC, .UN, .UR, .UT, .SV, .UV: true
        default: false
        }
    }

    /// Character strings, read through the Specific Character Set when `usesCharacterSet`.
    public var isString: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: true
        default: false
        }
    }

    /// Strings whose bytes may be other than the default repertoire (PS3.5 6.1.2.3).
    public var usesCharacterSet: Bool {
        switch self {
        case .SH, .LO, .ST, .LT, .PN, .UC, .UT: true
        default: false
        }
    }

    /// Values that hold one text with no backslash separator (VM is always 1).
    public var isSingleValuedText: Bool {
        switch self {
        case .LT, .ST, .UT, .UR: true
        default: false
        }
    }

    /// Bytes per value for the fixed-size binary VRs; nil for the others.
    public var binaryWidth: Int? {
        switch self {
        case .SS, .US, .OW: 2
        case .SL, .UL, .FL, .AT, .OL, .OF: 4
        case .FD, .SV, .UV, .OD, .OV: 8
        default: nil
        }
    }

    /// Raw binary VRs whose value is one opaque block, not a list of numbers.
    public var isBulk: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN: true
        default: false
        }
    }

    /// Padding to an even length: NUL for UI and binary, space for other strings.
    public var paddingByte: UInt8 {
        switch self {
        case .UI, .OB, .UN: 0x00
        default: isString ? 0x20 : 0x00
        }
    }
}
