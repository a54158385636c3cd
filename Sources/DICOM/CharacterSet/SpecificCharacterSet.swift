/// The character repertoires a data set's text is written in, from Specific Character
/// Set (0008,0005) (PS3.3 C.12.1.1.2, PS3.5 6.1), decoding exactly as pydicom 3.0.2.
///
/// pydicom is the reference because a differential test compares the two; where it
/// departs from the standard, so does this type. The departures are noted where they
/// happen (see `decode(_:vr:)`).
///
/// A sequence item with its own (0008,0005) gets its own value of this type; an item
/// without one uses its parent's (PS3.5 7.5.3). That choice is the parser's.
public struct SpecificCharacterSet: Sendable, Hashable {
    /// The values of (0008,0005) as given.
    public let terms: [String]

    /// What pydicom warns about when reading `terms`: misspelled terms it corrected,
    /// unknown ones it replaced by the default repertoire, stand-alone sets it ignored.
    public let warnings: [String]

    /// pydicom's list of Python encodings, one per term that survived. Escape sequences
    /// are matched against the names as strings, so the name is kept as pydicom has it.
    let encodings: [Encoding]

    struct Encoding: Sendable, Hashable {
        let name: String
        let codec: Codec
    }

    /// No (0008,0005): ISO-IR 6, which pydicom reads as ISO 8859-1 (Python "iso8859"),
    /// so bytes above 0x7F still decode, as Latin-1.
    public static let defaultRepertoire = SpecificCharacterSet(terms: [])

    /// From the values of (0008,0005). An empty first value stands for the default
    /// repertoire in G0, as in `\ISO 2022 IR 87`.
    public init(terms: [String]) {
        self.terms = terms
        var warnings: [String] = []
        // pydicom's convert_encodings.
        var dicomTerms = terms.isEmpty ? [""] : terms
        if dicomTerms[0].isEmpty { dicomTerms[0] = "ISO_IR 6" }
        var encodings = dicomTerms.map { Self.encoding(for: $0, warnings: &warnings) }
        if dicomTerms.count > 1 {
            if Self.standAlone.contains(dicomTerms[0]) {
                let ignored = dicomTerms.dropFirst().joined(separator: ", ")
                warnings.append(
                    "Value '\(dicomTerms[0])' for Specific Character Set does not "
                        + "allow code extensions, ignoring: \(ignored)")
                encodings = [encodings[0]]
            } else {
                for index in dicomTerms.indices.dropFirst().reversed()
                where Self.standAlone.contains(dicomTerms[index]) {
                    warnings.append("Value '\(dicomTerms[index])' cannot be used as code extension, ignoring it")
                    encodings.remove(at: index)
                }
            }
        }
        self.encodings = encodings
        self.warnings = warnings
    }

    /// From the raw bytes of (0008,0005), split as pydicom reads a CS value: trailing
    /// spaces and NULs removed from the whole, then split at backslashes.
    public init(value: some Collection<UInt8>) {
        var text = String(String.UnicodeScalarView(value.map { Unicode.Scalar($0) }))
        while let last = text.last, last == " " || last == "\0" { text.removeLast() }
        self.init(terms: text.split(separator: "\\", omittingEmptySubsequences: false).map(String.init))
    }

    /// The code element used until an escape sequence says otherwise.
    var first: Encoding { encodings[0] }

    /// pydicom's `python_encoding`: DICOM term to Python encoding name.
    static let pythonEncodings: [String: String] = [
        "": "iso8859", "ISO_IR 6": "iso8859", "ISO_IR 13": "shift_jis", "ISO_IR 100": "latin_1",
        "ISO_IR 101": "iso8859_2", "ISO_IR 109": "iso8859_3", "ISO_IR 110": "iso8859_4",
        "ISO_IR 126": "iso_ir_126", "ISO_IR 127": "iso_ir_127", "ISO_IR 138": "iso_ir_138",
        "ISO_IR 144": "iso_ir_144", "ISO_IR 148": "iso_ir_148", "ISO_IR 166": "iso_ir_166",
        "ISO 2022 IR 6": "iso8859", "ISO 2022 IR 13": "shift_jis", "ISO 2022 IR 87": "iso2022_jp",
        "ISO 2022 IR 100": "latin_1", "ISO 2022 IR 101": "iso8859_2", "ISO 2022 IR 109": "iso8859_3",
        "ISO 2022 IR 110": "iso8859_4", "ISO 2022 IR 126": "iso_ir_126", "ISO 2022 IR 127": "iso_ir_127",
        "ISO 2022 IR 138": "iso_ir_138", "ISO 2022 IR 144": "iso_ir_144", "ISO 2022 IR 148": "iso_ir_148",
        "ISO 2022 IR 149": "euc_kr", "ISO 2022 IR 159": "iso2022_jp_2", "ISO 2022 IR 166": "iso_ir_166",
        "ISO 2022 IR 58": "iso_ir_58", "ISO_IR 192": "UTF8", "GB18030": "GB18030",
        "ISO 2022 GBK": "GBK", "ISO 2022 58": "GB2312", "GBK": "GBK",
    ]

    /// Sets that allow no code extensions (PS3.3 Table C.12-5); pydicom compares the
    /// terms as written, so a corrected misspelling of one is not caught.
    static let standAlone: Set<String> = ["ISO_IR 192", "GBK", "GB18030"]

    static let defaultEncoding = Encoding(name: "iso8859", codec: .latin1)

    /// One term to its Python encoding: the table, else pydicom's correction of common
    /// misspellings, else the term itself if Python knows it as a codec name, else the
    /// default repertoire.
    private static func encoding(for term: String, warnings: inout [String]) -> Encoding {
        if let name = pythonEncodings[term] { return Encoding(name: name, codec: CodecNames.lookup(name)!) }
        if let patched = corrected(term) {
            if let name = pythonEncodings[patched] {
                warnings.append("Incorrect value for Specific Character Set '\(term)' - assuming '\(patched)'")
                return Encoding(name: name, codec: CodecNames.lookup(name)!)
            }
        } else if let codec = CodecNames.lookup(term) {
            return Encoding(name: term, codec: codec)
        }
        warnings.append("Unknown encoding '\(term)' - using default encoding instead")
        return defaultEncoding
    }

    /// pydicom's two patterns: `^ISO[^_]IR` becomes "ISO_IR" + the rest after six
    /// characters ("ISO IR 100", "ISO-IR 144"); a twelve-character "ISO?2022?IR?" prefix
    /// other than "ISO 2022 IR " becomes that ("ISO_2022-IR 100"). Python's `.` does not
    /// match a newline; `[^_]` does.
    static func corrected(_ term: String) -> String? {
        let chars = Array(term.unicodeScalars)
        func matches(_ pattern: String, anyAt wildcards: Swift.Set<Int>) -> Bool {
            let expected = Array(pattern.unicodeScalars)
            guard chars.count >= expected.count else { return false }
            return expected.indices.allSatisfy { i in
                wildcards.contains(i) ? chars[i] != "\n" : chars[i] == expected[i]
            }
        }
        func rest(after count: Int) -> String { String(String.UnicodeScalarView(chars.dropFirst(count))) }
        if chars.count >= 6, Array(chars[0..<3]) == ["I", "S", "O"], chars[3] != "_",
            chars[4] == "I", chars[5] == "R"
        {
            return "ISO_IR" + rest(after: 6)
        }
        if matches("ISO.2022.IR.", anyAt: [3, 8, 11]), !matches("ISO 2022 IR ", anyAt: []) {
            return "ISO 2022 IR " + rest(after: 12)
        }
        return nil
    }
}
