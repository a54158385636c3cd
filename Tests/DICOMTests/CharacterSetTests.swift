import Foundation
import Testing

@testable import DICOM

/// SpecificCharacterSet against pydicom 3.0.2, through the vectors that
/// make_charset_vectors.py wrote into CharacterSetVectors.swift. Strings are compared
/// scalar by scalar: Swift's `==` on String would let a decomposed é equal a
/// precomposed one.
@Suite struct CharacterSetTests {
    // MARK: - pydicom's charset test files, as its reader decodes them

    @Test func fileElementsDecodeAsPydicomReadsThem() throws {
        let vectors = try Vectors.shared.files
        #expect(vectors.count > 200)
        for vector in vectors {
            let context = "\(vector.file) \(vector.path)"
            if vector.vr == "CS" {
                #expect(SpecificCharacterSet(value: vector.bytes.array).terms == vector.terms, "\(context)")
                continue
            }
            // An item with its own (0008,0005) gets its own character set (chrSQEncoding).
            let characterSet = SpecificCharacterSet(terms: vector.terms)
            let vr = try #require(VR(rawValue: vector.vr))
            expectScalars(characterSet.decodeValues(vector.bytes.array, vr: vr), vector.values, context)
            expectScalars(characterSet.decode(vector.bytes.array, vr: vr), vector.decoded ?? "", context)
        }
    }

    @Test func pydicomsPatientNames() throws {
        // test_charset.py FILE_PATIENT_NAMES, for the record.
        let expected = [
            "chrArab.dcm": "قباني^لنزار", "chrFren.dcm": "Buc^Jérôme", "chrFrenMulti.dcm": "Buc^Jérôme",
            "chrGerm.dcm": "Äneas^Rüdiger", "chrGreek.dcm": "Διονυσιος",
            "chrH31.dcm": "Yamada^Tarou=山田^太郎=やまだ^たろう", "chrH32.dcm": "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
            "chrHbrw.dcm": "שרון^דבורה", "chrI2.dcm": "Hong^Gildong=洪^吉洞=홍^길동",
            "chrJapMulti.dcm": "やまだ^たろう", "chrJapMultiExplicitIR6.dcm": "やまだ^たろう",
            "chrKoreanMulti.dcm": "김희중", "chrRuss.dcm": "Люкceмбypг",
            "chrX1.dcm": "Wang^XiaoDong=王^小東", "chrX2.dcm": "Wang^XiaoDong=王^小东",
        ]
        for (file, name) in expected {
            let vector = try #require(
                try Vectors.shared.files.first { $0.file == file && $0.path == "00100010" })
            let names = SpecificCharacterSet(terms: vector.terms).decodePersonNames(vector.bytes.array)
            #expect(names.map(\.description) == [name], "\(file)")
        }
    }

    // MARK: - The decoding cases of pydicom's test_charset.py

    @Test func pydicomCharsetTestCases() throws {
        for vector in try Vectors.shared.cases {
            let context = "\(vector.test) \(vector.terms)"
            let characterSet = SpecificCharacterSet(terms: vector.terms)
            #expect(characterSet.encodings.map(\.name) == vector.encodings, "\(context)")
            #expect(characterSet.warnings == vector.warnings, "\(context)")
            // pydicom's DataElement made from bytes: values split as bytes, PN groups too.
            let values = vector.bytes.array.split(separator: 0x5C, omittingEmptySubsequences: false)
            let element =
                vector.vr == "PN"
                ? values.map { PersonName(value: $0, characterSet: characterSet).description }
                : values.map { characterSet.decode($0, vr: .LO) }
            expectScalars(element == [""] ? [] : element, vector.element ?? [], context)
            if let reader = vector.reader {
                let vr = try #require(VR(rawValue: vector.vr))
                expectScalars(characterSet.decodeValues(vector.bytes.array, vr: vr), reader, context)
            }
            expectScalars(characterSet.decode(vector.bytes.array, vr: .LO), vector.decoded ?? "", context)
        }
    }

    @Test func missingEscapeAfterCaretDiffersBetweenPydicomsTwoPaths() {
        // test_missing_escape_for_single_byte_code_extensions: decoded group by group,
        // '^' returns to ISO-IR 6 (read as Latin-1); pydicom's reader keeps Katakana.
        let bytes: [UInt8] =
            Array("ASCII+".utf8)
            + [0x1B, 0x29, 0x49, 0xD4, 0xCF, 0xC0, 0xDE, 0x5E, 0xC0, 0xDB, 0xB3]
        let characterSet = SpecificCharacterSet(terms: ["", "ISO 2022 IR 13"])
        expectScalars(PersonName(value: bytes, characterSet: characterSet).description, "ASCII+ﾔﾏﾀﾞ^ÀÛ³", "")
        expectScalars(characterSet.decodePersonNames(bytes).map(\.description), ["ASCII+ﾔﾏﾀﾞ^ﾀﾛｳ"], "")
    }

    // MARK: - Terms of (0008,0005)

    @Test func termsBecomePydicomsEncodingsAndWarnings() throws {
        for vector in try Vectors.shared.terms {
            let characterSet = SpecificCharacterSet(terms: vector.terms)
            let supported = vector.encodings.allSatisfy { CodecNames.lookup($0) != nil }
            // Python codecs not reproduced here (euc_jp, big5, utf_16) become the default.
            if supported {
                #expect(characterSet.encodings.map(\.name) == vector.encodings, "\(vector.terms)")
                #expect(characterSet.warnings == vector.warnings, "\(vector.terms)")
            } else {
                #expect(characterSet.encodings.contains { $0.name == "iso8859" }, "\(vector.terms)")
            }
        }
    }

    @Test func everyDICOMTermHasACodec() {
        for (term, name) in SpecificCharacterSet.pythonEncodings {
            #expect(CodecNames.lookup(name) != nil, "\(term)")
        }
        #expect(CodecNames.lookup("ISO_IR 100") == .latin1)  // Python's alias iso_ir_100
        #expect(CodecNames.lookup("ISO_IR 192") == nil)
        #expect(CodecNames.lookup(" ISO_IR-100 ") == .latin1)
        #expect(CodecNames.lookup("UTF-8") == .utf8)
        #expect(CodecNames.lookup("iso8859.1") == .latin1)
        #expect(CodecNames.lookup("utf8.") == nil)
    }

    // MARK: - Random bytes through every path

    @Test func randomBytesDecodeAsPydicom() throws {
        var skipped = 0
        let vectors = try Vectors.shared.fuzz
        for vector in vectors {
            let context = "\(vector.terms) \(vector.bytes.array.map { String($0, radix: 16) })"
            let characterSet = SpecificCharacterSet(terms: vector.terms)
            expectScalars(characterSet.decode(vector.bytes.array, vr: .LT), vector.decoded ?? "", context)
            expectScalars(
                PersonName(value: vector.bytes.array, characterSet: characterSet).description,
                vector.personName ?? "", context)
            if let reader = vector.readerPN {
                expectScalars(characterSet.decodeValues(vector.bytes.array, vr: .PN), reader, context)
            } else {
                skipped += 1  // pydicom's reader raised (see make_charset_vectors.py)
            }
            if let reader = vector.readerLO {
                expectScalars(characterSet.decodeValues(vector.bytes.array, vr: .LO), reader, context)
            }
        }
        #expect(skipped * 20 < vectors.count)
    }

    // MARK: - The codecs alone

    @Test func singleByteCodecsMatchPython() throws {
        let codecs = try #require(try Vectors.shared.codecs.first)
        #expect(codecs.singleByte.count == Codec.allCases.filter(\.isSingleByte).count)
        for (name, expected) in codecs.singleByte {
            let codec = try #require(Codec(rawValue: name))
            var text = ""
            for byte in UInt8(0x80)...0xFF { text += codec.decode([byte][...], replacing: true)! }
            expectScalars(text, expected, name)
        }
    }

    @Test func everyTwoByteSequenceMatchesPython() throws {
        // Hashes of Python's strict decoding of every lead and trail byte pair (and of
        // every GB18030 four-byte BMP code), so that the tables are checked exhaustively.
        let codecs = try #require(try Vectors.shared.codecs.first)
        for (name, expected) in codecs.pairHashes {
            var hash = FNV()
            if name == "gb18030-4" {
                for index in 0..<39420 {
                    let bytes: [UInt8] = [
                        UInt8(0x81 + index / 12600), UInt8(0x30 + index / 1260 % 10),
                        UInt8(0x81 + index / 10 % 126), UInt8(0x30 + index % 10),
                    ]
                    hash.add(Codec.gb18030.decode(bytes[...], replacing: false))
                }
            } else {
                let codec = try #require(Codec(rawValue: name))
                let escapes: [[UInt8]] =
                    switch codec {
                    case .iso2022JP: [[0x1B, 0x24, 0x42]]
                    case .iso2022JP2:
                        [
                            [0x1B, 0x24, 0x42], [0x1B, 0x24, 0x28, 0x44], [0x1B, 0x24, 0x28, 0x43], [0x1B, 0x24, 0x41],
                        ]
                    default: []
                    }
                if escapes.isEmpty {
                    for lead in UInt8(0x80)...0xFF {
                        for trail in UInt8(0)...0xFF { hash.add(codec.decode([lead, trail][...], replacing: false)) }
                    }
                } else {
                    for escape in escapes {
                        for lead in UInt8(0x21)...0x7E {
                            for trail in UInt8(0x21)...0x7E {
                                hash.add(codec.decode((escape + [lead, trail])[...], replacing: false))
                            }
                        }
                    }
                }
            }
            #expect(String(hash.value) == expected, "\(name)")
        }
    }

    @Test func codecErrorsAndReplacementsMatchPython() throws {
        let codecs = try #require(try Vectors.shared.codecs.first)
        #expect(codecs.samples.count > 500)
        for sample in codecs.samples {
            let codec = try #require(Codec(rawValue: sample.codec))
            let context = "\(sample.codec) \(sample.bytes.array.map { String($0, radix: 16) })"
            #expect((codec.decode(sample.bytes.array[...], replacing: false) != nil) == sample.strict, "\(context)")
            expectScalars(codec.decode(sample.bytes.array[...], replacing: true) ?? "", sample.replaced, context)
        }
    }

    // MARK: - Encoding

    @Test func encodesAsPydicom() throws {
        for vector in try Vectors.shared.encode {
            let characterSet = SpecificCharacterSet(terms: vector.terms)
            let vr = try #require(VR(rawValue: vector.vr))
            let encoded = characterSet.encode(vector.text, vr: vr)
            #expect(encoded == vector.bytes?.array, "\(vector.terms) \(vector.text)")
            if let encoded {
                expectScalars(characterSet.decodeValues(encoded, vr: vr).joined(separator: "\\"), vector.text, "")
            }
        }
    }

    @Test func encodingRefusesWhatTheCharacterSetLacks() {
        #expect(SpecificCharacterSet(terms: ["ISO_IR 100"]).encode("Διονυσιος", vr: .LO) == nil)
        let latin1: [UInt8] = [0x4A, 0xE9, 0x72, 0xF4, 0x6D, 0x65]
        #expect(SpecificCharacterSet.defaultRepertoire.encode("Jérôme", vr: .CS) == latin1)
        #expect(SpecificCharacterSet.defaultRepertoire.encode("Ω", vr: .CS) == nil)
        #expect(SpecificCharacterSet(terms: ["GB18030"]).encode("😀", vr: .LO) == [0x94, 0x39, 0xFC, 0x36])
        #expect(SpecificCharacterSet(terms: ["ISO_IR 192"]).encode("a\\b", vr: .LT) == Array("a\\b".utf8))
    }

    // MARK: - API behaviour

    @Test func defaultRepertoireReadsHighBytesAsLatin1() {
        let set = SpecificCharacterSet.defaultRepertoire
        #expect(set.terms.isEmpty)
        #expect(set.decode([0x4A, 0xE9], vr: .PN) == "Jé")
        #expect(set.decode([0x4A, 0xE9], vr: .CS) == "Jé")
        #expect(SpecificCharacterSet(value: Array("\\ISO 2022 IR 87 ".utf8)).terms == ["", "ISO 2022 IR 87"])
    }

    @Test func multiValuedTextSplitsAfterDecoding() {
        // GBK 0x81 0x5C is 乗: its second byte is a backslash.
        let set = SpecificCharacterSet(terms: ["GBK"])
        let bytes: [UInt8] = [0x81, 0x5C, 0x5C, 0x41]
        let values = set.decodeValues(bytes, vr: .LO)
        #expect(values.count == 2)
        #expect(values[1] == "A")
        #expect(values[0] == "乗")
    }

    @Test func personNameParts() {
        let name = PersonName("Yamada^Tarou^^Dr=山田^太郎=やまだ^たろう=extra")
        #expect(name.familyName == "Yamada")
        #expect(name.givenName == "Tarou")
        #expect(name.namePrefix == "Dr")
        #expect(name.nameSuffix == "")
        #expect(name.ideographic == "山田^太郎")
        #expect(name.phonetic == "やまだ^たろう")
        #expect(name.extraGroups == ["extra"])
        #expect(PersonName("A^B==").groups == ["A^B"])
        #expect(PersonName("=X").description == "=X")
    }

    @Test func decodingIsSafeFromManyThreads() async {
        let set = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        let bytes: [UInt8] = [0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42]
        await withTaskGroup(of: String.self) { group in
            for _ in 0..<32 { group.addTask { set.decode(bytes, vr: .PN) } }
            for await text in group { #expect(text == "山田") }
        }
    }
}

// MARK: - Helpers

private func expectScalars(
    _ actual: String, _ expected: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        Array(actual.unicodeScalars) == Array(expected.unicodeScalars),
        "\(context): \(actual.debugDescription) != \(expected.debugDescription)", sourceLocation: sourceLocation)
}

private func expectScalars(
    _ actual: [String], _ expected: [String], _ context: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        actual.map { Array($0.unicodeScalars) } == expected.map { Array($0.unicodeScalars) },
        "\(context): \(actual) != \(expected)", sourceLocation: sourceLocation)
}

/// FNV-1a over the scalar values of each decoding, as make_charset_vectors.py hashes
/// Python's: 0xFFFFFFFF where decoding fails, 0xFFFFFFFE where it yields nothing.
private struct FNV {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String?) {
        guard let text else { return add32(0xFFFF_FFFF) }
        if text.isEmpty { add32(0xFFFF_FFFE) }
        for scalar in text.unicodeScalars { add32(scalar.value) }
    }

    private mutating func add32(_ word: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) {
            value = (value ^ UInt64(word >> UInt32(shift) & 0xFF)) &* 0x100_0000_01b3
        }
    }
}

/// The decoded CharacterSetVectors.swift.
private struct Vectors: Decodable {
    struct FileElement: Decodable {
        let file, path, vr: String
        let terms, values: [String]
        let bytes: Bytes
        let decoded: String?
    }
    struct Case: Decodable {
        let test, vr: String
        let terms, encodings, warnings: [String]
        let bytes: Bytes
        let element, reader: [String]?
        let decoded: String?
    }
    struct Terms: Decodable { let terms, encodings, warnings: [String] }
    struct Fuzz: Decodable {
        let terms: [String]
        let bytes: Bytes
        let decoded, personName: String?
        let readerPN, readerLO: [String]?
    }
    struct Codecs: Decodable {
        struct Sample: Decodable {
            let codec, replaced: String
            let bytes: Bytes
            let strict: Bool
        }
        let singleByte, pairHashes: [String: String]
        let samples: [Sample]
    }
    struct Encode: Decodable {
        let terms: [String]
        let vr, text: String
        let bytes: Bytes?
    }

    let files: [FileElement]
    let cases: [Case]
    let terms: [Terms]
    let fuzz: [Fuzz]
    let codecs: [Codecs]
    let encode: [Encode]

    static var shared: Vectors {
        get throws { try loaded.get() }
    }

    private static let loaded = Result {
        try JSONDecoder().decode(Vectors.self, from: Data(characterSetVectorsJSON.utf8))
    }
}

/// Hex in the JSON, bytes in the tests.
private struct Bytes: Decodable, Equatable {
    let array: [UInt8]

    init(from decoder: any Decoder) throws {
        let hex = Array(try decoder.singleValueContainer().decode(String.self).utf8)
        array = try stride(from: 0, to: hex.count, by: 2).map { index in
            guard let byte = UInt8(String(decoding: hex[index..<index + 2], as: UTF8.self), radix: 16) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "hex"))
            }
            return byte
        }
    }
}
