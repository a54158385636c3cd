import DICOM
import Testing

@testable import Anonymity

@Suite struct ConfidentialityTableTests {
    /// The eleven rows where Retain Device Identity (K) and Retain Longitudinal
    /// Temporal Information with Modified Dates (C) disagree: Docs/gate.md (Option conflicts).
    static let conflictTags: [UInt32] = [
        0x0014_407C, 0x0014_407E, 0x0018_1200, 0x0018_1201, 0x0018_1202, 0x0018_1203,
        0x0018_1204, 0x0018_1205, 0x0018_700C, 0x0018_700E, 0x300C_0127,
    ]

    static func action(_ tag: UInt32, _ options: Set<ProfileOption> = []) -> Action? {
        ConfidentialityTable.action(for: Tag(tag), options: options)
    }

    @Test func rowCounts() {
        // 621 rows of 2024b and 26 added later, none of them replacing one.
        #expect(ConfidentialityTable.rules.count == 647)
        #expect(ConfidentialityTableData.rowCount == 647)
        #expect(Set(ConfidentialityTable.rules.map(\.pattern)).count == 647)
        let masks = ConfidentialityTable.rules.filter { if case .mask = $0.pattern { true } else { false } }
        #expect(masks.map(\.pattern.description).sorted() == ["(50xx,xxxx)", "(60xx,3000)", "(60xx,4000)"])
    }

    @Test func patientAndStudyIdentifiers() {
        #expect(ConfidentialityTable.rule(for: Tag(0x0010_0010))?.name == "Patient's Name")
        #expect(Self.action(0x0010_0010) == .empty)
        // The extracted 2024b table gives Patient ID Z/D, not Z.
        #expect(Self.action(0x0010_0020) == .emptyOrDummy)
        #expect(Self.action(0x0008_0050) == .empty)
        // No option touches them.
        #expect(Self.action(0x0010_0010, Set(ProfileOption.allCases)) == .empty)
    }

    @Test func dates() {
        #expect(Self.action(0x0008_0020) == .empty)
        #expect(Self.action(0x0008_0020, [.retainLongitudinalModifiedDates]) == .clean)
        #expect(Self.action(0x0008_0020, [.retainLongitudinalFullDates]) == .keep)
        // Both variants named: the most protective, C.
        #expect(Self.action(0x0008_0020, [.retainLongitudinalFullDates, .retainLongitudinalModifiedDates]) == .clean)
    }

    @Test func patientCharacteristics() {
        #expect(Self.action(0x0010_1010) == .remove)
        #expect(Self.action(0x0010_1010, [.retainPatientCharacteristics]) == .keep)
        #expect(Self.action(0x0010_1010, [.cleanDescriptors]) == .remove)
    }

    @Test func deviceIdentity() {
        // Manufacturer is not in the table: the Basic Profile keeps it.
        #expect(ConfidentialityTable.rule(for: Tag(0x0008_0070)) == nil)
        #expect(Self.action(0x0008_0070, [.retainDeviceIdentity]) == nil)
        #expect(Self.action(0x0018_1000) == .removeEmptyOrDummy)
        #expect(Self.action(0x0018_1000, [.retainDeviceIdentity]) == .keep)
        #expect(Self.action(0x0008_1010, [.retainDeviceIdentity]) == .keep)
        // Device UID: K under either option, so no conflict.
        #expect(Self.action(0x0018_1002, [.retainDeviceIdentity, .retainUIDs]) == .keep)
    }

    @Test func uids() {
        #expect(Self.action(0x0008_0018) == .uid)
        #expect(Self.action(0x0008_0018, [.retainUIDs]) == .keep)
        #expect(Self.action(0x0002_0003) == .uid)  // the file meta group is covered
        #expect(Self.action(0x0008_1140) == .removeEmptyOrUID)
        #expect(Action.removeEmptyOrUID.code == "X/Z/U*")
    }

    @Test func repeatingGroups() throws {
        let overlay = try #require(ConfidentialityTable.rule(for: Tag(0x6002_3000)))
        #expect(overlay.name == "Overlay Data")
        #expect(overlay.pattern.description == "(60xx,3000)")
        #expect(overlay.basic == .remove)
        #expect(overlay.action(under: [.cleanGraphics]) == .clean)
        #expect(ConfidentialityTable.rule(for: Tag(0x601E_4000))?.name == "Overlay Comments")
        // (60xx,0010) Overlay Rows is not in the table.
        #expect(ConfidentialityTable.rule(for: Tag(0x6000_0010)) == nil)
        let curve = try #require(ConfidentialityTable.rule(for: Tag(0x5010_3000)))
        #expect(curve.name == "Curve Data")
        #expect(curve.pattern.description == "(50xx,xxxx)")
        #expect(ConfidentialityTable.rule(for: Tag(0x5010_0005))?.name == "Curve Data")
    }

    @Test func privateGroups() throws {
        // Odd groups are private even where a mask's digits would match.
        for raw: UInt32 in [0x0029_1010, 0x0029_0010, 0x6001_3000, 0x5011_0010] {
            let rule = try #require(ConfidentialityTable.rule(for: Tag(raw)))
            #expect(rule.pattern == .privateGroups)
            #expect(rule.basic == .remove)
            #expect(rule.action(under: [.retainSafePrivate]) == .clean)
        }
        #expect(Self.action(0xFFFA_FFFA) == .remove)  // Digital Signatures Sequence
        #expect(Self.action(0xFFFC_FFFC) == .remove)  // Data Set Trailing Padding
        #expect(ConfidentialityTable.rule(for: Tag(0x0028_0010)) == nil)
    }

    @Test func rowsAddedAfter2024b() throws {
        let rule = try #require(ConfidentialityTable.rule(for: Tag(0x0010_0043)))
        #expect(rule.name == "Sex Parameters for Clinical Use Category Sequence")
        #expect(rule.basic == .remove)
        #expect(rule.action(under: [.retainPatientCharacteristics]) == .keep)
        #expect(Self.action(0x0040_A034, [.retainLongitudinalModifiedDates]) == .clean)
        #expect(Self.action(0x300A_0054) == .uid)
        #expect(Self.action(0x300A_0054, [.retainUIDs]) == .keep)
        #expect(Self.action(0x0008_1301, [.cleanDescriptors]) == .clean)
    }

    @Test func theElevenConflictsResolveToTheMostProtective() throws {
        let both: Set<ProfileOption> = [.retainDeviceIdentity, .retainLongitudinalModifiedDates]
        for raw in Self.conflictTags {
            let rule = try #require(ConfidentialityTable.rule(for: Tag(raw)))
            #expect(rule.options[.retainDeviceIdentity] == .keep, "\(rule.name)")
            #expect(rule.options[.retainLongitudinalModifiedDates] == .clean, "\(rule.name)")
            #expect(rule.hasConflict(under: both), "\(rule.name)")
            #expect(rule.action(under: both) == .clean, "\(rule.name)")
            // Alone, or with Full Dates (K too), device identity keeps the value.
            #expect(rule.action(under: [.retainDeviceIdentity]) == .keep, "\(rule.name)")
            #expect(rule.action(under: [.retainDeviceIdentity, .retainLongitudinalFullDates]) == .keep)
            #expect(rule.action(under: [.retainLongitudinalModifiedDates]) == .clean)
        }
    }

    @Test func exactlyElevenRowsConflictBetweenCompatibleOptions() {
        // Every option but Full Dates, the alternative to Modified Dates.
        var options = Set(ProfileOption.allCases)
        options.remove(.retainLongitudinalFullDates)
        let found = ConfidentialityTable.conflicts(under: options).compactMap { rule -> UInt32? in
            if case .tag(let tag) = rule.pattern { tag.rawValue } else { nil }
        }
        #expect(found == Self.conflictTags)
        // The resolution does not depend on the order options are listed in.
        let reversed = Set(options.reversed())
        for raw in Self.conflictTags { #expect(Self.action(raw, reversed) == .clean) }
    }

    @Test func actionForms() {
        #expect(Action(code: "X/Z/D") == .removeEmptyOrDummy)
        #expect(Action(code: "X/Z/U*")?.forms == [.remove, .empty, .uid])
        #expect(Action(code: "Q") == nil)
        for action in Action.allCases { #expect(Action(code: action.code) == action) }
        #expect(Action.removeOrDummy.allows(.dummy))
        #expect(!Action.removeOrDummy.allows(.empty))
        #expect(!Action.removeEmptyOrDummy.allows(.keep))
        // X > Z > D > U > C > K; a combination counts as its most protective member.
        #expect(Action.clean.isMoreProtective(than: .keep))
        #expect(Action.uid.isMoreProtective(than: .clean))
        #expect(Action.removeOrDummy.isMoreProtective(than: .empty))
        #expect(Action.remove.isMoreProtective(than: .removeOrEmpty))
        #expect(Action.removeOrEmpty.isMoreProtective(than: .removeOrDummy))
        #expect(!Action.keep.isMoreProtective(than: .keep))
    }

    @Test func optionCodes() {
        let codes: [ProfileOption: String] = [
            .cleanDescriptors: "113105", .cleanStructuredContent: "113104", .cleanGraphics: "113103",
            .retainLongitudinalFullDates: "113106", .retainLongitudinalModifiedDates: "113107",
            .retainPatientCharacteristics: "113108", .retainDeviceIdentity: "113109", .retainUIDs: "113110",
            .retainSafePrivate: "113111", .retainInstitutionIdentity: "113112",
        ]
        for option in ProfileOption.allCases { #expect(option.codeValue == codes[option]) }
        #expect(ProfileOption(rawValue: "retain-uids") == .retainUIDs)
        #expect(ProfileOption(codeValue: "113107") == .retainLongitudinalModifiedDates)
        #expect(ProfileOption.retainDeviceIdentity.codeMeaning == "Retain Device Identity Option")
        #expect(Set(ProfileOption.allCases.map(\.codeValue)).count == 10)
    }
}
