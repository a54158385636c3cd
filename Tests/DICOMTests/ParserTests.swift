import Testing

@testable import DICOM

@Suite("Parser on pydicom's test files")
struct ParserTests {
    @Test func explicitLittleEndianValues() throws {
        let file = try DICOMFile(path: TestFiles.pydicom("CT_small.dcm"))
        #expect(file.transferSyntax == .explicitVRLittleEndian)
        let data = file.dataSet
        #expect(data.string(Tag(0x0010_0010)) == "CompressedSamples^CT1")
        #expect(data.integer(.rows) == 128)
        #expect(data.integer(.columns) == 128)
        #expect(data[Tag(0x0028_0030)].map { data.strings($0) } == ["0.661468", "0.661468"])
        #expect(data[Tag(0x0020_0032)].map { data.strings($0) } == ["-158.135803", "-179.035797", "-75.699997"])
        #expect(data[.pixelData]?.bytes?.count == 32768)
        let names = data[Tag(0x0010_0010)].map { data.personNames($0) }
        #expect(names?.first?.alphabetic == "CompressedSamples^CT1")
        #expect(file.meta.string(.transferSyntaxUID) == "1.2.840.10008.1.2.1")
    }

    @Test func bigEndianReadsTheSameNumbers() throws {
        let big = try DICOMFile(path: TestFiles.pydicom("MR_small_bigendian.dcm"))
        let little = try DICOMFile(path: TestFiles.pydicom("MR_small.dcm"))
        #expect(big.transferSyntax == .explicitVRBigEndian)
        #expect(big.dataSet.integer(.rows) == 64)
        #expect(big.dataSet.string(Tag(0x0010_0010)) == "CompressedSamples^MR1")
        for tag in [Tag.rows, .columns, .bitsAllocated, Tag(0x0028_0106)] {
            #expect(big.dataSet.integer(tag) == little.dataSet.integer(tag), "\(tag)")
        }
    }

    @Test func implicitAndDeflated() throws {
        let implicit = try DICOMFile(path: TestFiles.pydicom("MR_small_implicit.dcm"))
        #expect(implicit.transferSyntax == .implicitVRLittleEndian)
        #expect(implicit.dataSet[Tag(0x0010_0010)]?.vr == .PN)
        let deflated = try DICOMFile(path: TestFiles.pydicom("image_dfl.dcm"))
        #expect(deflated.transferSyntax == .deflatedExplicitVRLittleEndian)
        #expect(deflated.dataSet.integer(.rows) == 512)
        #expect(!deflated.offsetsAreFileOffsets)
    }

    @Test func undefinedLengthSequenceInUN() throws {
        // CP-246: a private UN of undefined length holds an implicit VR sequence.
        let file = try DICOMFile(path: TestFiles.pydicom("UN_sequence.dcm"))
        let element = try #require(file.dataSet[Tag(0x4453_100C)])
        #expect(element.vr == .SQ)
        #expect(element.sourceVR == .UN)
        let inner = try #require(element.items?.first?.dataSet[Tag(0x0008_1115)])
        #expect(inner.vr == .SQ)
    }

    @Test func nestedValuesAtDepth() throws {
        let file = try DICOMFile(path: TestFiles.pydicom("rtplan.dcm"))
        let beams = try #require(file.dataSet[Tag(0x300A_00B0)]?.items)
        let points = try #require(beams[0].dataSet[Tag(0x300A_0111)]?.items)
        let references = try #require(points[1].dataSet[Tag(0x300C_0050)]?.items)
        let coefficient = try #require(references[0].dataSet[Tag(0x300A_010C)])
        #expect(references[0].dataSet.strings(coefficient) == ["9.9902680e-1"])
    }

    @Test func encapsulatedFragmentsAreWalked() throws {
        let file = try DICOMFile(path: TestFiles.pydicom("JPEG2000.dcm"))
        let pixels = try #require(file.dataSet[.pixelData]?.encapsulated)
        #expect(pixels.fragments.count == 1)  // pydicom: 2 items, the first the offset table
        #expect(pixels.fragments.allSatisfy { !$0.isEmpty })
    }

    @Test func headersOnlyStopsBeforePixelData() throws {
        let path = try TestFiles.pydicom("CT_small.dcm")
        let file = try DICOMFile(path: path, options: .headersOnly)
        #expect(file.stoppedBeforePixelData)
        #expect(file.dataSet[.pixelData] == nil)
        #expect(file.dataSet.integer(.rows) == 128)
    }

    @Test func valuesPointIntoTheSourceWithoutCopies() throws {
        let file = try DICOMFile(path: TestFiles.pydicom("CT_small.dcm"))
        let pixels = try #require(file.dataSet[.pixelData]?.bytes)
        #expect(pixels.storage === file.source)
        #expect(pixels.range.upperBound <= file.source.count)
    }

    @Test func oddLengthsAreWarningsUnlessRejected() throws {
        var bytes = Array("DICM".utf8)
        bytes = [UInt8](repeating: 0, count: 128) + bytes
        // Meta: (0002,0010) UI "1.2.840.10008.1.2.1\0"
        let syntax = Array("1.2.840.10008.1.2.1\0".utf8)
        bytes += [0x02, 0x00, 0x10, 0x00, 0x55, 0x49, UInt8(syntax.count), 0x00] + syntax
        // (0010,0020) LO "ABC" with length 3.
        bytes += [0x10, 0x00, 0x20, 0x00, 0x4C, 0x4F, 0x03, 0x00] + Array("ABC".utf8)
        let file = try DICOMFile(bytes: bytes)
        #expect(file.warnings.map(\.code) == ["odd-length"])
        #expect(file.dataSet.string(Tag(0x0010_0020)) == "ABC")
        #expect(throws: DICOMError.self) {
            try DICOMFile(bytes: bytes, options: ParseOptions(rejectOddLengths: true))
        }
    }
}

@Suite("Element paths")
struct PathTests {
    @Test func pathsRoundTripAndReachNestedElements() throws {
        let file = try DICOMFile(path: TestFiles.pydicom("rtplan.dcm"))
        let text = "(300A,00B0)[0].(300A,0111)[1].(300C,0050)[0].(300A,010C)"
        #expect(TagPath(parsing: text)?.description == text)
        let found = try #require(file.dataSet.element(at: text))
        #expect(found.dataSet.strings(found.element) == ["9.9902680e-1"])
        #expect(file.dataSet.element(at: "(300A,00B0)[99].(300A,0111)") == nil)
        #expect(TagPath(parsing: "[0]") == nil)
    }

    @Test func everyElementIsVisitedOnceWithItsPath() throws {
        let file = try DICOMFile(path: TestFiles.pydicom("rtplan.dcm"))
        var count = 0
        var paths = Set<String>()
        file.dataSet.forEachElement { path, element, dataSet in
            count += 1
            paths.insert(path.description)
            #expect(dataSet[element.tag] != nil)
            #expect(file.dataSet.element(at: path)?.element.tag == element.tag)
        }
        #expect(count == 126)  // pydicom: len(list(ds.iterall()))
        #expect(paths.count == count)
    }
}
