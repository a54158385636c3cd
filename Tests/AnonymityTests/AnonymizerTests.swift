import DICOM
import Testing

@testable import Anonymity

/// The anonymizer on small data sets: each action of Table E.1-1 as the default profile
/// resolves it, at every depth, and the result passes the gate's own header checks.
@Suite("Anonymizer")
struct AnonymizerTests {
    typealias H = HeaderElementTests
    static let ct = "1.2.840.10008.5.1.4.1.1.2"

    static func anonymizer(_ fill: UInt8 = 7, profile: Profile = .default) throws -> Anonymizer {
        let key = try AnonymizationKey(bytes: [UInt8](repeating: fill, count: 32))
        return try Anonymizer(profile: profile, derivations: KeyedDerivations(key: key))
    }

    static func file(_ elements: [Element], meta: [Element] = []) -> DICOMFile {
        DICOMFile(
            preamble: nil, meta: DataSet(elements: meta), dataSet: DataSet(elements: elements),
            transferSyntax: .explicitVRLittleEndian, stoppedBeforePixelData: false, source: ByteStorage([]),
            offsetsAreFileOffsets: false, dataSetOffset: 0)
    }

    static func identified() -> [Element] {
        [
            H.text(0x0008_0016, .UI, ct), H.text(0x0008_0018, .UI, "1.2.752.24.7.1"),
            H.text(0x0008_0020, .DA, "20190407"), H.text(0x0008_0030, .TM, "081300"),
            H.text(0x0008_0050, .SH, "RTG19119197"), H.text(0x0008_0080, .LO, "Sjukhuset"),
            H.text(0x0008_0090, .PN, "Nilsson^Per"), H.text(0x0008_1030, .LO, "CT thorax"),
            H.text(0x0009_0010, .LO, "GEMS_IDEN_01"), H.text(0x0009_1001, .LO, "Karlsson Anna"),
            H.text(0x0010_0010, .PN, "Karlsson^Anna"), H.text(0x0010_0020, .LO, "19321228-3059"),
            H.text(0x0010_0030, .DA, "19321228"), H.text(0x0020_000D, .UI, "1.2.752.24.7.2"),
            H.text(0x0020_000E, .UI, "1.2.752.24.7.3"), H.text(0x0020_4000, .LT, "Ring 08-123 45 67, Karlsson"),
            H.text(0x0028_0301, .CS, "NO"), H.text(0x6000_3000, .OW, "overlay!"),
            H.sequence(
                0x0040_0275,
                [
                    [
                        H.text(0x0008_0050, .SH, "RTG19119197"), H.text(0x0020_000D, .UI, "1.2.752.24.7.2"),
                        H.text(0x0040_1001, .SH, "RP797911"),
                    ]
                ]),
            H.sequence(0x0008_1140, [[H.text(0x0008_1150, .UI, ct), H.text(0x0008_1155, .UI, "1.2.752.24.7.9")]]),
        ]
    }

    static func anonymized(_ elements: [Element], meta: [Element] = [], fill: UInt8 = 7) throws -> AnonymizedFile {
        guard case .anonymized(let out) = try anonymizer(fill).anonymize(file(elements, meta: meta)) else {
            Issue.record("left out")
            throw CancellationError()
        }
        return out
    }

    @Test("an identified data set passes the gate's header checks afterwards, with no gate fallback")
    func passesTheGate() throws {
        let meta = [H.text(0x0002_0002, .UI, Self.ct), H.text(0x0002_0003, .UI, "1.2.752.24.7.1")]
        let out = try Self.anonymized(Self.identified(), meta: meta)
        let findings = try HeaderCheck(profile: .default).check(out.file, name: "f")
        #expect(findings.isEmpty, "\(findings)")
        #expect(!out.changes.keys.contains { $0.kind == .gateFallback })
    }

    @Test("X removed, Z emptied, pseudonym in name and ID, U remapped consistently, dates shifted, private gone")
    func actions() throws {
        let meta = [H.text(0x0002_0003, .UI, "1.2.752.24.7.1")]
        let out = try Self.anonymized(Self.identified(), meta: meta)
        let data = out.file.dataSet
        #expect(data[Tag(0x0008_0080)] == nil)  // Institution Name: X
        #expect(data[Tag(0x0008_0050)]?.bytes?.isEmpty == true)  // Accession Number: Z
        #expect(data.string(Tag(0x0010_0010)) == out.pseudonym)
        #expect(data.string(Tag(0x0010_0020)) == out.pseudonym)
        #expect(out.pseudonym.hasPrefix("AIDA-"))
        #expect(data[Tag(0x0009_1001)] == nil && data[Tag(0x0009_0010)] == nil)
        #expect(data[Tag(0x6000_3000)] == nil)
        let sop = try #require(data.string(Tag(0x0008_0018)))
        #expect(sop.hasPrefix("2.25.") && sop == out.sopInstanceUID)
        #expect(out.file.meta.string(Tag(0x0002_0003)) == sop)  // meta and data set map alike
        // Nested UIDs map as at the root; Referenced Image Sequence (X/Z/U*, Type 3 in CT) goes.
        let study = try #require(data.string(Tag(0x0020_000D)))
        #expect(study == out.studyUID && study.hasPrefix("2.25."))
        #expect(data.element(at: "(0040,0275)[0].(0020,000D)").flatMap { $0.dataSet.string($0.element) } == study)
        #expect(data.element(at: "(0040,0275)[0].(0040,1001)") == nil)
        #expect(data[Tag(0x0008_1140)] == nil)
        #expect(data.element(at: "(0040,0275)[0].(0008,0050)")?.element.bytes?.isEmpty == true)
        let shifted = try #require(data.string(Tag(0x0008_0020)))
        #expect(shifted != "20190407" && shifted.count == 8)
        #expect(data.string(Tag(0x0008_0030)) == "081300")  // whole days: times kept
        #expect(data.string(Tag(0x0008_1030)) == "CT thorax")  // clean descriptors: harmless text kept
        #expect(data[Tag(0x0020_4000)] == nil)  // a phone number and a name: Type 3, removed
        #expect(data.string(Tag(0x0012_0062)) == "YES")
        #expect(data.string(Tag(0x0028_0303)) == "MODIFIED")
        let codes = data[Tag(0x0012_0064)]?.items?.compactMap { $0.dataSet.string(Tag(0x0008_0100)) }
        #expect(codes == ["113100", "113105", "113107", "113108", "113109"])
    }

    @Test("IOD types kept (dciodvfy): X on a Type 2C attribute empties it; identifying Type 1 text gets a dummy")
    func iodTypesKept() throws {
        // An animal: Responsible Person and Organization (X, Type 2C in the Patient Module).
        let animal =
            Self.identified() + [
                H.text(0x0010_2201, .LO, "Feline"), H.text(0x0010_2297, .PN, "Karlsson^Anna"),
                H.text(0x0010_2299, .LO, "Sjukhuset"),
            ]
        let out = try Self.anonymized(animal)
        #expect(out.file.dataSet[Tag(0x0010_2297)]?.bytes?.isEmpty == true)
        #expect(out.file.dataSet[Tag(0x0010_2299)]?.bytes?.isEmpty == true)
        #expect(try HeaderCheck(profile: .default).check(out.file, name: "f").isEmpty)
        // An RT Structure Set whose Structure Set Label (Type 1, kept under Clean Descriptors)
        // holds the patient's name: the profile's dummy value, not an empty Type 1 element.
        let rtss =
            Self.identified().filter { $0.tag != Tag(0x0008_0016) } + [
                H.text(0x0008_0016, .UI, "1.2.840.10008.5.1.4.1.1.481.3"), H.text(0x3006_0002, .SH, "Karlsson"),
            ]
        let structure = try Self.anonymized(rtss.sorted { $0.tag < $1.tag })
        #expect(structure.file.dataSet.string(Tag(0x3006_0002)) == Profile.defaultDummyValues[0])
        #expect(try HeaderCheck(profile: .default).check(structure.file, name: "f").isEmpty)
    }

    @Test("the same key gives the same output; another key another pseudonym and other UIDs")
    func deterministic() throws {
        let first = try Self.anonymized(Self.identified())
        let again = try Self.anonymized(Self.identified())
        let other = try Self.anonymized(Self.identified(), fill: 9)
        #expect(try DICOMWriter().write(first.file) == DICOMWriter().write(again.file))
        #expect(first.relativePath == again.relativePath)
        #expect(first.pseudonym != other.pseudonym && first.sopInstanceUID != other.sopInstanceUID)
    }

    @Test("files the image rules refuse are left out with the reason")
    func leftOut() throws {
        var burned = Self.identified()
        burned.removeAll { $0.tag == Tag(0x0028_0301) }
        burned.append(H.text(0x0028_0301, .CS, "YES"))
        guard case .leftOut(let reasons) = try Self.anonymizer().anonymize(Self.file(burned)) else {
            Issue.record("written")
            return
        }
        #expect(reasons.contains { $0.hasPrefix("burned-in-annotation") })
        var capture = Self.identified()
        capture.removeAll { $0.tag == Tag(0x0008_0016) }
        capture.append(H.text(0x0008_0016, .UI, "1.2.840.10008.5.1.4.1.1.7"))
        guard case .leftOut(let why) = try Self.anonymizer().anonymize(Self.file(capture)) else {
            Issue.record("written")
            return
        }
        #expect(why.contains { $0.hasPrefix("denied-sop-class") })
    }

    @Test("a profile without a pseudonym format cannot anonymize")
    func needsAFormat() throws {
        var profile = Profile.default
        profile.pseudonymFormat = nil
        #expect(throws: AnonymizerError.noPseudonymFormat) { try Self.anonymizer(profile: profile) }
    }

    @Test("a D date gets a dummy date the profile lists, else is emptied; the gate accepts both")
    func dummyDates() throws {
        var profile = Profile.default
        profile.options.remove(.retainLongitudinalModifiedDates)
        // Date (0040,A121) in a Content Sequence: D, at depth.
        let elements = Self.identified() + [H.sequence(0x0040_A730, [[H.text(0x0040_A121, .DA, "20190407")]])]
        for (dummies, expected) in [(["ANONYMOUS"], ""), (["ANONYMOUS", "19000101"], "19000101")] {
            profile.dummyValues = dummies
            let anonymizer = try Self.anonymizer(profile: profile)
            guard case .anonymized(let out) = anonymizer.anonymize(Self.file(elements)) else {
                Issue.record("left out")
                return
            }
            let date = try #require(out.file.dataSet.element(at: "(0040,A730)[0].(0040,A121)"))
            #expect(date.dataSet.string(date.element) == expected)
            let findings = try HeaderCheck(profile: profile).check(out.file, name: "f")
            #expect(findings.isEmpty, "\(findings)")
        }
    }
}
