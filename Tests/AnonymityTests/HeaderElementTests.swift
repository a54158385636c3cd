import DICOM
import Testing

@testable import Anonymity

/// Regressions from the hand check of pydicom's, pydicom-data's and deid-data's files
/// (Docs/gate.md, "The gate on public test files"): what the table's actions mean for empty values and sequences.
@Suite("Table E.1-1 on empty values and sequences")
struct HeaderElementTests {
    static func text(_ tag: UInt32, _ vr: VR, _ value: String) -> Element {
        var bytes = Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(vr == .UI ? 0 : 0x20) }
        return Element(tag: DICOM.Tag(tag), vr: vr, bytes: bytes)
    }

    static func sequence(_ tag: UInt32, _ items: [[Element]]) -> Element {
        Element(
            tag: DICOM.Tag(tag), vr: .SQ, value: .sequence(items.map { Item(dataSet: DataSet(elements: $0)) }))
    }

    /// Every finding of the header check on a data set, as "path rule".
    static func findings(_ elements: [Element], rules: Set<String> = ["table-e1-1"]) throws -> [String] {
        let file = DICOMFile(
            preamble: nil, meta: DataSet(), dataSet: DataSet(elements: elements),
            transferSyntax: .explicitVRLittleEndian,
            stoppedBeforePixelData: false, source: ByteStorage([]), offsetsAreFileOffsets: false, dataSetOffset: 0)
        return try HeaderCheck(profile: .default).check(file, name: "f")
            .filter { rules.contains($0.rule) }.map { "\($0.path) \($0.rule)" }
    }

    @Test("an empty value, or one of padding and delimiters only, is no finding, whatever the action")
    func blankValues() throws {
        // X, X, Z, X/Z/D, X (a sequence without items): all blank. Two real values after them.
        let blank = [
            Self.text(0x0010_1000, .LO, ""), Self.text(0x0008_1060, .PN, "----"), Self.text(0x0010_0010, .PN, "^^^^"),
            Self.text(0x0008_1070, .PN, "^^"), Self.sequence(0x0008_1120, []),
        ]
        #expect(try Self.findings(blank).isEmpty)
        let real = [Self.text(0x0008_1070, .PN, "Rayburn^Kristine"), Self.text(0x0010_1000, .LO, "M1212121")]
        #expect(try Self.findings(real) == ["(0008,1070) table-e1-1", "(0010,1000) table-e1-1"])
    }

    @Test("a D or X/Z/U* sequence is judged by its items; an X/Z one must still be empty")
    func sequencesByAction() throws {
        // Content Sequence (D): a real name inside is reported where it is, not the sequence.
        let report = Self.sequence(
            0x0040_A730,
            [[Self.text(0x0040_A123, .PN, "Smith^John"), Self.text(0x0040_A160, .UT, "No fracture.")]])
        #expect(try Self.findings([report]) == ["(0040,A730)[0].(0040,A123) table-e1-1"])
        // Verifying Observer Sequence (D) with a pseudonym: nothing.
        let verified = Self.sequence(0x0040_A073, [[Self.text(0x0040_A075, .PN, "AIDA-0001-0002")]])
        #expect(try Self.findings([verified]).isEmpty)
        // Source Image Sequence (X/Z/U*): remapped UIDs pass, an original one is reported alone.
        let remapped = Self.sequence(0x0008_2112, [[Self.text(0x0008_1155, .UI, "2.25.1234567")]])
        #expect(try Self.findings([remapped]).isEmpty)
        let original = Self.sequence(0x0008_2112, [[Self.text(0x0008_1155, .UI, "1.2.840.113619.2.1")]])
        #expect(try Self.findings([original]) == ["(0008,2112)[0].(0008,1155) table-e1-1"])
        // Referenced Study Sequence (X/Z): a sequence with items is refused as before.
        let study = Self.sequence(0x0008_1110, [[Self.text(0x0008_1155, .UI, "2.25.7")]])
        #expect(try Self.findings([study]) == ["(0008,1110) table-e1-1"])
    }

    @Test("an unshifted device date is reported with the examination dates (the conflict resolves to C)")
    func deviceDates() throws {
        // deid-data's ctbrain1.dcm: a real Date of Last Calibration beside real study dates.
        let dates = [Self.text(0x0008_0020, .DA, "20230101"), Self.text(0x0018_1200, .DA, "20200101")]
        let rules: Set<String> = ["date-not-shifted"]
        #expect(
            try Self.findings(dates, rules: rules) == ["(0008,0020) date-not-shifted", "(0018,1200) date-not-shifted"])
        let shifted = dates + [Self.text(0x0028_0303, .CS, "MODIFIED")]
        #expect(try Self.findings(shifted, rules: rules).isEmpty)
    }

    @Test("data in odd groups is private data: groups 0001-0007, and a sequence in a creator's slot")
    func oddGroups() throws {
        // pydicom's nested_priv_SQ.dcm: sequences at (0001,0001), a group no one may use.
        let hidden = Self.sequence(0x0001_0001, [[Self.text(0x0001_0002, .LO, "Andersson^Anna")]])
        let rules: Set<String> = ["private-element"]
        #expect(
            try Self.findings([hidden], rules: rules) == [
                "(0001,0001) private-element", "(0001,0001)[0].(0001,0002) private-element",
            ])
        // A real creator is no finding by itself; a sequence in a creator's slot is.
        let creator = Self.text(0x0009_0010, .LO, "GEMS_IDEN_01")
        #expect(try Self.findings([creator], rules: rules).isEmpty)
        let smuggled = Self.sequence(0x0009_0011, [[Self.text(0x0010_0020, .LO, "AIDA-0001-0002")]])
        #expect(try Self.findings([creator, smuggled], rules: rules) == ["(0009,0011) private-element"])
    }
}
