extension SpecificCharacterSet {
    /// Decodes one element value, all of it: backslashes stay, padding stays.
    ///
    /// Only SH, LO, ST, LT, PN, UC and UT use the character set (PS3.5 6.1.2.3); other
    /// VRs are read as pydicom reads them, as ISO 8859-1.
    ///
    /// As pydicom (charset.decode_bytes):
    /// - Without ESC the value is decoded with the first code element; if that fails,
    ///   again with errors replaced by U+FFFD.
    /// - Otherwise the value is cut before every ESC. Each piece starting with an escape
    ///   sequence (3 bytes, 4 for `ESC $ (` and `ESC $ )`) is decoded with the set the
    ///   sequence designates, if that set's Python encoding is among the terms, or is
    ///   ISO-IR 6; the first delimiter in the piece switches back to the first code
    ///   element for the rest of it. Delimiters are CR, LF, TAB and FF for every VR,
    ///   PN included (the reader decodes PN values as text); '^' only in
    ///   `PersonName(value:characterSet:)`, and never the backslash.
    /// - JIS X 0208 (`ESC $ B`), JIS X 0212 (`ESC $ ( D`) and GB 2312 (`ESC $ ) A`)
    ///   pieces are given to Python's codec, escape sequence and all, which ignores the
    ///   delimiters.
    ///   For GB 2312 that codec is EUC-CN, so the `ESC $ ) A` itself comes out as the
    ///   text "\u{1B}$)A" ahead of the Chinese (a pydicom quirk, kept).
    /// - A piece whose escape sequence is unknown or not among the terms is decoded,
    ///   escape sequence included, with the first code element, errors replaced; so is a
    ///   piece that fails to decode. ISO 8859-1 never fails, so with ISO-IR 6 first
    ///   (`\ISO 2022 IR 87`) a bad piece comes out as Latin-1 text, ESC and all.
    public func decode(_ bytes: some Collection<UInt8>, vr: VR) -> String {
        let bytes = Array(bytes)[...]
        guard vr.usesCharacterSet else { return Codec.latin1.decode(bytes, replacing: true)! }
        return decode(bytes, delimiters: Self.textDelimiters)
    }

    /// pydicom's TEXT_VR_DELIMS, used for every VR when reading a data set.
    static let textDelimiters: [UInt8] = [0x0D, 0x0A, 0x09, 0x0C]
    /// pydicom's PN_DELIMS, used only when a PN value is decoded group by group.
    static let personNameDelimiters: [UInt8] = [0x5E]

    static let escape: UInt8 = 0x1B

    /// pydicom's CODES_TO_ENCODINGS: escape sequence to Python encoding (PS3.3 Tables
    /// C.12-3 and C.12-4). `ESC ( J` (JIS X 0201 Roman) is read as Shift_JIS, so 0x5C
    /// stays a backslash.
    static let escapeSequences: [[UInt8]: String] = [
        [0x1B, 0x28, 0x42]: "iso8859", [0x1B, 0x2D, 0x41]: "latin_1",
        [0x1B, 0x29, 0x49]: "shift_jis", [0x1B, 0x28, 0x4A]: "shift_jis",
        [0x1B, 0x24, 0x42]: "iso2022_jp", [0x1B, 0x2D, 0x42]: "iso8859_2",
        [0x1B, 0x2D, 0x43]: "iso8859_3", [0x1B, 0x2D, 0x44]: "iso8859_4",
        [0x1B, 0x2D, 0x46]: "iso_ir_126", [0x1B, 0x2D, 0x47]: "iso_ir_127",
        [0x1B, 0x2D, 0x48]: "iso_ir_138", [0x1B, 0x2D, 0x4C]: "iso_ir_144",
        [0x1B, 0x2D, 0x4D]: "iso_ir_148", [0x1B, 0x2D, 0x54]: "iso_ir_166",
        [0x1B, 0x24, 0x29, 0x43]: "euc_kr", [0x1B, 0x24, 0x28, 0x44]: "iso2022_jp_2",
        [0x1B, 0x24, 0x29, 0x41]: "iso_ir_58",
    ]

    /// The codec of each encoding an escape sequence names, looked up once.
    static let escapeCodecs: [String: Codec] = escapeSequences.values.reduce(into: [:]) { codecs, name in
        codecs[name] = CodecNames.lookup(name)
    }

    /// Python encodings whose codec consumes the escape sequence itself.
    static let escapeAwareEncodings: Set<String> = ["iso2022_jp", "iso2022_jp_2", "iso_ir_58"]

    func decode(_ bytes: ArraySlice<UInt8>, delimiters: [UInt8]) -> String {
        guard let firstEscape = bytes.firstIndex(of: Self.escape) else {
            return decodeWithFirst(bytes)
        }
        var text = firstEscape > bytes.startIndex ? decodeWithFirst(bytes[..<firstEscape]) : ""
        var start = firstEscape
        while start < bytes.endIndex {
            let end = bytes[(start + 1)...].firstIndex(of: Self.escape) ?? bytes.endIndex
            let fragment = bytes[start..<end]
            text +=
                decodeEscaped(fragment, delimiters: delimiters)
                ?? first.codec.decode(fragment, replacing: true)!
            start = end
        }
        return text
    }

    private func decodeWithFirst(_ bytes: ArraySlice<UInt8>) -> String {
        first.codec.decode(bytes, replacing: false) ?? first.codec.decode(bytes, replacing: true)!
    }

    /// nil when the piece fails to decode strictly (the caller then replaces).
    private func decodeEscaped(_ fragment: ArraySlice<UInt8>, delimiters: [UInt8]) -> String? {
        let length = fragment.starts(with: [0x1B, 0x24, 0x28]) || fragment.starts(with: [0x1B, 0x24, 0x29]) ? 4 : 3
        let name = Self.escapeSequences[Array(fragment.prefix(length))] ?? ""
        guard name == Self.defaultEncoding.name || encodings.contains(where: { $0.name == name }),
            let codec = Self.escapeCodecs[name]
        else {
            // Unknown, or a set the terms do not list.
            return first.codec.decode(fragment, replacing: true)!
        }
        if Self.escapeAwareEncodings.contains(name) {
            return codec.decode(fragment, replacing: false)
        }
        let rest = fragment.dropFirst(length)
        guard let delimiter = rest.firstIndex(where: delimiters.contains) else {
            return codec.decode(rest, replacing: false)
        }
        guard let head = codec.decode(rest[..<delimiter], replacing: false),
            let tail = first.codec.decode(rest[delimiter...], replacing: false)
        else { return nil }
        return head + tail
    }
}
