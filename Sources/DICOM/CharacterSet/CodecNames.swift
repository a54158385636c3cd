/// Python's codec name lookup (`codecs.lookup`), for the codecs in `Codec`.
///
/// pydicom accepts a (0008,0005) value that is not a DICOM term if Python knows it as a
/// codec name ("utf8", "latin-1", "ISO_IR_100", " ISO_IR 100"), so the same names must
/// resolve here. Python lower-cases the name, turns each run of characters other than
/// ASCII letters, digits and '.' into one '_' (dropping leading and trailing ones), and
/// looks the result up in `encodings.aliases`, then as a module name. Names of Python
/// codecs not reproduced here (utf_16, euc_jp, big5, cp437, ...) resolve to nil, and the
/// caller treats them as unknown: the one place this module knowingly differs from
/// pydicom, which would decode with them.
enum CodecNames {
    static func lookup(_ name: String) -> Codec? {
        let normalized = normalize(name)
        if let codec = aliases[normalized] ?? aliases[normalized.replacing(".", with: "_")] {
            return codec
        }
        return normalized.contains(".") ? nil : Codec(rawValue: normalized)
    }

    static func normalize(_ name: String) -> String {
        var result = ""
        var pendingSeparator = false
        for byte in name.utf8 {
            let isWordByte =
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte)
                || (0x61...0x7A).contains(byte) || byte == 0x2E
            if isWordByte {
                if pendingSeparator && !result.isEmpty { result.append("_") }
                pendingSeparator = false
                let lowercased = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                result.unicodeScalars.append(Unicode.Scalar(lowercased))
            } else {
                pendingSeparator = true
            }
        }
        return result
    }

    /// `encodings.aliases.aliases` of Python 3.11, restricted to the codecs in `Codec`.
    private static let aliases: [String: Codec] = {
        var table: [String: Codec] = [:]
        for (codec, names) in aliasLists {
            for name in names.split(separator: " ") { table[String(name)] = codec }
        }
        return table
    }()

    private static let aliasLists: [(Codec, String)] = [
        (
            .ascii,
            "646 ansi_x3.4_1968 ansi_x3.4_1986 ansi_x3_4_1968 cp367 csascii"
                + " ibm367 iso646_us iso_646.irv_1991 iso_ir_6 us us_ascii"
        ),
        (
            .latin1,
            "8859 cp819 csisolatin1 ibm819 iso8859 iso8859_1"
                + " iso_8859_1 iso_8859_1_1987 iso_ir_100 l1 latin latin1"
        ),
        (.iso8859_2, "csisolatin2 iso_8859_2 iso_8859_2_1987 iso_ir_101 l2 latin2"),
        (.iso8859_3, "csisolatin3 iso_8859_3 iso_8859_3_1988 iso_ir_109 l3 latin3"),
        (.iso8859_4, "csisolatin4 iso_8859_4 iso_8859_4_1988 iso_ir_110 l4 latin4"),
        (.iso8859_5, "csisolatincyrillic cyrillic iso_8859_5 iso_8859_5_1988 iso_ir_144"),
        (.iso8859_6, "arabic asmo_708 csisolatinarabic ecma_114 iso_8859_6 iso_8859_6_1987 iso_ir_127"),
        (.iso8859_7, "csisolatingreek ecma_118 elot_928 greek greek8 iso_8859_7 iso_8859_7_1987 iso_ir_126"),
        (.iso8859_8, "csisolatinhebrew hebrew iso_8859_8 iso_8859_8_1988 iso_ir_138"),
        (.iso8859_9, "csisolatin5 iso_8859_9 iso_8859_9_1989 iso_ir_148 l5 latin5"),
        (.iso8859_10, "csisolatin6 iso_8859_10 iso_8859_10_1992 iso_ir_157 l6 latin6"),
        (.iso8859_11, "iso_8859_11 iso_8859_11_2001 thai"),
        (.iso8859_13, "iso_8859_13 l7 latin7"),
        (.iso8859_14, "iso_8859_14 iso_8859_14_1998 iso_celtic iso_ir_199 l8 latin8"),
        (.iso8859_15, "iso_8859_15 l9 latin9"),
        (.iso8859_16, "iso_8859_16 iso_8859_16_2001 iso_ir_226 l10 latin10"),
        (.cp1250, "1250 windows_1250"),
        (.cp1251, "1251 windows_1251"),
        (.cp1252, "1252 windows_1252"),
        (.cp1253, "1253 windows_1253"),
        (.cp1254, "1254 windows_1254"),
        (.cp1255, "1255 windows_1255"),
        (.cp1256, "1256 windows_1256"),
        (.cp1257, "1257 windows_1257"),
        (.cp1258, "1258 windows_1258"),
        (.koi8R, "cskoi8r"),
        (.tis620, "iso_ir_166 tis620 tis_620_0 tis_620_2529_0 tis_620_2529_1"),
        (.utf8, "cp65001 u8 utf utf8 utf8_ucs2 utf8_ucs4"),
        (.shiftJIS, "csshiftjis s_jis shiftjis sjis x_mac_japanese"),
        (.eucKR, "euckr korean ks_c_5601 ks_c_5601_1987 ks_x_1001 ksc5601 ksx1001 x_mac_korean"),
        (
            .gb2312,
            "chinese csiso58gb231280 euc_cn euccn"
                + " eucgb2312_cn gb2312_1980 gb2312_80 iso_ir_58 x_mac_simp_chinese"
        ),
        (.gbk, "936 cp936 ms936"),
        (.gb18030, "gb18030_2000"),
        (.iso2022JP, "csiso2022jp iso2022jp iso_2022_jp"),
        (.iso2022JP2, "iso2022jp_2 iso_2022_jp_2"),
    ]
}
