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
                same,
                "\(WriterCorpus.name(path)): \(written.count) bytes written, \(expected.count) read, first difference at \(difference)"
            )
            if same { identical += 1 }
        }
        // pydicom 3.0.2 has 140 such files (encapsulated ones and dicomdirtests included),
        // 139 compared; far fewer means the corpus or the parser moved.
        #expect(identical >= 130, "only \(identical) files compared")
        print("WriterCorpusTests: \(identical) files re-written byte for byte")
    }

    @Test(.enabled(if: WriterCorpus.hasPydicom)) func pydicomReadsEveryRewrittenFileAsItReadTheOriginal() throws {
        let folder = try WriterCorpus.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pairs = try writeAll(to: folder)
        let result = try #require(
            WriterCorpus.run(["python3", WriterCorpus.checkScript] + pairs.flatMap { [$0.0, $0.1] }))
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
        print("WriterCorpusTests: pydicom read \(checked) of \(pairs.count) re-written files as the originals")
    }

    /// DCMTK reads every written file without error, and warns about nothing it did
    /// not already warn about in the original (it warns, e.g., about odd lengths).
    @Test(.enabled(if: WriterCorpus.hasDcmdump)) func dcmdumpReadsEveryRewrittenFile() throws {
        let folder = try WriterCorpus.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (original, rewritten) in try writeAll(to: folder) {
            let result = try #require(WriterCorpus.run(["dcmdump", rewritten]))
            let before = try #require(WriterCorpus.run(["dcmdump", original]))
            let messages = Set(result.errors.split(separator: "\n"))
            let errors = messages.filter { $0.hasPrefix("E:") || $0.hasPrefix("F:") }
            let name = WriterCorpus.name(original)
            #expect(result.status == 0 && errors.isEmpty, "\(name): \(errors.joined(separator: "; "))")
            let new = messages.subtracting(before.errors.split(separator: "\n"))
            #expect(new.isEmpty, "\(name): \(new.joined(separator: "; "))")
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

        if WriterCorpus.hasDcmdump {
            let dump = try #require(WriterCorpus.run(["dcmdump", rewritten]))
            #expect(dump.status == 0 && !dump.errors.contains("E:"), "\(dump.errors)")
            #expect(dump.output.contains("(0011,1001) LO [hello world]"))
        }

        let expected = ["(0040,A730)[0].(0040,A010)", "(0010,0010)", "(0011,0010)", "(0011,1001)"]
        let result = try #require(
            WriterCorpus.run(
                ["python3", WriterCorpus.checkScript] + expected.flatMap { ["--expect", $0] } + [path, rewritten]))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(report["ok"] as? Bool == true, "\(report["differences"] ?? result.errors)")
        let seen = (report["expected"] as? [[String: String]] ?? []).map {
            "\($0["path"] ?? "") \($0["kind"] ?? "") \($0["rewritten"] ?? "")"
        }
        #expect(
            seen.sorted() == [
                "(0010,0010) value Doe^Jon", "(0011,0010) added AIDA TEST", "(0011,1001) added hello world",
                "(0040,A730)[0].(0040,A010) missing ",
            ])
    }

    /// A CP-246 sequence (UN, implicit VR content) stays as read while none of its
    /// values changed (removing one keeps it UN); a new value in it makes it SQ.
    @Test(.enabled(if: WriterCorpus.hasPydicom)) func changedCP246SequenceBecomesSQ() throws {
        let path = try #require(WriterCorpus.directory) + "/UN_sequence.dcm"
        let folder = try WriterCorpus.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sequence = Tag(0x4453_100C)
        for added in [false, true] {
            var file = try DICOMFile(path: path)
            let index = try #require(file.dataSet.index(of: sequence))
            #expect(file.dataSet.elements[index].sourceVR == .UN)
            let changed = added ? "(4453,100C)[0].(0008,0080)" : "(4453,100C)[0].(0008,1115)"
            file.dataSet.update(at: index) { element in
                guard var items = element.items else { return }
                if added {
                    items[0].dataSet.set(Element(tag: Tag(0x0008_0080), vr: .LO, bytes: Array("NEW".utf8)))
                } else {
                    items[0].dataSet.remove(Tag(0x0008_1115))
                }
                element.value = .sequence(items)
            }
            let rewritten = folder + "/\(added).dcm"
            try DICOMWriter().write(file, to: rewritten)
            let back = try DICOMFile(path: rewritten).dataSet[sequence]
            #expect(back?.sourceVR == (added ? nil : .UN) && back?.items?.count == 1)
            let result = try #require(
                WriterCorpus.run(["python3", WriterCorpus.checkScript, "--expect", changed, path, rewritten]))
            #expect(result.output.contains("\"ok\": true"), "\(result.output) \(result.errors)")
        }
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
}

/// The writer's rules on data sets made in memory: byte order, VR, padding,
/// lengths, refusals, the durable write.
struct WriterTests {
    let writer = DICOMWriter()

    /// A Part 10 file around `elements`, read back by our parser.
    private func roundTrip(_ elements: [Element]) throws -> DICOMFile {
        let file = DICOMFile(
            preamble: nil, meta: DataSet(), dataSet: DataSet(elements: elements), transferSyntax: .explicitVRBigEndian,
            stoppedBeforePixelData: false, source: ByteStorage([]), offsetsAreFileOffsets: true, dataSetOffset: 0)
        return try DICOMFile(bytes: writer.write(file))
    }

    @Test func bigEndianValuesAreSwappedByVR() throws {
        let storage = ByteStorage(Array(1...8))
        let vrs: [VR] = [.US, .UL, .AT, .FD, .OW, .OB, .LO]
        let elements = vrs.enumerated().map { index, vr in
            Element(
                tag: Tag(0x0009_1000 + UInt32(index)), vr: vr,
                value: .bytes(ValueBytes(storage: storage, range: 0..<8, isBigEndian: true)))
        }
        let back = try roundTrip(elements)
        #expect(back.transferSyntax == .explicitVRLittleEndian)
        let values = vrs.indices.map { back.dataSet[Tag(0x0009_1000 + UInt32($0))]?.bytes?.array ?? [] }
        #expect(values[0] == [2, 1, 4, 3, 6, 5, 8, 7])  // US: 2 bytes
        #expect(values[1] == [4, 3, 2, 1, 8, 7, 6, 5])  // UL: 4 bytes
        #expect(values[2] == [2, 1, 4, 3, 6, 5, 8, 7])  // AT: two 2-byte halves
        #expect(values[3] == [8, 7, 6, 5, 4, 3, 2, 1])  // FD: 8 bytes
        #expect(values[4] == [2, 1, 4, 3, 6, 5, 8, 7])  // OW: words
        #expect(values[5] == Array(1...8) && values[6] == Array(1...8))  // bytes and text as they are
    }

    @Test func oddValuesArePaddedAndLengthsRecomputed() throws {
        let item = Item(dataSet: DataSet(elements: [Element(tag: Tag(0x0008_1150), vr: .UI, bytes: Array("1.2".utf8))]))
        let elements = [
            Element(tag: Tag(0x0008_0000), vr: .UL, bytes: [0xFF, 0xFF, 0xFF, 0xFF]),  // wrong on purpose
            Element(tag: Tag(0x0008_0016), vr: .UI, bytes: Array("1.2.3".utf8)),
            Element(tag: Tag(0x0008_0080), vr: .LO, bytes: Array("abc".utf8)),
            Element(tag: Tag(0x0008_1140), vr: .SQ, value: .sequence([item, item])),
            Element(tag: Tag(0x0008_1250), vr: .SQ, value: .sequence([item]), hasUndefinedLength: true),
            Element(tag: Tag(0x0010_0010), vr: .PN, bytes: Array("A^B".utf8)),
        ]
        let bytes = try writer.write(DataSet(elements: elements))
        #expect(Array(bytes[12..<26]) == [8, 0, 0x16, 0, 0x55, 0x49, 6, 0] + Array("1.2.3\0".utf8))
        let back = try DICOMFile(bytes: bytes).dataSet
        #expect(back[Tag(0x0008_0080)]?.bytes?.array == Array("abc ".utf8))
        #expect(back[Tag(0x0010_0010)]?.bytes?.array == Array("A^B ".utf8))
        let sequence = try #require(back[Tag(0x0008_1140)])
        #expect(!sequence.hasUndefinedLength && sequence.items?.count == 2)
        #expect(sequence.items?[1].dataSet[Tag(0x0008_1150)]?.bytes?.array == Array("1.2\0".utf8))
        #expect(back[Tag(0x0008_1250)]?.hasUndefinedLength == true)
        let groupEnd = try #require(back[Tag(0x0010_0010)]?.offset)
        #expect(back.integers(try #require(back[Tag(0x0008_0000)])) == [Int64(groupEnd - 12)])
    }

    /// PS3.5 6.2.2 and pydicom: a value too long for a 16-bit length is declared UN.
    @Test func valueTooLongForItsLengthFieldBecomesUN() throws {
        let long = [UInt8](repeating: 0x41, count: 70_000)
        let bytes = try writer.write(DataSet(elements: [Element(tag: Tag(0x0008_0080), vr: .LO, bytes: long)]))
        #expect(Array(bytes[4..<12]) == [0x55, 0x4E, 0, 0, 0x70, 0x11, 0x01, 0])
        let back = try DICOMFile(bytes: bytes).dataSet[Tag(0x0008_0080)]
        #expect(back?.vr == .LO && back?.sourceVR == .UN && back?.bytes?.count == 70_000)
    }

    @Test func refusesWhatNoReaderWouldReadBack() throws {
        let name = Element(tag: Tag(0x0010_0010), vr: .PN, bytes: Array("A^B ".utf8))
        #expect(throws: DICOMError.self) { try writer.write(DataSet(elements: [name, name])) }
        let bytesInSQ = Element(tag: Tag(0x0008_1140), vr: .SQ, bytes: [1, 2])
        #expect(throws: DICOMError.self) { try writer.write(DataSet(elements: [bytesInSQ])) }
        let meta = Element(tag: .transferSyntaxUID, vr: .UI, bytes: Array("1.2.840.10008.1.2\0".utf8))
        #expect(throws: DICOMError.self) { try roundTrip([meta, name]) }
        // Headers-only reads stop before Pixel Data: writing one would lose it.
        let pixels = Element(tag: .pixelData, vr: .OB, bytes: [0, 0])
        let bytes = try writer.write(try roundTrip([name, pixels]))
        let headers = try DICOMFile(bytes: bytes, options: .headersOnly)
        #expect(headers.stoppedBeforePixelData)
        #expect(throws: DICOMError.self) { try writer.write(headers) }
    }

    @Test func durableWriteReplacesTheFileAndLeavesNothingElse() throws {
        let folder = try WriterCorpus.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try roundTrip([Element(tag: Tag(0x0010_0010), vr: .PN, bytes: Array("A^B ".utf8))])
        let path = folder + "/out.dcm"
        try Array("old content".utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try writer.write(file, to: path)
        #expect(try WriterCorpus.bytes(path) == writer.write(file))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "a replaced file keeps its permissions")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.dcm"])
        #expect(throws: DICOMError.self) { try writer.write(file, to: folder + "/missing/out.dcm") }
    }
}
