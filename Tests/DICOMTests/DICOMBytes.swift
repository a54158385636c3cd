/// Builds DICOM bytes by hand, for tests that need files no writer would make:
/// element headers in either VR mode and byte order, with any length, items and
/// delimiters, a file meta group, and raw deflate streams (stored blocks, and a
/// bomb of zeros).
///
/// `mark()` records where the next header starts, relative to `origin` (the start
/// of the data set in a deflated file, where offsets count in the inflated bytes).
struct DICOMBytes {
    static let undefined: UInt32 = 0xFFFF_FFFF

    enum Syntax: String {
        case implicitLE = "1.2.840.10008.1.2"
        case explicitLE = "1.2.840.10008.1.2.1"
        case explicitBE = "1.2.840.10008.1.2.2"
        case deflated = "1.2.840.10008.1.2.1.99"
        case jpegBaseline = "1.2.840.10008.1.2.4.50"

        var explicitVR: Bool { self != .implicitLE }
        var bigEndian: Bool { self == .explicitBE }
    }

    var bytes: [UInt8] = []
    var explicitVR = true
    var bigEndian = false
    var origin = 0
    private(set) var marked: Int?

    init(explicitVR: Bool = true, bigEndian: Bool = false) {
        self.explicitVR = explicitVR
        self.bigEndian = bigEndian
    }

    var count: Int { bytes.count }
    var position: Int { bytes.count - origin }

    mutating func mark() { marked = position }
    mutating func mark(at offset: Int) { marked = offset }

    // MARK: Raw bytes

    mutating func raw(_ data: [UInt8]) { bytes += data }

    mutating func u16(_ value: UInt16) {
        bytes += bigEndian ? [UInt8(value >> 8), UInt8(value & 0xFF)] : [UInt8(value & 0xFF), UInt8(value >> 8)]
    }

    mutating func u32(_ value: UInt32) {
        let little = (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        bytes += bigEndian ? little.reversed() : little
    }

    /// Group then element, each in the current byte order.
    mutating func tag(_ tag: UInt32) {
        u16(UInt16(tag >> 16))
        u16(UInt16(tag & 0xFFFF))
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// Text padded to an even length as PS3.5 6.2 says (NUL for UI, space otherwise).
    static func text(_ string: String, vr: String = "LO") -> [UInt8] {
        var value = Array(string.utf8)
        if value.count % 2 == 1 { value.append(vr == "UI" ? 0 : 0x20) }
        return value
    }

    static let longVRs: Set<String> = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV"]

    // MARK: Elements

    /// An element header: explicit (`vr` is written; any two bytes, valid or not) or
    /// implicit (`vr` only says nothing). Long-length VRs get the reserved bytes and a
    /// 32-bit length; the others a 16-bit one (`length` is then truncated).
    mutating func header(_ tag: UInt32, _ vr: String, length: UInt32) {
        self.tag(tag)
        if explicitVR {
            let vrBytes = Array(vr.utf8)
            precondition(vrBytes.count == 2)
            bytes += vrBytes
            if Self.longVRs.contains(vr) {
                bytes += [0, 0]
                u32(length)
            } else {
                u16(UInt16(truncatingIfNeeded: length))
            }
        } else {
            u32(length)
        }
    }

    /// A whole element; `length` overrides the value's own length.
    mutating func element(_ tag: UInt32, _ vr: String, _ value: [UInt8] = [], length: UInt32? = nil) {
        header(tag, vr, length: length ?? UInt32(value.count))
        bytes += value
    }

    mutating func element(_ tag: UInt32, _ vr: String, text: String) {
        element(tag, vr, Self.text(text, vr: vr))
    }

    mutating func us(_ tag: UInt32, _ value: UInt16) {
        header(tag, "US", length: 2)
        u16(value)
    }

    mutating func ul(_ tag: UInt32, _ value: UInt32) {
        header(tag, "UL", length: 4)
        u32(value)
    }

    // MARK: Items and sequences

    mutating func itemHeader(length: UInt32) {
        tag(0xFFFE_E000)
        u32(length)
    }

    /// An item with a value and no VR: a fragment, or the basic offset table.
    mutating func fragment(_ value: [UInt8]) {
        itemHeader(length: UInt32(value.count))
        bytes += value
    }

    mutating func itemDelimiter(length: UInt32 = 0) {
        tag(0xFFFE_E00D)
        u32(length)
    }

    mutating func sequenceDelimiter(length: UInt32 = 0) {
        tag(0xFFFE_E0DD)
        u32(length)
    }

    /// A sequence or item left open: `close` patches its length (defined) or
    /// writes its delimiter (undefined).
    struct Open {
        let lengthAt: Int?
        let valueStart: Int
        let isItem: Bool
        let bigEndian: Bool
    }

    mutating func openSequence(_ tag: UInt32, vr: String = "SQ", defined: Bool) -> Open {
        header(tag, vr, length: Self.undefined)
        return Open(lengthAt: defined ? count - 4 : nil, valueStart: count, isItem: false, bigEndian: bigEndian)
    }

    mutating func openItem(defined: Bool) -> Open {
        itemHeader(length: Self.undefined)
        return Open(lengthAt: defined ? count - 4 : nil, valueStart: count, isItem: true, bigEndian: bigEndian)
    }

    mutating func close(_ open: Open) {
        guard let at = open.lengthAt else {
            if open.isItem { itemDelimiter() } else { sequenceDelimiter() }
            return
        }
        let length = Self.le32(UInt32(count - open.valueStart))
        bytes.replaceSubrange(at..<(at + 4), with: open.bigEndian ? length.reversed() : length)
    }

    mutating func sequence(
        _ tag: UInt32, vr: String = "SQ", defined: Bool, _ body: (inout DICOMBytes) -> Void
    ) {
        let open = openSequence(tag, vr: vr, defined: defined)
        body(&self)
        close(open)
    }

    mutating func item(defined: Bool, _ body: (inout DICOMBytes) -> Void = { _ in }) {
        let open = openItem(defined: defined)
        body(&self)
        close(open)
    }

    /// `depth` sequences of one item each, nested, built without recursion.
    mutating func nested(depth: Int, tag: UInt32 = 0x0008_1140, defined: Bool, innermost: (inout DICOMBytes) -> Void) {
        var open: [Open] = []
        open.reserveCapacity(2 * depth)
        for _ in 0..<depth {
            open.append(openSequence(tag, defined: defined))
            open.append(openItem(defined: defined))
        }
        innermost(&self)
        while let last = open.popLast() { close(last) }
    }

    // MARK: Files

    /// 128 zero bytes and "DICM".
    static func preamble(_ first: [UInt8] = []) -> DICOMBytes {
        var file = DICOMBytes()
        file.bytes = first + [UInt8](repeating: 0, count: 128 - first.count) + Array("DICM".utf8)
        return file
    }

    /// A Part 10 file up to its data set: preamble, a meta group of group length and
    /// transfer syntax (`nil`: none), then the builder is set to the syntax's encoding.
    /// `groupLengthError` is added to the true group length.
    static func part10(
        _ syntax: Syntax?, uid: String? = nil, groupLengthError: Int = 0, preamble first: [UInt8] = []
    ) -> DICOMBytes {
        var file = preamble(first)
        var meta = DICOMBytes()
        meta.element(0x0002_0001, "OB", [0x00, 0x01])
        if let value = uid ?? syntax?.rawValue { meta.element(0x0002_0010, "UI", text: value) }
        file.ul(0x0002_0000, UInt32(meta.count + groupLengthError))
        file.raw(meta.bytes)
        if let syntax {
            file.explicitVR = syntax.explicitVR
            file.bigEndian = syntax.bigEndian
        }
        return file
    }

    /// The data set's first element, a valid explicit VR header (the reader looks at
    /// the first element to tell explicit from implicit VR).
    mutating func sopClass() {
        element(0x0008_0016, "UI", text: "1.2.840.10008.5.1.4.1.1.7")
    }

    /// Samples per Pixel, Number of Frames, Rows, Columns, Bits Allocated, in tag order.
    mutating func image(rows: UInt16, columns: UInt16, bits: UInt16, frames: String? = nil, samples: UInt16 = 1) {
        us(0x0028_0002, samples)
        if let frames { element(0x0028_0008, "IS", text: frames) }
        us(0x0028_0010, rows)
        us(0x0028_0011, columns)
        us(0x0028_0100, bits)
    }

    // MARK: Deflate

    /// Appends `body` as a deflate stream of stored blocks, taking over its mark
    /// (offsets in a deflated data set count in the inflated bytes).
    mutating func appendDeflated(_ body: DICOMBytes) {
        raw(Self.stored(body.bytes))
        marked = body.marked
    }

    /// A raw deflate stream (RFC 1951) of stored blocks: valid, uncompressed.
    static func stored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let end = min(start + 65535, data.count)
            out.append(end == data.count ? 1 : 0)  // BFINAL, BTYPE 00, then byte-aligned
            let length = UInt16(end - start)
            out += le16(length) + le16(~length)
            out += data[start..<end]
            start = end
        } while start < data.count
        return out
    }

    /// A raw deflate stream that inflates to `1 + 258 × repeats` zero bytes at about
    /// 2 bits per 258 bytes: one dynamic Huffman block whose literal/length code has
    /// only literal 0 (2 bits), end of block (2 bits) and length 258 (1 bit), and
    /// whose distance code has only distance 1 (1 bit). After one literal 0 every
    /// symbol is "copy 258 bytes from 1 back", two zero bits, so the body is zero
    /// bytes: 1 GiB costs about 1 MiB and is built in a moment.
    static func zeroBomb(repeats: Int) -> [UInt8] {
        var writer = BitWriter()
        writer.bits(1, 1)  // BFINAL
        writer.bits(2, 2)  // BTYPE 10: dynamic Huffman
        writer.bits(29, 5)  // HLIT: 286 literal/length codes (up to 285)
        writer.bits(0, 5)  // HDIST: 1 distance code
        writer.bits(14, 4)  // HCLEN: 18 code length codes
        // Code length code lengths in the RFC's order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1:
        // 18 (repeat zero 11-138 times) gets 1 bit, lengths 1 and 2 get 2 bits.
        for length in [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] { writer.bits(UInt32(length), 3) }
        // Canonical codes: 18 = 0, 1 = 10, 2 = 11 (Huffman codes go most significant bit first).
        writer.code("11")  // literal 0: length 2
        writer.code("0")
        writer.bits(127, 7)  // 138 zeros: literals 1-138
        writer.code("0")
        writer.bits(106, 7)  // 117 zeros: literals 139-255
        writer.code("11")  // 256 (end of block): length 2
        writer.code("0")
        writer.bits(17, 7)  // 28 zeros: 257-284
        writer.code("10")  // 285 (length 258): length 1
        writer.code("10")  // distance code 0 (distance 1): length 1
        // Literal/length codes: 285 = 0, literal 0 = 10, 256 = 11; distance 0 = 0.
        writer.code("10")  // one literal zero byte
        writer.zeros(2 * repeats)  // each: 285 then distance 0, no extra bits
        writer.code("11")  // end of block
        return writer.bytes
    }

    struct BitWriter {
        var bytes: [UInt8] = []
        var bitCount = 0

        /// `count` bits of `value`, least significant first (header fields, extra bits).
        mutating func bits(_ value: UInt32, _ count: Int) {
            for index in 0..<count { bit(UInt8((value >> index) & 1)) }
        }

        /// A Huffman code written as its digits, most significant first.
        mutating func code(_ digits: String) {
            for digit in digits.utf8 { bit(digit == UInt8(ascii: "1") ? 1 : 0) }
        }

        mutating func bit(_ value: UInt8) {
            if bitCount % 8 == 0 { bytes.append(0) }
            bytes[bytes.count - 1] |= value << UInt8(bitCount % 8)
            bitCount += 1
        }

        mutating func zeros(_ count: Int) {
            bitCount += count
            let needed = (bitCount + 7) / 8
            if needed > bytes.count { bytes += [UInt8](repeating: 0, count: needed - bytes.count) }
        }
    }
}
