/// Python's CJK decoders (CPython Modules/cjkcodecs), step for step, over tables read
/// from glibc. What matters beyond the tables is where Python reports errors, because
/// pydicom either fails over to another code page or replaces each error with one
/// U+FFFD:
/// - an invalid or unmapped sequence is an error of one byte, and decoding resumes at
///   the next byte (which may be the trail byte just rejected);
/// - a sequence cut short by the end of the input is one error covering all the rest.
enum MultiByteDecoder {
    typealias Output = String.UnicodeScalarView

    static func shiftJIS(_ bytes: ArraySlice<UInt8>, into output: inout Output, replacing: Bool) -> Bool {
        let table = DoubleByteTable.table(for: .shiftJIS)
        return run(bytes, into: &output, replacing: replacing) { bytes, i in
            let c = bytes[i]
            if c < 0x80 { return .scalar(UInt32(c), 1) }
            if (0xA1...0xDF).contains(c) { return .scalar(0xFEC0 + UInt32(c), 1) }  // JIS X 0201 katakana
            guard (0x81...0x9F).contains(c) || (0xE0...0xEA).contains(c) else { return .invalid }
            guard i + 1 < bytes.endIndex else { return .truncated }
            return table[c, bytes[i + 1]].map { .scalar($0, 2) } ?? .invalid
        }
    }

    static func eucKR(_ bytes: ArraySlice<UInt8>, into output: inout Output, replacing: Bool) -> Bool {
        let table = DoubleByteTable.table(for: .eucKR)
        return run(bytes, into: &output, replacing: replacing) { bytes, i in
            let c = bytes[i]
            if c < 0x80 { return .scalar(UInt32(c), 1) }
            guard i + 1 < bytes.endIndex else { return .truncated }
            if c == 0xA4 && bytes[i + 1] == 0xD4 { return makeUpSequence(bytes, at: i) }
            return table[c, bytes[i + 1]].map { .scalar($0, 2) } ?? .invalid
        }
    }

    /// GB 2312 (EUC-CN) and GBK: ASCII, or a lead byte and any second byte, looked up.
    static func doubleByte(
        _ source: DoubleByteTable.Source, _ bytes: ArraySlice<UInt8>, into output: inout Output, replacing: Bool
    ) -> Bool {
        let table = DoubleByteTable.table(for: source)
        return run(bytes, into: &output, replacing: replacing) { bytes, i in
            let c = bytes[i]
            if c < 0x80 { return .scalar(UInt32(c), 1) }
            guard i + 1 < bytes.endIndex else { return .truncated }
            return table[c, bytes[i + 1]].map { .scalar($0, 2) } ?? .invalid
        }
    }

    static func gb18030(_ bytes: ArraySlice<UInt8>, into output: inout Output, replacing: Bool) -> Bool {
        let table = DoubleByteTable.table(for: .gb18030)
        return run(bytes, into: &output, replacing: replacing) { bytes, i in
            let c = bytes[i]
            if c < 0x80 { return .scalar(UInt32(c), 1) }
            guard i + 1 < bytes.endIndex else { return .truncated }
            let c2 = bytes[i + 1]
            guard (0x30...0x39).contains(c2) else {
                return table[c, c2].map { .scalar($0, 2) } ?? .invalid
            }
            // Four-byte sequence: checked only once all four bytes are there.
            guard i + 3 < bytes.endIndex else { return .truncated }
            return GB18030FourByteTable.shared.scalar(c, c2, bytes[i + 2], bytes[i + 3]).map { .scalar($0, 4) }
                ?? .invalid
        }
    }

    // MARK: - Shared driver

    enum Step { case scalar(UInt32, Int), invalid, truncated }

    /// Runs one decoder step at a time; false as soon as an error occurs without
    /// `replacing`.
    private static func run(
        _ bytes: ArraySlice<UInt8>, into output: inout Output, replacing: Bool,
        step: (ArraySlice<UInt8>, Int) -> Step
    ) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            switch step(bytes, i) {
            case .scalar(let value, let length):
                output.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                i += length
            case .invalid:
                guard replacing else { return false }
                output.append("\u{FFFD}")
                i += 1
            case .truncated:
                guard replacing else { return false }
                output.append("\u{FFFD}")
                return true
            }
        }
        return true
    }

    /// KS X 1001:1998 Annex 3 make-up sequence: the filler 0xA4D4 followed by three
    /// jamo, each 0xA4xx, composing one Hangul syllable. Python reads it; glibc does not.
    private static func makeUpSequence(_ bytes: ArraySlice<UInt8>, at i: Int) -> Step {
        guard i + 7 < bytes.endIndex else { return .truncated }
        guard bytes[i + 2] == 0xA4, bytes[i + 4] == 0xA4, bytes[i + 6] == 0xA4 else { return .invalid }
        let none = 127
        let choseong = [
            0, 1, none, 2, none, none, 3, 4, 5, none, none, none, none, none, none,
            none, 6, 7, 8, none, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
        ]
        let jongseong = [
            1, 2, 3, 4, 5, 6, 7, none, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
            none, 18, 19, 20, 21, 22, none, 23, 24, 25, 26, 27,
        ]
        let c3 = bytes[i + 3], c5 = bytes[i + 5], c7 = bytes[i + 7]
        let cho = (0xA1...0xBE).contains(c3) ? choseong[Int(c3 - 0xA1)] : none
        let jung = (0xBF...0xD3).contains(c5) ? Int(c5 - 0xBF) : none
        let jong = c7 == 0xD4 ? 0 : (0xA1...0xBE).contains(c7) ? jongseong[Int(c7 - 0xA1)] : none
        guard cho != none, jung != none, jong != none else { return .invalid }
        return .scalar(UInt32(0xAC00 + cho * 588 + jung * 28 + jong), 8)
    }
}
