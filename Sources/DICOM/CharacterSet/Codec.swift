/// One of the Python codecs pydicom can end up decoding with, reproduced byte for byte:
/// the same characters, the same failures, and the same U+FFFD replacements when
/// Python is asked for `errors="replace"`.
///
/// The raw value is Python's canonical codec name. Terms of (0008,0005) map to these
/// through `SpecificCharacterSet.pythonEncoding(for:)`; names Python would accept but
/// that are missing here are treated like unknown names (see `CodecNames`).
enum Codec: String, CaseIterable, Sendable, Hashable {
    case ascii
    case latin1 = "latin_1"
    case iso8859_2, iso8859_3, iso8859_4, iso8859_5, iso8859_6, iso8859_7, iso8859_8
    case iso8859_9, iso8859_10, iso8859_11, iso8859_13, iso8859_14, iso8859_15, iso8859_16
    case cp1250, cp1251, cp1252, cp1253, cp1254, cp1255, cp1256, cp1257, cp1258
    case koi8R = "koi8_r"
    case koi8U = "koi8_u"
    case tis620 = "tis_620"
    case cp874
    case utf8 = "utf_8"
    case shiftJIS = "shift_jis"
    case eucKR = "euc_kr"
    case gb2312, gbk, gb18030
    case iso2022JP = "iso2022_jp"
    case iso2022JP2 = "iso2022_jp_2"

    /// glibc's name for the same code page, for the single-byte tables and encoding.
    var iconvName: String {
        switch self {
        case .ascii: "ASCII"
        case .latin1: "ISO-8859-1"
        case .koi8R: "KOI8-R"
        case .koi8U: "KOI8-U"
        case .tis620: "TIS-620"
        case .utf8: "UTF-8"
        case .shiftJIS: "SHIFT_JIS"
        case .eucKR: "EUC-KR"
        case .gb2312: "EUC-CN"
        case .gbk: "GBK"
        case .gb18030: "GB18030"
        case .iso2022JP: "ISO-2022-JP"
        case .iso2022JP2: "ISO-2022-JP-2"
        default:
            // iso8859_N is ISO-8859-N; cp1250 ... cp1258 and cp874 are CP1250 ... CP874.
            if rawValue.hasPrefix("iso8859_") { "ISO-8859-" + rawValue.dropFirst(8) } else { rawValue.uppercased() }
        }
    }

    /// Codecs where each byte is one character, decoded through a 256-entry table.
    var isSingleByte: Bool {
        switch self {
        case .utf8, .shiftJIS, .eucKR, .gb2312, .gbk, .gb18030, .iso2022JP, .iso2022JP2: false
        default: true
        }
    }

    /// Decodes `bytes` as Python's `bytes.decode(codec, errors)` does: with
    /// `replacing == false` nil where Python raises UnicodeDecodeError, otherwise each
    /// error Python reports becomes one U+FFFD.
    func decode(_ bytes: ArraySlice<UInt8>, replacing: Bool) -> String? {
        let isISO2022 = self == .iso2022JP || self == .iso2022JP2
        if bytes.allSatisfy({ $0 < 0x80 }) && !(isISO2022 && bytes.contains(0x1B)) {
            // Every codec here reads ASCII as ASCII; the ISO 2022 ones only until an
            // escape sequence designates another set.
            return String(decoding: bytes, as: UTF8.self)
        }
        var output = String.UnicodeScalarView()
        output.reserveCapacity(bytes.count)
        let complete: Bool
        switch self {
        case .utf8:
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            // Python and Swift both replace each maximal invalid subpart (Unicode's practice).
            return replacing ? String(decoding: bytes, as: UTF8.self) : nil
        case .shiftJIS: complete = MultiByteDecoder.shiftJIS(bytes, into: &output, replacing: replacing)
        case .eucKR: complete = MultiByteDecoder.eucKR(bytes, into: &output, replacing: replacing)
        case .gb2312: complete = MultiByteDecoder.doubleByte(.eucCN, bytes, into: &output, replacing: replacing)
        case .gbk: complete = MultiByteDecoder.doubleByte(.gbk, bytes, into: &output, replacing: replacing)
        case .gb18030: complete = MultiByteDecoder.gb18030(bytes, into: &output, replacing: replacing)
        case .iso2022JP, .iso2022JP2:
            var decoder = ISO2022Decoder(extended: self == .iso2022JP2)
            complete = decoder.decode(bytes, into: &output, replacing: replacing)
        default:
            complete = SingleByteTable.table(for: self).decode(bytes, into: &output, replacing: replacing)
        }
        return complete ? String(output) : nil
    }
}
