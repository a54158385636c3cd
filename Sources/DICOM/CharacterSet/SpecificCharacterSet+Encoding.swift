extension SpecificCharacterSet {
    /// Encodes text for an element of `vr` as pydicom writes it, or nil where pydicom
    /// would have to fall back to replacement characters (it warns and writes '?').
    ///
    /// Multi-valued VRs are encoded value by value (split at backslashes) and PN group
    /// by group and component by component, so each part starts in the first code
    /// element. Each part is encoded with the first term that can encode all of it; if
    /// none can, it is cut into runs, each in the term that encodes the longest run,
    /// preceded by that term's escape sequence (pydicom's encode_string). Byte values
    /// agree with Python's except where a code page has two codes for one character.
    public func encode(_ text: String, vr: VR) -> [UInt8]? {
        guard vr.usesCharacterSet else {
            return Self.encodeRun(Array(text.unicodeScalars)[...], with: Self.defaultEncoding).bytes
        }
        let values = vr.isSingleValuedText ? [text] : Self.splitValues(text)
        var output: [UInt8] = []
        for (index, value) in values.enumerated() {
            if index > 0 { output.append(0x5C) }
            guard let encoded = vr == .PN ? encodePersonName(value) : encodeString(value) else { return nil }
            output += encoded
        }
        return output
    }

    /// pydicom's _encode_personname: groups at '=', components at '^'.
    private func encodePersonName(_ value: String) -> [UInt8]? {
        var groups: [[UInt8]] = []
        for group in PersonName(value).groups {
            var encoded: [UInt8] = []
            for (index, component) in Self.split(group, at: 0x5E).enumerated() {
                if index > 0 { encoded.append(0x5E) }
                guard let bytes = encodeString(component) else { return nil }
                encoded += bytes
            }
            groups.append(encoded)
        }
        while let last = groups.last, last.isEmpty { groups.removeLast() }
        return Array(groups.joined(separator: [0x3D]))
    }

    /// pydicom's encode_string.
    func encodeString(_ value: String) -> [UInt8]? {
        let scalars = Array(value.unicodeScalars)[...]
        for (index, encoding) in encodings.enumerated() {
            guard var encoded = Self.encodeRun(scalars, with: encoding).bytes else { continue }
            if index > 0 && !Self.escapeAwareEncodings.contains(encoding.name) {
                encoded = Self.escapeSequence(for: encoding.name, before: encoded) + encoded
            }
            if Self.closedByEscape.contains(encoding.name) {
                encoded += Self.escapeSequence(for: first.name, before: nil)
            }
            return encoded
        }
        return encodings.count > 1 ? encodeInRuns(scalars) : nil
    }

    /// pydicom's _encode_string_parts: greedily, the term that encodes the longest run.
    private func encodeInRuns(_ scalars: ArraySlice<Unicode.Scalar>) -> [UInt8]? {
        var output: [UInt8] = []
        var rest = scalars
        var best = Self.defaultEncoding
        while !rest.isEmpty {
            var longest = 0
            for encoding in encodings {
                let attempt = Self.encodeRun(rest, with: encoding)
                if attempt.bytes != nil {
                    (best, longest) = (encoding, rest.count)
                    break
                }
                if attempt.failedAt > longest { (best, longest) = (encoding, attempt.failedAt) }
            }
            guard longest > 0, let run = Self.encodeRun(rest.prefix(longest), with: best).bytes else { return nil }
            if !Self.escapeAwareEncodings.contains(best.name) {
                output += Self.escapeSequence(for: best.name, before: run)
            }
            output += run
            rest = rest.dropFirst(longest)
        }
        if Self.closedByEscape.contains(best.name) {
            output += Self.escapeSequence(for: first.name, before: nil)
        }
        return output
    }

    /// JIS X 0208 and 0212 runs must return to the first code element afterwards.
    private static let closedByEscape: Set<String> = ["iso2022_jp", "iso2022_jp_2"]

    /// The bytes of a whole run in one encoding, or the index of the first scalar that
    /// cannot be encoded (Python's UnicodeEncodeError.start).
    private static func encodeRun(
        _ scalars: ArraySlice<Unicode.Scalar>, with encoding: Encoding
    ) -> (bytes: [UInt8]?, failedAt: Int) {
        var output: [UInt8] = []
        switch encoding.name {
        case "shift_jis":
            // pydicom writes ISO 2022 IR 13/14 one byte per character, all in the half
            // (IR 13 katakana or IR 14 Roman) of the first.
            let table = EncodingTable.table(for: .codec(.shiftJIS))
            for (offset, scalar) in scalars.enumerated() {
                guard let bytes = table.encode(scalar), bytes.count == 1,
                    offset == 0 || (bytes[0] & 0x80) == (output[0] & 0x80)
                else { return (nil, offset) }
                output += bytes
            }
            return (output, 0)
        case "iso2022_jp", "iso2022_jp_2":
            // Only characters of JIS X 0208 (IR 87), or of JIS X 0212 and not 0208 (IR 159).
            let isJISX0208 = encoding.name == "iso2022_jp"
            let jisX0208 = EncodingTable.table(for: .jisX0208)
            let jisX0212 = EncodingTable.table(for: .jisX0212)
            output = isJISX0208 ? [0x1B, 0x24, 0x42] : [0x1B, 0x24, 0x28, 0x44]
            for (offset, scalar) in scalars.enumerated() {
                let bytes =
                    scalar.value < 0x80
                    ? nil
                    : isJISX0208
                        ? jisX0208.encode(scalar)
                        : jisX0208.encode(scalar) == nil ? jisX0212.encode(scalar) : nil
                guard let bytes else { return (nil, offset) }
                output += bytes
            }
            return (scalars.isEmpty ? [] : output, 0)
        default:
            break
        }
        switch encoding.codec {
        case .utf8:
            return (Array(String(String.UnicodeScalarView(scalars)).utf8), 0)
        case .gb18030:
            let table = EncodingTable.table(for: .codec(.gb18030))
            for (offset, scalar) in scalars.enumerated() {
                if let bytes = table.encode(scalar) {
                    output += bytes
                } else if scalar.value >= 0x10000 {
                    output += GB18030FourByteTable.bytes(ofSupplementary: scalar.value)
                } else {
                    return (nil, offset)
                }
            }
            return (output, 0)
        default:
            let table = EncodingTable.table(for: .codec(encoding.codec))
            for (offset, scalar) in scalars.enumerated() {
                guard let bytes = table.encode(scalar) else { return (nil, offset) }
                output += bytes
            }
            return (output, 0)
        }
    }

    /// pydicom's _get_escape_sequence_for_encoding.
    private static func escapeSequence(for name: String, before encoded: [UInt8]?) -> [UInt8] {
        if name == "shift_jis" {
            return (encoded?.first ?? 0) >= 0x80 ? [0x1B, 0x29, 0x49] : [0x1B, 0x28, 0x4A]
        }
        return escapeSequences.first { $0.value == name }?.key ?? []
    }
}
