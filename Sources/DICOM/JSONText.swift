/// A small JSON writer: the DICOM JSON model needs only strings, numbers, arrays
/// and objects, and writing them by hand keeps key order and number text exact.
struct JSONText {
    private(set) var text = ""

    mutating func raw(_ fragment: String) { text += fragment }

    mutating func string(_ value: String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }

    /// A finite double as a JSON number; NaN and infinities, which JSON cannot
    /// hold, as strings.
    mutating func number(_ value: Double) {
        if value.isFinite {
            if value == value.rounded(), abs(value) < 1e15 {
                text += String(Int64(value))
            } else {
                text += "\(value)"
            }
        } else {
            string(value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"))
        }
    }

    mutating func number(_ value: Int64) { text += String(value) }

    /// Integers JSON readers hold exactly (±(2^53 - 1)) as numbers, others as strings
    /// (PS3.18 F.2.3.1).
    /// `magnitude`, not `abs`: abs(Int64.min) overflows (an SV of 0x8000000000000000).
    mutating func exactInteger(_ value: Int64) {
        if value.magnitude < (1 << 53) { number(value) } else { string(String(value)) }
    }

    mutating func exactUnsigned(_ value: UInt64) {
        if value < (1 << 53) { number(Int64(value)) } else { string(String(value)) }
    }

    static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    mutating func base64(_ bytes: UnsafeRawBufferPointer) {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4 + 2)
        out.append(0x22)
        var index = 0
        let alphabet = Self.base64Alphabet
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out.append(alphabet[Int(chunk >> 18 & 63)])
            out.append(alphabet[Int(chunk >> 12 & 63)])
            out.append(alphabet[Int(chunk >> 6 & 63)])
            out.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let second = rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0
            let chunk = UInt32(bytes[index]) << 16 | second
            out.append(alphabet[Int(chunk >> 18 & 63)])
            out.append(alphabet[Int(chunk >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(chunk >> 6 & 63)] : 0x3D)
            out.append(0x3D)
        }
        out.append(0x22)
        text += String(decoding: out, as: UTF8.self)
    }
}
