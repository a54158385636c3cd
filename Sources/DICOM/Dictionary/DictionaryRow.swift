/// Reads the generated tables (`StandardDictionaryData` and the others): lines of
/// tab-separated fields in one string literal.
///
/// The tables are strings rather than array literals because the type checker takes
/// minutes over ten thousand struct literals; reading them costs a few milliseconds,
/// once. Fields are byte ranges into the literal's own storage, so only the strings
/// a table keeps are ever allocated.
struct DictionaryRow {
    private let bytes: UnsafeBufferPointer<UInt8>
    fileprivate var ranges: [Range<Int>] = []

    fileprivate init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        ranges.reserveCapacity(8)
    }

    var count: Int { ranges.count }

    /// A field's text; the generator leaves out empty trailing fields, so a missing
    /// field is an empty one.
    func string(_ index: Int) -> String {
        guard index < ranges.count else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[ranges[index]]), as: UTF8.self)
    }

    /// The VR column: "OB or OW" and "US or SS or OW" (PS3.6), "OB_OW" (pydicom's
    /// private dictionary), "NONE". `cache` shares one array per spelling, so ten
    /// thousand entries hold a few dozen arrays. generate.py rejects any other
    /// spelling, so an unknown part (which would be dropped) cannot occur.
    func vrs(_ index: Int, cache: inout [String: [VR]]) -> [VR] {
        let text = string(index)
        if let known = cache[text] { return known }
        var vrs: [VR] = []
        if text != "NONE" {
            for word in text.split(whereSeparator: { $0 == " " || $0 == "_" }) where word != "or" {
                if let vr = VR(rawValue: String(word)) { vrs.append(vr) }
            }
        }
        cache[text] = vrs
        return vrs
    }

    func isEmpty(_ index: Int) -> Bool {
        index >= ranges.count || ranges[index].isEmpty
    }

    /// Eight hex digits where `x` stands for any digit, as in `60xx0010`: the value
    /// with each `x` read as 0, and a mask with F where the digit is fixed.
    func pattern(_ index: Int) -> (value: UInt32, fixed: UInt32)? {
        guard index < ranges.count, ranges[index].count == 8 else { return nil }
        var value: UInt32 = 0
        var fixed: UInt32 = 0
        for byte in bytes[ranges[index]] {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte &- UInt8(ascii: "A") &+ 10)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte &- UInt8(ascii: "a") &+ 10)
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                value <<= 4
                fixed <<= 4
                continue
            default: return nil
            }
            value = value << 4 | digit
            fixed = fixed << 4 | 0xF
        }
        return (value, fixed)
    }
}

extension DictionaryRow {
    /// Calls `body` with each non-empty line of `text`. The row is only valid during
    /// the call: it points into `text`'s storage.
    static func forEach(in text: String, _ body: (DictionaryRow) -> Void) {
        var text = text
        // A literal is already contiguous UTF-8, so this neither copies nor allocates.
        text.withUTF8 { bytes in
            var row = DictionaryRow(bytes: bytes)
            var lineStart = 0
            var fieldStart = 0
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : UInt8(ascii: "\n")
                if byte == UInt8(ascii: "\t") {
                    row.ranges.append(fieldStart..<index)
                    fieldStart = index + 1
                } else if byte == UInt8(ascii: "\n") {
                    if index > lineStart {
                        row.ranges.append(fieldStart..<index)
                        body(row)
                    }
                    row.ranges.removeAll(keepingCapacity: true)
                    lineStart = index + 1
                    fieldStart = index + 1
                }
            }
        }
    }
}
