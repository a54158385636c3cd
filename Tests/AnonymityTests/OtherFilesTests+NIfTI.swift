import Foundation
import Testing

@testable import Anonymity

/// NIfTI-1, NIfTI-2 and .nii.gz built byte by byte: text fields, extensions, hostile sizes.
extension OtherFilesTests {
    @Test("NIfTI-1, both byte orders: descrip, aux_file, intent_name, db_name and extensions are checked")
    func niftiOne() throws {
        for bigEndian in [false, true] {
            let bytes = OtherFileBytes.nifti1(
                descrip: "Pat \(Self.personnummer)", auxFile: "a@example.se", intentName: "8507092388",
                dbName: "070-123 45 67", bigEndian: bigEndian,
                extensions: [
                    (6, Array("ring \(Self.phone)".utf8)), (4, Array("<AFNI_attributes/>".utf8)),
                    (32, Array("<CIFTI>\(Self.email)</CIFTI>".utf8)),
                ])
            let findings = try Self.check(bytes, named: "t1.nii")
            #expect(
                Self.summary(findings) == [
                    "descrip personnummer", "aux_file email", "intent_name personnummer", "db_name phone",
                    "extension 1 (ecode 6, comment) phone", "extension 3 (ecode 32, CIFTI) email",
                ], "big-endian \(bigEndian): \(findings)")
            #expect(!findings.contains { $0.value.contains("2388") }, "values are masked")
            let clean = OtherFileBytes.nifti1(descrip: "FSL5.0", bigEndian: bigEndian, extensions: [(6, [0x41])])
            #expect(try Self.check(clean, named: "t1.nii").isEmpty)
        }
    }

    @Test("NIfTI-2, both byte orders, and a pair's header (.hdr, extensions to the end of the file)")
    func niftiTwoAndPairs() throws {
        for bigEndian in [false, true] {
            let bytes = OtherFileBytes.nifti2(
                descrip: "Pat \(Self.personnummer)", auxFile: Self.phone, intentName: "8507092388",
                bigEndian: bigEndian, extensions: [(6, Array(Self.email.utf8))])
            #expect(
                Self.summary(try Self.check(bytes, named: "t1.nii")) == [
                    "descrip personnummer", "aux_file phone", "intent_name personnummer",
                    "extension 1 (ecode 6, comment) email",
                ])
            #expect(try Self.check(OtherFileBytes.nifti2(bigEndian: bigEndian), named: "t1.nii").isEmpty)
            let pair = OtherFileBytes.nifti1(
                bigEndian: bigEndian, single: false, extensions: [(6, Array(Self.email.utf8))])
            #expect(Self.summary(try Self.check(pair, named: "t1.hdr")) == ["extension 1 (ecode 6, comment) email"])
        }
    }

    @Test(".nii.gz: the header and extensions inflated, and the gzip header's file name checked too")
    func niftiGzip() throws {
        let nifti = OtherFileBytes.nifti1(
            descrip: "Pat \(Self.personnummer)", extensions: [(6, Array("ring \(Self.phone)".utf8))])
        let gzip = OtherFileBytes.gzip(nifti, fileName: "pat_\(Self.personnummer)_t1.nii")
        let findings = try Self.check(gzip, named: "t1.nii.gz")
        #expect(
            Self.summary(findings) == [
                "gzip header (file name) personnummer", "descrip personnummer", "extension 1 (ecode 6, comment) phone",
            ], "\(findings)")
        // Two concatenated members read as one stream, as gunzip reads them.
        let split = OtherFileBytes.gzip(Array(nifti[..<200])) + OtherFileBytes.gzip(Array(nifti[200...]))
        #expect(Self.summary(try Self.check(split, named: "t1.nii.gz")).count == 2)
        // Deflate data that does not inflate cannot be told from any other gzip stream.
        var corrupt = OtherFileBytes.gzip(nifti)
        corrupt[10] = 0x07  // block type 3: reserved, invalid
        #expect(Gate.kind(of: try Self.write(corrupt, named: "x.nii.gz")) == .archive("gzip"))
    }

    @Test("text between the header and vox_offset is checked even without an extension flag")
    func niftiGap() throws {
        var bytes = OtherFileBytes.nifti1(voxOffset: 416)
        bytes.removeLast(8)
        bytes += Array("hidden \(Self.email)".utf8) + [UInt8](repeating: 0, count: 64 - 7 - Self.email.utf8.count)
        bytes += [UInt8](repeating: 7, count: 8)
        #expect(Self.summary(try Self.check(bytes, named: "t1.nii")) == ["bytes 352-416 before the voxels email"])
    }

    @Test("hostile NIfTI: every truncation, bad esize and vox_offset values never crash and never pass unread")
    func niftiHostile() throws {
        let full = OtherFileBytes.nifti1(extensions: [(6, Array("ring \(Self.phone)".utf8))])
        for length in 0..<full.count {
            let findings = try Self.check(Array(full[..<length]), named: "t1.nii")
            if length < 348 {
                #expect(findings.map(\.rule) == ["unknown-file-type"], "\(length)")
            } else if length >= 360 && length < 352 + 32 {
                // The extension's size is there, its content cut short.
                #expect(findings.contains { $0.rule == "unreadable" }, "\(length): \(findings)")
            }
        }
        for size: Int32 in [-16, 0, 4, 0x7FFF_FFF0] {
            var bytes = OtherFileBytes.nifti1(extensions: [(6, Array("text".utf8))])
            bytes.replaceSubrange(
                352..<356, with: OtherFileBytes.put(UInt64(UInt32(bitPattern: size)), 4, bigEndian: false))
            let findings = try Self.check(bytes, named: "t1.nii")
            #expect(findings.map(\.rule) == ["unreadable"], "esize \(size): \(findings)")
        }
        for offset: Float in [.nan, .infinity, -.infinity, -1, 0, 3e9, 1e30] {
            let bytes = OtherFileBytes.nifti1(extensions: [(6, Array(Self.email.utf8))], voxOffset: offset)
            // Unusable or past the file: the extensions are read to the end of the file (as
            // nibabel does), so the comment is found; the voxels then read as a broken extension.
            let findings = try Self.check(bytes, named: "t1.nii")
            #expect(findings.contains { $0.rule == "email" }, "vox_offset \(offset): \(findings)")
        }
    }

    @Test("a .nii.gz bomb: the inflated header area stops at the cap, in bounded time")
    func niftiBomb() throws {
        // vox_offset 1e9 with the extension flag set, then 256 MiB of zeros: the gate
        // reads 16 MiB past the header, finds no end, and refuses rather than reading on.
        let folder = try Self.folder()
        let path = folder + "/bomb.nii.gz"
        let header = OtherFileBytes.nifti1(extensions: [], voxOffset: 1e9)
        try Data(header).write(to: URL(fileURLWithPath: folder + "/header"))
        let script = """
            import sys, zlib
            header = open(sys.argv[1], 'rb').read()
            deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
            out = open(sys.argv[2], 'wb')
            out.write(deflate.compress(header))
            zeros = bytes(1 << 20)
            for _ in range(256): out.write(deflate.compress(zeros))
            out.write(deflate.flush())
            """
        let result = try Python.run(["-c", script, folder + "/header", path])
        try #require(result.status == 0, "\(result.output)")
        let start = Date()
        let findings = try Gate(profile: .default).check(path: path, name: "bomb.nii.gz")
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(
            findings.map(\.rule) == ["unreadable"] && findings.first?.message.contains("16 MiB") == true, "\(findings)")
    }
}
