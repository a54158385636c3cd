import DICOM
import Foundation
import Testing

@testable import Anonymity

/// The PS3.3 types the anonymizer uses to choose among X, Z and D, and that the
/// committed table is what generate_iod.py makes from the standards.
@Suite("IOD attribute types")
struct IODAttributeTypesTests {
    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"
    static let mrImage = "1.2.840.10008.5.1.4.1.1.4"

    @Test func knownAttributes() {
        #expect(IODAttributeTypes.iod(ofSOPClass: Self.ctImage) == "ct-image")
        #expect(IODAttributeTypes.type(of: Tag(0x0010_0010), sopClass: Self.ctImage) == .type2)  // PatientName
        #expect(IODAttributeTypes.type(of: Tag(0x0010_0020), sopClass: Self.ctImage) == .type2)  // PatientID
        #expect(IODAttributeTypes.type(of: Tag(0x0008_0018), sopClass: Self.ctImage) == .type1)  // SOPInstanceUID
        #expect(IODAttributeTypes.type(of: Tag(0x0020_000D), sopClass: Self.mrImage) == .type1)  // StudyInstanceUID
        #expect(IODAttributeTypes.type(of: Tag(0x0008_0050), sopClass: Self.ctImage) == .type2)  // AccessionNumber
        #expect(IODAttributeTypes.type(of: Tag(0x0008_1030), sopClass: Self.ctImage) == .type3)  // StudyDescription
        #expect(IODAttributeTypes.type(of: Tag(0x0010_1000), sopClass: Self.ctImage) == nil)  // retired OtherPatientIDs
        #expect(IODAttributeTypes.type(of: Tag(0x0010_0010), sopClass: "1.2.3.4") == nil)
        // Overlay groups share the 60xx rows.
        #expect(IODAttributeTypes.type(of: Tag(0x6002_3000), sopClass: Self.ctImage) == .type1)
        // Within a sequence's items: the Code Value of a code item.
        #expect(
            IODAttributeTypes.type(of: Tag(0x0008_0100), sopClass: Self.ctImage, within: Tag(0x0008_1032)) != nil)
    }

    @Test func formFollowsTheTypeWithinTheActionsForms() {
        typealias T = IODAttributeTypes
        #expect(T.form(for: .removeEmptyOrDummy, type: .type1) == .dummy)
        #expect(T.form(for: .removeEmptyOrDummy, type: .type1C) == .dummy)
        #expect(T.form(for: .removeEmptyOrDummy, type: .type2) == .empty)
        #expect(T.form(for: .removeEmptyOrDummy, type: .type3) == .remove)
        #expect(T.form(for: .removeEmptyOrDummy, type: nil) == .remove)
        #expect(T.form(for: .removeOrEmpty, type: .type1) == .empty)
        #expect(T.form(for: .emptyOrDummy, type: .type3) == .empty)
        #expect(T.form(for: .removeOrDummy, type: .type2) == .dummy)
        #expect(T.form(for: .removeEmptyOrUID, type: .type1) == .uid)
        #expect(T.form(for: .remove, type: .type1) == .remove)
        #expect(T.form(for: .keep, type: .type3) == .keep)
        for action in Action.allCases {
            for type in AttributeType.allCases.map(Optional.some) + [nil] {
                #expect(action.allows(T.form(for: action, type: type)), "\(action) \(String(describing: type))")
            }
        }
    }

    @Test func tableMatchesTheStandards() throws {
        let result = try Python.checkGenerator("Sources/Anonymity/Anonymizer/generate_iod.py")
        #expect(result.status == 0, "generate_iod.py --check: \(result.output)")
    }
}
