import Testing

@testable import DICOM

/// The expectations are pydicom 3.0.2's answers for the same lookups (get_entry,
/// get_private_entry, the UID dictionary); the tests read nothing from ../shared.
struct DictionaryTests {
    @Test func tablesAreWhole() {
        #expect(DataDictionary.tables.exact.count == 5091)
        #expect(DataDictionary.tables.masks.reduce(0) { $0 + $1.entries.count } == 88)
        #expect(DataDictionary.keywords.count == 5091 - 6)  // 6 rows without keyword
        #expect(PrivateDictionary.tables.creators.count == 449)
        #expect(PrivateDictionary.tables.entries.count == 10545)
        #expect(UIDRegistry.tables.byUID.count == 482)
        #expect(StandardDictionaryData.elementCount == 5091)
        #expect(PrivateDictionaryData.elementCount == 10545)
        #expect(UIDRegistryData.count == 482)
    }

    @Test func exactTags() throws {
        let name = try #require(DataDictionary.entry(for: Tag(0x0010_0010)))
        #expect(name.vrs == [.PN] && name.vr == .PN)
        #expect(name.vm == "1" && name.keyword == "PatientName" && name.name == "Patient's Name")
        #expect(!name.isRetired)

        let pixels = try #require(DataDictionary.entry(for: .pixelData))
        #expect(pixels.vrs == [.OB, .OW] && pixels.vr == .OB)

        let delimiter = try #require(DataDictionary.entry(for: .itemDelimitation))
        #expect(delimiter.vrs.isEmpty && delimiter.vr == nil)
        #expect(delimiter.keyword == "ItemDelimitationItem")

        #expect(DataDictionary.entry(for: Tag(0x0028_0106))?.vrs == [.US, .SS])  // SmallestImagePixelValue
        #expect(DataDictionary.entry(for: Tag(0x0028_1200))?.vrs == [.US, .SS, .OW])  // GrayLookupTableData
        #expect(DataDictionary.entry(for: Tag(0x0028_3006))?.vrs == [.US, .OW])  // LUTData
        #expect(DataDictionary.entry(for: Tag(0x0008_0202))?.keyword == "")  // "Retired-blank"
        #expect(DataDictionary.entry(for: Tag(0x0000_0001))?.isRetired == true)
        #expect(DataDictionary.entry(for: .transferSyntaxUID)?.vr == .UI)
        #expect(DataDictionary.entry(for: Tag(0x0008_0016))?.keyword == "SOPClassUID")
    }

    @Test func repeatingGroups() throws {
        let overlay = try #require(DataDictionary.entry(for: Tag(0x6002_3000)))
        #expect(overlay.keyword == "OverlayData" && overlay.vrs == [.OB, .OW] && !overlay.isRetired)
        for group: UInt32 in [0x6000, 0x6002, 0x601E] {
            #expect(DataDictionary.keyword(for: Tag(group << 16 | 0x0010)) == "OverlayRows")
        }
        let curve = try #require(DataDictionary.entry(for: Tag(0x5004_0010)))
        #expect(curve.keyword == "NumberOfPoints" && curve.vr == .US && curve.isRetired)
        #expect(DataDictionary.keyword(for: Tag(0x0020_3101)) == "SourceImageIDs")  // 002031xx
        #expect(DataDictionary.keyword(for: Tag(0x0028_0412)) == "CoefficientCoding")  // 002804x2
        #expect(DataDictionary.keyword(for: Tag(0x0028_08F8)) == "ImageDataLocation")  // 002808x8
        #expect(DataDictionary.keyword(for: Tag(0x1000_0012)) == "HuffmanTableSize")  // 1000xxx2
        #expect(DataDictionary.keyword(for: Tag(0x1010_12AB)) == "ZonalMap")  // 1010xxxx
        #expect(DataDictionary.entry(for: Tag(0x7F22_0010))?.vrs == [.OB, .OW])  // VariablePixelData
        // Odd groups are private, so no mask applies (pydicom: KeyError).
        #expect(DataDictionary.entry(for: Tag(0x6001_3000)) == nil)
        #expect(DataDictionary.entry(for: Tag(0x6002_3001)) == nil)
        #expect(DataDictionary.entry(for: Tag(0x6100_0010)) == nil)
        // A mask's keyword names many tags, so it maps back to none.
        #expect(DataDictionary.tag(forKeyword: "OverlayData") == nil)
    }

    @Test func groupLengths() throws {
        #expect(DataDictionary.keyword(for: Tag(0x0002_0000)) == "FileMetaInformationGroupLength")
        #expect(DataDictionary.keyword(for: Tag(0x0000_0000)) == "CommandGroupLength")
        let length = try #require(DataDictionary.entry(for: Tag(0x0008_0000)))
        #expect(length.vrs == [.UL] && length.keyword == "GroupLength" && length.name == "Group Length")
        #expect(DataDictionary.entry(for: Tag(0x0029_0000))?.vr == .UL)
        // The 1010xxxx mask comes first, as in pydicom.
        #expect(DataDictionary.keyword(for: Tag(0x1010_0000)) == "ZonalMap")
        #expect(DataDictionary.tag(forKeyword: "GroupLength") == nil)
    }

    @Test func keywords() {
        #expect(DataDictionary.tag(forKeyword: "PatientName") == Tag(0x0010_0010))
        #expect(DataDictionary.tag(forKeyword: "PixelData") == .pixelData)
        #expect(DataDictionary.tag(forKeyword: "patientname") == nil)
        #expect(DataDictionary.tag(forKeyword: "") == nil)
        #expect(DataDictionary.keyword(for: Tag(0x0008_0202)) == nil)
        #expect(DataDictionary.keyword(for: Tag(0x0009_0010)) == nil)
        #expect(DataDictionary.keyword(for: Tag(0x0010_0011)) == nil)
        // Every keyword leads back to its own tag.
        var roundTrips = 0
        for (tag, entry) in DataDictionary.tables.exact where !entry.keyword.isEmpty {
            #expect(DataDictionary.tag(forKeyword: entry.keyword) == Tag(tag))
            #expect(DataDictionary.keyword(for: Tag(tag)) == entry.keyword)
            roundTrips += 1
        }
        #expect(roundTrips == 5085)
    }

    @Test func privateEntries() throws {
        let csa = try #require(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", tag: Tag(0x0029_1010)))
        #expect(csa.vrs == [.OB] && csa.name == "CSA Image Header Info" && csa.keyword == "")
        #expect(!csa.isRetired)
        // Any block: (0029,1120) is 0029xx20 in a block reserved by (0029,0011).
        let series = PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", tag: Tag(0x0029_1120))
        #expect(series?.name == "CSA Series Header Info")
        #expect(PrivateDictionary.entry(creator: "GEMS_ACQU_01", tag: Tag(0x0019_1002))?.vr == .SL)
        // GGxxxxEE keys: any group 60xx.
        #expect(PrivateDictionary.entry(creator: "PAPYRUS 3.0", tag: Tag(0x6001_1010))?.name == "Overlay Rows")
        #expect(PrivateDictionary.entry(creator: "PAPYRUS 3.0", tag: Tag(0x60FF_10A0))?.vr == .LO)
        // An exact key wins over the any-block one, and only in its own block.
        #expect(PrivateDictionary.entry(creator: "ELSCINT1", tag: Tag(0x00E1_1021))?.name == "DLP")
        #expect(PrivateDictionary.entry(creator: "ELSCINT1", tag: Tag(0x00E1_1121))?.name == "Unknown")
        #expect(PrivateDictionary.entry(creator: "CANON_MEC_MR3^10", tag: Tag(0x0011_0003))?.vr == .US)
        #expect(PrivateDictionary.entry(creator: "CANON_MEC_MR3^10", tag: Tag(0x0011_1003)) == nil)
        // pydicom's table has "US or SS" and "OB_OW" among private VRs.
        #expect(PrivateDictionary.entry(creator: "FDMS 1.0", tag: Tag(0x0027_10A3))?.vrs == [.US, .SS])
        #expect(PrivateDictionary.entry(creator: "TOSHIBA_MEC_OT3", tag: Tag(0x7019_1080))?.vrs == [.OB, .OW])
    }

    @Test func privateCreatorMatching() {
        let tag = Tag(0x0029_1010)
        // Trailing padding goes, as pydicom strips LO values; nothing else does.
        #expect(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER ", tag: tag)?.vr == .OB)
        #expect(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER\0", tag: tag)?.vr == .OB)
        #expect(PrivateDictionary.entry(creator: " SIEMENS CSA HEADER", tag: tag) == nil)
        #expect(PrivateDictionary.entry(creator: "siemens csa header", tag: tag) == nil)
        #expect(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER\\X", tag: tag) == nil)
        #expect(PrivateDictionary.entry(creator: "", tag: tag) == nil)
        #expect(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", tag: Tag(0x0029_10FF)) == nil)
        // Case variants are distinct creators in pydicom's table.
        #expect(PrivateDictionary.knows(creator: "HOLOGIC") && PrivateDictionary.knows(creator: "Hologic"))
        #expect(!PrivateDictionary.knows(creator: "NOBODY"))
        // Keys such as 001910xx are never tried by pydicom.
        #expect(PrivateDictionary.entry(creator: "GEMS_ACQU_01", tag: Tag(0x0019_1010)) == nil)
        #expect(PrivateDictionary.entry(creator: "GEMS_ACQU_01", tag: Tag(0x0019_0010)) == nil)
    }

    @Test func uids() throws {
        let explicit = try #require(UIDRegistry.entry(for: "1.2.840.10008.1.2.1"))
        #expect(explicit.keyword == "ExplicitVRLittleEndian")
        #expect(explicit.name == "Explicit VR Little Endian" && explicit.type == "Transfer Syntax")
        #expect(UIDRegistry.entry(for: "1.2.840.10008.1.2")?.keyword == "ImplicitVRLittleEndian")
        #expect(UIDRegistry.entry(for: "1.2.840.10008.1.2.1\0")?.keyword == "ExplicitVRLittleEndian")
        #expect(UIDRegistry.entry(for: "1.2.840.10008.1.1")?.type == "SOP Class")
        #expect(UIDRegistry.entry(for: "1.2.840.10008.5.1.4.1.1.2")?.keyword == "CTImageStorage")
        #expect(UIDRegistry.entry(for: "1.2.3.4") == nil)
        #expect(UIDRegistry.uid(forKeyword: "ExplicitVRLittleEndian") == "1.2.840.10008.1.2.1")
        #expect(UIDRegistry.uid(forKeyword: "") == nil)
    }

    @Test func concurrentFirstUse() async {
        // The tables are static lets: concurrent first lookups must all see them whole.
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    DataDictionary.entry(for: .pixelData)?.keyword == "PixelData"
                        && PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", tag: Tag(0x0029_1010)) != nil
                        && UIDRegistry.entry(for: "1.2.840.10008.1.2.1") != nil
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
