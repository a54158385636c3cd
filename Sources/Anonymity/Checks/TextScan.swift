/// The free-text checks over bytes from a binary format (NIfTI header fields and
/// extensions, TIFF tags): the same rules as DICOM text (``TextCheck``), on text
/// that has no declared encoding and may be padded or packed with NULs.
enum TextScan {
    /// Longer pieces are cut (at a space when there is one), so that one huge line
    /// costs no more than many short ones.
    static let maxPiece = 16 << 10

    /// Findings for `bytes`, cut at NULs, line breaks and other control bytes (binary
    /// records such as IPTC separate their strings so) and at `<`, `>` and `"`, which
    /// no identifier sought contains: XML (OME, CIFTI, XMP) falls apart into its values,
    /// most too short to be worth a regular expression. Each piece is read as UTF-8
    /// (invalid bytes replaced, which no identifier contains either).
    static func findings(
        in bytes: some Collection<UInt8>, file: String, path: String, place: String
    ) -> [Finding] {
        var findings: [Finding] = []
        var piece: [UInt8] = []
        func flush() {
            if !piece.isEmpty { findings += check(piece, file: file, path: path, place: place) }
            piece.removeAll(keepingCapacity: true)
        }
        // Cut after the last space of the piece's last KiB; what follows starts the next piece.
        func cut() {
            let at = piece[(piece.count - 1024)...].lastIndex(of: 0x20) ?? piece.count - 1
            let rest = Array(piece[(at + 1)...])
            piece.removeSubrange((at + 1)...)
            flush()
            piece = rest
        }
        for byte in bytes {
            if byte < 0x20 && byte != 0x09 || byte == 0x7F || byte == 0x3C || byte == 0x3E || byte == 0x22 {
                flush()
            } else {
                piece.append(byte)
                if piece.count >= maxPiece { cut() }
            }
        }
        flush()
        return findings
    }

    /// UTF-16 text (the Windows XP* tags), little-endian as Windows writes it.
    static func findings(utf16 bytes: [UInt8], file: String, path: String, place: String) -> [Finding] {
        var units: [UInt16] = []
        var index = 0
        while index + 1 < bytes.count {
            units.append(UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)
            index += 2
        }
        let text = String(decoding: units, as: UTF16.self).split(whereSeparator: { $0 == "\0" || $0.isNewline })
        return text.flatMap { check(Array($0.utf8), file: file, path: path, place: place) }
    }

    private static func check(_ piece: [UInt8], file: String, path: String, place: String) -> [Finding] {
        var findings: [Finding] = []
        for match in TextCheck().matches(in: String(decoding: piece, as: UTF8.self)) {
            findings.append(
                Finding(
                    file: file, path: path, rule: match.rule,
                    message: "\(HeaderCheck.ruleNames[match.rule] ?? match.rule) in \(place)",
                    value: Finding.mask(match.text)))
        }
        return findings
    }
}
