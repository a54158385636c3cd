import DICOM
import Foundation
import Testing

@testable import Anonymity

/// Regressions from the hand check of the corpora (Docs/gate.md, "The gate on public test files"): names and
/// identifiers repeated in text, without the false findings of placeholder names.
@Suite("Names and identifiers repeated in text")
struct RepeatCheckTests {
    static let text = HeaderElementTests.text
    static func findings(_ elements: [Element]) throws -> [String] {
        try HeaderElementTests.findings(elements, rules: ["name", "identifier", "personnummer"])
    }

    @Test("the standard's words, code strings and name components with digits give no name")
    func noPlaceholderNames() throws {
        // A test object's name, repeated in its descriptions (pydicom-data mlut_18.dcm).
        let lut = [Self.text(0x0010_0010, .PN, "Modality^LUT^Test"), Self.text(0x0008_1030, .LO, "Modality LUT Test")]
        #expect(try Self.findings(lut).isEmpty)
        // A defined term that a name component happens to spell (eCT_Supplemental.dcm).
        let perfusion = [
            Self.text(0x0010_0010, .PN, "Perfusion^MCA Stroke"),
            Self.text(0x0008_0008, .CS, "DERIVED\\PRIMARY\\PERFUSION\\RCBF"),
        ]
        #expect(try Self.findings(perfusion).isEmpty)
        // An ID in the name field names no one; the body part it starts with is no name.
        let pancreas = [Self.text(0x0010_0010, .PN, "PANCREAS_0001"), Self.text(0x0008_103E, .LO, "Pancreas")]
        #expect(try Self.findings(pancreas).isEmpty)
        // A real name still is found, with its words but the standard's ("Per").
        let real = [
            Self.text(0x0010_0010, .PN, "Andersson^Per"), Self.text(0x0020_4000, .LT, "Per Andersson, remiss"),
        ]
        #expect(try Self.findings(real) == ["(0020,4000) name"])
    }

    @Test("an identifier the file removes is found where else it stands, once")
    func identifiers() throws {
        // A DICOMDIR whose file paths hold the patient ID (pydicom's dicomdirtests).
        let record = HeaderElementTests.sequence(
            0x0004_1220,
            [[Self.text(0x0010_0020, .LO, "77654033")], [Self.text(0x0004_1500, .CS, "77654033\\CR1\\6154")]])
        #expect(try Self.findings([record]) == ["(0004,1220)[1].(0004,1500) identifier"])
        // An element refused already is not searched; a longer number is another number.
        let refused = [
            Self.text(0x0010_0020, .LO, "77654033"), Self.text(0x0020_0010, .SH, "77654033"),
            Self.text(0x0020_4000, .LT, "ref 177654033"),
        ]
        #expect(try Self.findings(refused).isEmpty)
        // A name component with digits is an identifier as a whole.
        let pancreas = [
            Self.text(0x0010_0010, .PN, "PANCREAS_0001"), Self.text(0x0008_103E, .LO, "PANCREAS_0001 arterial"),
        ]
        #expect(try Self.findings(pancreas) == ["(0008,103E) identifier"])
        // A personnummer typed into a comment is reported as one, not again as an identifier.
        let number = TextCheckTests.personnummer("850709", "238")
        let comment = [Self.text(0x0010_0020, .LO, number), Self.text(0x0020_4000, .LT, "Remiss \(number)")]
        #expect(try Self.findings(comment) == ["(0010,0020) personnummer", "(0020,4000) personnummer"])
    }

    @Test("the committed vocabulary is what vocabulary.py makes of ../shared/standards")
    func vocabularyIsCurrent() throws {
        let result = try Python.checkGenerator("Sources/Anonymity/Rules/vocabulary.py")
        #expect(result.status == 0, "vocabulary.py --check: \(result.output)")
        #expect(StandardVocabulary.words.count == StandardVocabulary.wordCount)
        #expect(StandardVocabulary.words.isSuperset(of: ["TEST", "PHANTOM", "MODALITY", "NAME", "PER"]))
        #expect(StandardVocabulary.words.isDisjoint(with: ["ANDERSSON", "ANNA", "SMITH", "SIMPSON"]))
    }
}
