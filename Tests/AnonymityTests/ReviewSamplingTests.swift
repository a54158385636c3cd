import Anonymity
import DICOM
import Foundation
import Testing

@Suite("Review sampling")
struct ReviewSamplingTests {
    @Test("one in n, rounded up: any examination means at least one reviewed")
    func sampleSize() {
        #expect(ReviewSampling.sampleSize(of: 0, oneIn: 100) == 0)
        #expect(ReviewSampling.sampleSize(of: 1, oneIn: 100) == 1)
        #expect(ReviewSampling.sampleSize(of: 100, oneIn: 100) == 1)
        #expect(ReviewSampling.sampleSize(of: 101, oneIn: 100) == 2)
        #expect(ReviewSampling.sampleSize(of: 250, oneIn: 100) == 3)
        #expect(ReviewSampling.sampleSize(of: 7, oneIn: 1) == 7)
    }

    @Test("the seed depends on every path and oid, not on their order")
    func seed() {
        let files = [
            (path: "b/1.dcm", oid: "sha256:" + String(repeating: "1", count: 64)), (path: "a.csv", oid: "abc"),
        ]
        let seed = ReviewSampling.seed(of: files)
        #expect(seed.count == 64)
        #expect(ReviewSampling.seed(of: files.reversed()) == seed)
        #expect(ReviewSampling.seed(of: [files[0], (path: "a.csv", oid: "abd")]) != seed)
        #expect(ReviewSampling.seed(of: [files[0], (path: "a2.csv", oid: "abc")]) != seed)
        #expect(ReviewSampling.seed(of: [files[0]]) != seed)
        // Path and oid are separated: moving a byte from one to the other is another change.
        #expect(ReviewSampling.seed(of: [(path: "ab", oid: "c")]) != ReviewSampling.seed(of: [(path: "a", oid: "bc")]))
    }

    @Test("the pick is a pure function of the seed, of the right size, and spreads over examinations")
    func pick() {
        let studies = (0..<250).map { "2.25.\(1000 + $0)" }
        let seed = ReviewSampling.seed(of: [(path: "x", oid: "1")])
        let picked = ReviewSampling.pick(studies, seed: seed, oneIn: 100)
        #expect(picked.count == 3 && Set(picked).isSubset(of: studies))
        #expect(ReviewSampling.pick(studies.reversed(), seed: seed, oneIn: 100) == picked)
        #expect(ReviewSampling.pick(studies + studies, seed: seed, oneIn: 100) == picked)
        // Over many seeds every examination gets its turn, about equally.
        var counts: [String: Int] = [:]
        for n in 0..<2_000 {
            let other = ReviewSampling.seed(of: [(path: "x", oid: "\(n)")])
            for study in ReviewSampling.pick(studies.prefix(10), seed: other, oneIn: 100) {
                counts[study, default: 0] += 1
            }
        }
        #expect(counts.count == 10)
        #expect(counts.values.allSatisfy { $0 > 120 && $0 < 280 }, "\(counts)")
    }

    @Test("the listing gives every element by path, text whole, readable runs of binary values")
    func listing() throws {
        let long = String(repeating: "x", count: 300) + " Jane Doe"
        var dataSet = DataSet()
        dataSet.set(Element(tag: Tag(0x0010_0010), vr: .PN, bytes: Array("Doe^Jane".utf8)))
        dataSet.set(Element(tag: Tag(0x0020_4000), vr: .LT, bytes: Array((long + " ").utf8)))
        dataSet.set(Element(tag: Tag(0x0028_0010), vr: .US, bytes: [0x00, 0x02]))
        dataSet.set(Element(tag: Tag(0x0009_0010), vr: .LO, bytes: Array("ACME 1.0".utf8)))
        dataSet.set(Element(tag: Tag(0x0009_1001), vr: .OB, bytes: [0x01, 0x02] + Array("Per Persson".utf8) + [0x00]))
        var item = DataSet()
        item.set(Element(tag: Tag(0x0008_0050), vr: .SH, bytes: Array("A123".utf8)))
        dataSet.set(
            Element(tag: Tag(0x0040_0275), vr: .SQ, value: .sequence([Item(dataSet: item, hasUndefinedLength: false)])))
        let file = DICOMFile(
            preamble: nil, meta: DataSet(), dataSet: dataSet, transferSyntax: .explicitVRLittleEndian,
            stoppedBeforePixelData: false, source: ByteStorage([]), offsetsAreFileOffsets: false, dataSetOffset: 0)
        let listed = Dictionary(ReviewListing.elements(of: file).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(listed["(0010,0010)"]?.value == "Doe^Jane" && listed["(0010,0010)"]?.keyword == "PatientName")
        #expect(listed["(0020,4000)"]?.value == long)
        #expect(listed["(0028,0010)"]?.value == "512")
        #expect(listed["(0040,0275)[0].(0008,0050)"]?.value == "A123")
        let blob = try #require(listed["(0009,1001)"])
        #expect(blob.keyword.hasPrefix("Private ACME 1.0"), "\(blob)")
        #expect(blob.value.hasPrefix("14 bytes: 01 02 50") && blob.value.hasSuffix("text: \"Per Persson\""), "\(blob)")
    }
}
