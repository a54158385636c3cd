import DICOM
import Testing

@testable import Anonymity

@Suite("Table E.1-1 resolved per profile")
struct ResolvedTableTests {
    @Test("the resolved table answers as the table does, for every row, mask, private and unlisted tag")
    func agrees() {
        let optionSets: [Set<ProfileOption>] = [[], Set(ProfileOption.allCases), Profile.default.options]
        var tags = Array(ConfidentialityTable.tables.exact.keys)
        // Masked groups, private groups (odd, 0001-0007 included), unlisted public tags.
        tags += [0x5000_3000, 0x5002_0010, 0x6000_3000, 0x6004_4000, 0x6001_0010, 0x0009_1001, 0x0001_0001]
            .map { DICOM.Tag(UInt32($0)) }
        tags += [0x0028_0010, 0x7FE0_0010, 0x0018_0050, 0x0020_0032].map { DICOM.Tag(UInt32($0)) }
        for options in optionSets {
            let resolved = ResolvedTable(options: options)
            for tag in tags {
                #expect(resolved.action(for: tag) == ConfidentialityTable.action(for: tag, options: options), "\(tag)")
            }
        }
    }
}
