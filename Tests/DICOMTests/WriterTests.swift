import Foundation
import Testing

@testable import DICOM

/// DICOMWriter against pydicom's test files: unchanged Explicit VR Little Endian
/// files byte for byte, every other file through pydicom (roundtrip_check.py) and
/// dcmdump, and a changed data set through both parsers.
@Suite(.enabled(if: WriterCorpus.directory != nil, "pydicom's test files not found (PYDICOM_TEST_FILES)"))
struct WriterCorpusTests {
    /// Explicit VR Little Endian files that are not re-written as read, and why.
    static let notAsRead = [
        "693_J2KI.dcm": "its group lengths are wrong ((7FE0,0000) says 105406 in a 3590-byte file); they are recomputed"
    ]

    @Test func unchangedExplicitLittleEndianFilesAreRewrittenByteForByte() throws {
        var identical = 0
        for path in WriterCorpus.files {
            guard let original = try? WriterCorpus.bytes(path), let file = try? DICOMFile(bytes: original),
                DICOMWriter.keptSource(of: file) != nil, !file.transferSyntax.isDeflated
            else { continue }
            // CP-246 sequences are written as SQ (their content explicit VR): by design not as read.
            guard !hasUNSequence(file.dataSet) else { continue }
            var expected = original
            var written: [UInt8]
            if file.meta.isEmpty {
                written = try DICOMWriter().write(file.dataSet, source: file.source)
            } else {
                written = try DICOMWriter().write(file)
                // A meta group read without a preamble gets one: the rest must match.
                if file.preamble == nil { expected = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + original }
            }
            let same = written == expected
            if let reason = Self.notAsRead[WriterCorpus.name(path)] {
                #expect(!same, "\(WriterCorpus.name(path)) is now identical: \(reason) no longer holds")
                continue
            }
            let common = min(written.count, expected.count)
            let difference = (0..<common).first { written[$0] != expected[$0] } ?? common
            #expect(
                same, "\(WriterCorpus.name(path)): \(written.count) bytes written, \(expected.count) read, first difference at \(difference)")
            if same { identical += 1 }
        }
        // pydicom 3.0 has 100 such files (dicomdirtests included); fewer means the corpus moved.
        #expect(identical >= 90, "only \(identical) files compared")
    }

    @Test(.enabled(if: WriterCorpus.hasPydicom)) func pydicomReadsEveryRewrittenFileAsItReadTheOriginal() throws {
        let folder = try WriterCorpus.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pairs = try writeAll(to: folder)
        let result = try #require(WriterCorpus.run(["python3", WriterCorpus.checkScript] + pairs.flatMap { [$0.0, $0.1] }))
        var checked = 0
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == pairs.count, "\(result.errors)")
        for line in lines {
            let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let original = WriterCorpus.name(report["original"] as? String ?? "")
            #expect(report["ok"] as? Bool == true, "\(original): \(report["differences"] ?? "")")
            if report["skipped"] == nil { checked += 1 }
        }
        #expect(checked >= 150, "only \(checked) files compared")
    }

    @Test(.enabled(if: WriterCorpus.hasDcmdump)) func dcmdumpReadsEveryRewrittenFile() throws {
        let folder = try WriterCorpus.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (original, rewritten) in try writeAll(to: folder) {
            let result = try #require(WriterCorpus.run(["dcmdump", "-q", "+E", rewritten]))
            let errors = result.errors.split(separator: "\n").filter { $0.hasPrefix("E:") || $0.hasPrefix("F:") }
            #expect(result.status == 0 && errors.isEmpty, "\(WriterCorpus.name(original)): \(errors.joined(separator: "; "))")
        }
    }

    @Test(.enabled(if: WriterCorpus.hasPydicom)) func changedDataSetIsReadBackByUsAndPydicom() throws {
        let path = try #require(WriterCorpus.directory) + "/test-SR.dcm"
        var file = try DICOMFile(path: path)
        let content = Tag(0x0040_A730)
        let relationship = Tag(0x0040_A010)
        // Depth 2, inside a sequence and item of defined length: both lengths must shrink.
        let index = try #require(file.dataSet.index(of: content))
        file.dataSet.update(at: index) { element in
            guard var items = element.items else { return }
            items[0].dataSet.remove(relationship)
            element.value = .sequence(items)
        }
        file.dataSet.set(Element(tag: Tag(0x0010_0010), vr: .PN, bytes: Array("Doe^Jon".utf8)))
        file.dataSet.set(Element(tag: Tag(0x0011_0010), vr: .LO, bytes: Array("AIDA TEST".utf8)))
        file.dataSet.set(Element(tag: Tag(0x0011_1001), vr: .LO, bytes: Array("hello world".utf8)))
        let folder = try WriterCorpus.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rewritten = folder + "/changed.dcm"
        try DICOMWriter().write(file, to: rewritten)

        let back = try DICOMFile(path: rewritten)
        let items = try #require(back.dataSet[content]?.items)
        #expect(items[0].dataSet[relationship] == nil && items[1].dataSet[relationship] != nil)
        #expect(back.dataSet[Tag(0x0010_0010)]?.bytes?.array == Array("Doe^Jon ".utf8))
        #expect(back.dataSet.string(Tag(0x0011_0010)) == "AIDA TEST")
        #expect(back.dataSet.string(Tag(0x0011_1001)) == "hello world")

        let expected = ["(0040,A730)[0].(0040,A010)", "(0010,0010)", "(0011,0010)", "(0011,1001)"]
        let result = try #require(
            WriterCorpus.run(["python3", WriterCorpus.checkScript] + expected.flatMap { ["--expect", $0] } + [path, rewritten]))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(report["ok"] as? Bool == true, "\(report["differences"] ?? result.errors)")
        let seen = (report["expected"] as? [[String: String]] ?? []).map { "\($0["path"] ?? "") \($0["kind"] ?? "") \($0["rewritten"] ?? "")" }
        #expect(
            seen.sorted() == [
                "(0010,0010) value Doe^Jon", "(0011,0010) added AIDA TEST", "(0011,1001) added hello world",
                "(0040,A730)[0].(0040,A010) missing ",
            ])
    }

    /// Writes every corpus file the parser reads; (original, rewritten) paths. Each
    /// written file is read back by our parser, its top-level group lengths checked.
    private func writeAll(to folder: String) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        for (index, (path, file)) in WriterCorpus.parsed().enumerated() {
            let rewritten = "\(folder)/\(index).dcm"
            try DICOMWriter().write(file, to: rewritten)
            let back = try DICOMFile(path: rewritten)
            #expect(back.transferSyntax.isExplicitVR && !back.transferSyntax.isBigEndian)
            checkGroupLengths(back, name: WriterCorpus.name(path))
            pairs.append((path, rewritten))
        }
        return pairs
    }

    /// Each top-level (gggg,0000) counts the bytes from after its value to the next group.
    private func checkGroupLengths(_ file: DICOMFile, name: String) {
        let elements = file.dataSet.elements
        for (index, element) in elements.enumerated() where element.tag.isGroupLength {
            guard let value = file.dataSet.integers(element).first, let bytes = element.bytes else { continue }
            let next = elements[(index + 1)...].first { $0.tag.group != element.tag.group }
            let end = next?.offset ?? file.source.count
            #expect(Int(value) == end - bytes.range.upperBound, "\(name): \(element.tag) says \(value)")
        }
    }

    private func hasUNSequence(_ dataSet: DataSet) -> Bool {
        var pending = [dataSet]
        while let next = pending.popLast() {
            for element in next.elements {
                guard let items = element.items else { continue }
                if element.sourceVR == .UN { return true }
                pending.append(contentsOf: items.map(\.dataSet))
            }
        }
        return false
    }
}
