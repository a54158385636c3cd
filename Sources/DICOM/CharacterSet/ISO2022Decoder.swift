/// Python's `iso2022_jp` and `iso2022_jp_2` decoders (CPython _codecs_iso2022.c).
///
/// pydicom hands these codecs whole fragments that start with `ESC $ B` or `ESC $ ( D`,
/// and also any fragment it decodes with the first code element when that is one of
/// them, so every escape sequence the codec could meet must behave as in Python:
/// designations it knows switch G0, others are errors, and an ESC that starts no
/// ISO 2022 sequence is passed through with the bytes after it up to a final byte.
struct ISO2022Decoder {
    typealias Output = String.UnicodeScalarView

    /// Graphic sets, as CPython marks them: the final byte, | 0x80 for two-byte sets.
    private enum Set {
        static let ascii: UInt8 = 0x42  // ESC ( B
        static let jisX0201Roman: UInt8 = 0x4A  // ESC ( J
        static let latin1: UInt8 = 0x41  // ESC . A (G2, iso2022_jp_2)
        static let greek: UInt8 = 0x46  // ESC . F (G2, iso2022_jp_2)
        static let gb2312: UInt8 = 0x41 | 0x80  // ESC $ A
        static let jisX0208: UInt8 = 0x42 | 0x80  // ESC $ B
        static let ksX1001: UInt8 = 0x43 | 0x80  // ESC $ ( C
        static let jisX0212: UInt8 = 0x44 | 0x80  // ESC $ ( D
        static let jisX0208old: UInt8 = 0x40 | 0x80  // ESC $ @
    }

    /// `iso2022_jp_2` adds JIS X 0212, KS X 1001, GB 2312 and the G2 sets.
    private let extended: Bool
    private var g = [Set.ascii, Set.ascii, Set.ascii]
    /// After an ESC that starts no known sequence, bytes pass through up to a final byte.
    private var escapeThroughout = false

    init(extended: Bool) { self.extended = extended }

    private static let designations: [UInt8] = [Set.jisX0208, Set.jisX0201Roman, Set.jisX0208old]
    private static let extendedDesignations: [UInt8] =
        designations + [Set.jisX0212, Set.ksX1001, Set.gb2312, Set.latin1, Set.greek]

    /// Fetched once per decoder rather than once per character.
    private lazy var jisX0208 = DoubleByteTable.table(for: .jisX0208)
    private lazy var jisX0212 = DoubleByteTable.table(for: .jisX0212)
    private lazy var ksX1001 = DoubleByteTable.table(for: .eucKR)
    private lazy var gb2312 = DoubleByteTable.table(for: .eucCN)

    private enum Outcome { case ok, error(Int), truncated }

    mutating func decode(_ bytes: ArraySlice<UInt8>, into output: inout Output, replacing: Bool) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            switch step(bytes, &i, &output) {
            case .ok: continue
            case .error(let length):
                guard replacing else { return false }
                output.append("\u{FFFD}")
                i += length
            case .truncated:
                guard replacing else { return false }
                output.append("\u{FFFD}")
                return true
            }
        }
        return true
    }

    private mutating func step(_ bytes: ArraySlice<UInt8>, _ i: inout Int, _ output: inout Output) -> Outcome {
        let c = bytes[i]
        if escapeThroughout {
            output.append(Unicode.Scalar(c))  // as ISO 8859-1
            i += 1
            if Self.isFinal(c) { escapeThroughout = false }
            return .ok
        }
        if c == 0x1B {
            guard i + 1 < bytes.endIndex else { return .truncated }
            let c2 = bytes[i + 1]
            switch c2 {
            case 0x28, 0x29, 0x24, 0x2E, 0x26: return designate(bytes, &i)  // ( ) $ . &
            default: break
            }
            if extended && c2 == 0x4E {  // ESC N: single shift 2
                guard i + 2 < bytes.endIndex else { return .truncated }
                guard let scalar = singleShift(bytes[i + 2]) else { return .error(3) }
                output.append(scalar)
                i += 3
                return .ok
            }
            output.append("\u{1B}")
            escapeThroughout = true
            i += 1
            return .ok
        }
        // C0 controls (SO and SI too: these codecs do not shift) and ASCII in G0 = ASCII.
        if c < 0x20 || (c < 0x80 && g[0] == Set.ascii) {
            output.append(Unicode.Scalar(c))
            i += 1
            return .ok
        }
        if c >= 0x80 { return .error(1) }
        let width = g[0] & 0x80 != 0 ? 2 : 1
        guard i + width <= bytes.endIndex else { return .truncated }
        guard let value = character(in: g[0], bytes[i], width == 2 ? bytes[i + 1] : 0) else {
            return .error(width)
        }
        output.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        i += width
        return .ok
    }

    /// CPython's iso2022processesc: find the final byte, then accept only designations
    /// of sets this codec has; the error length is the whole sequence.
    private mutating func designate(_ bytes: ArraySlice<UInt8>, _ i: inout Int) -> Outcome {
        var length = 0
        var k = 1
        while k < 16 {
            guard i + k < bytes.endIndex else { return .truncated }
            if Self.isFinal(bytes[i + k]) { length = k + 1; break }
            // ESC & @ ESC $ B: JIS X 0208-1990, read as JIS X 0208.
            if bytes[i + k] == 0x26, i + k + 1 < bytes.endIndex, bytes[i + k + 1] == 0x40 { k += 2 }
            k += 1
        }
        if k >= 16 { return .error(1) }
        let at = i
        func b(_ n: Int) -> UInt8 { bytes[at + n] }
        let set: UInt8, element: Int
        switch length {
        case 3:
            if b(1) == 0x24 {
                (set, element) = (b(2) | 0x80, 0)
            } else if b(1) == 0x28 {
                (set, element) = (b(2), 0)
            } else if b(1) == 0x29 {
                (set, element) = (b(2), 1)
            } else if extended && b(1) == 0x2E {
                (set, element) = (b(2), 2)
            } else {
                return .error(3)
            }
        case 4:
            guard b(1) == 0x24 else { return .error(4) }
            if b(2) == 0x28 {
                (set, element) = (b(3) | 0x80, 0)
            } else if b(2) == 0x29 {
                (set, element) = (b(3) | 0x80, 1)
            } else {
                return .error(4)
            }
        case 6:
            guard b(3) == 0x1B, b(4) == 0x24, b(5) == 0x42 else { return .error(6) }
            (set, element) = (Set.jisX0208, 0)
        default:
            return .error(length)
        }
        let known = extended ? Self.extendedDesignations : Self.designations
        if set != Set.ascii && !known.contains(set) { return .error(length) }
        g[element] = set
        i += length
        return .ok
    }

    /// ESC N c: one character from G2 (CPython iso2022processg2).
    private func singleShift(_ c: UInt8) -> Unicode.Scalar? {
        switch g[2] {
        case Set.latin1: return c < 0x80 ? Unicode.Scalar(c + 0x80) : nil
        case Set.greek: return Self.greekG2(c ^ 0x80)
        default: return c & 0x80 != 0 ? nil : Unicode.Scalar(c)  // G2 still ASCII
        }
    }

    private mutating func character(in set: UInt8, _ c1: UInt8, _ c2: UInt8) -> UInt32? {
        // The 94x94 tables hold 0x21-0x7E only; the EUC lookup below would also accept
        // a trail byte with the high bit already set.
        if set & 0x80 != 0 && !(0x21...0x7E).contains(c2) { return nil }
        switch set {
        case Set.jisX0208, Set.jisX0208old:
            if c1 == 0x21 && c2 == 0x40 { return 0xFF3C }  // FULLWIDTH REVERSE SOLIDUS
            return jisX0208[c1 | 0x80, c2 | 0x80]
        case Set.jisX0212: return jisX0212[c1 | 0x80, c2 | 0x80]
        case Set.ksX1001: return ksX1001[c1 | 0x80, c2 | 0x80]
        case Set.gb2312: return gb2312[c1 | 0x80, c2 | 0x80]
        case Set.jisX0201Roman: return c1 == 0x5C ? 0xA5 : c1 == 0x7E ? 0x203E : UInt32(c1)
        default: return nil  // the G2 sets designated into G0 decode nothing
        }
    }

    /// CPython's ISO8859_7_DECODE, quirks included.
    private static func greekG2(_ c: UInt8) -> Unicode.Scalar? {
        let v = UInt32(c)
        if c < 0xA0 { return Unicode.Scalar(v) }
        if c < 0xC0 && (0x288F_3BC9 as UInt32) & (1 << (v - 0xA0)) != 0 { return Unicode.Scalar(v) }
        if c >= 0xB4 && c <= 0xFE && (c >= 0xD4 || (0xBFFF_FD77 as UInt32) & (1 << (v - 0xB4)) != 0) {
            return Unicode.Scalar(0x02D0 + v)
        }
        switch c {
        case 0xA1: return "\u{2018}"
        case 0xA2: return "\u{2019}"
        case 0xAF: return "\u{2015}"
        default: return nil
        }
    }

    private static func isFinal(_ c: UInt8) -> Bool { (0x41...0x5A).contains(c) || c == 0x40 }
}
