import DICOM
import Foundation
import Testing

@testable import Anonymity

/// The gate on files that are not DICOM, tables or text: NIfTI, TIFF and whole-slide
/// images, archives and unknown types, built byte by byte (OtherFileBytes, TIFFBytes)
/// and written by nibabel and tifffile (OtherFiles/make_other_files.py).
@Suite("Other files: NIfTI, TIFF, archives, unknown types")
struct OtherFilesTests {
    static let personnummer = "19850709-2388"
    static let email = "anna.svensson@example.se"
    static let phone = "013-22 12 34"

    /// A fresh folder per call, removed with the test process's temporary files.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "aida-other-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ bytes: [UInt8], named name: String) throws -> String {
        let path = try folder() + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func check(_ bytes: [UInt8], named name: String = "file", profile: Profile = .default) throws -> [Finding] {
        try Gate(profile: profile).check(path: try write(bytes, named: name), name: name)
    }

    /// "path rule" of each finding, for readable expectations.
    static func summary(_ findings: [Finding]) -> Set<String> { Set(findings.map { "\($0.path) \($0.rule)" }) }

    // MARK: Telling files apart

    @Test("the kind comes from the content: a .dcm that is a zip is an archive, DICM without a name is DICOM")
    func kindByContent() throws {
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 60)
        let dicm = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + [2, 0, 0, 0, 0x55, 0x4C, 4, 0]
        let cases: [(String, [UInt8], Gate.Kind)] = [
            ("scan.dcm", zip, .archive("zip")), ("clinical.csv", zip, .archive("zip")),
            ("README.md", Array("# Data\n".utf8), .metadata), ("clinical.csv", Array("a,b\n1,2\n".utf8), .table(",")),
            ("IM0001", dicm, .dicom), ("x.nii", OtherFileBytes.nifti1(), .nifti),
            ("x.nii.gz", OtherFileBytes.gzip(OtherFileBytes.nifti2()), .nifti),
            ("x.gz", OtherFileBytes.gzip(Array("hello".utf8)), .archive("gzip")),
            ("x.svs", TIFFBytes([[(270, .ascii("Aperio"))]]).build(), .tiff),
            ("notes.txt", [0x89] + Array("PNG\r\n".utf8) + [0x1A, 0x0A, 0, 0], .other("a PNG image")),
            ("blob.bin", [1, 2, 3, 4, 5, 6, 7, 8, 9], .other(nil)),
        ]
        for (name, bytes, kind) in cases {
            #expect(Gate.kind(of: try Self.write(bytes, named: name)) == kind, "\(name)")
        }
    }

    @Test("magic numbers: TIFF both byte orders and BigTIFF, NIfTI-1/-2 both byte orders, every archive")
    func magicNumbers() {
        #expect(FileSniffer.kind(of: [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0]) == .tiff)
        #expect(FileSniffer.kind(of: [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8]) == .tiff)
        #expect(FileSniffer.kind(of: [0x49, 0x49, 0x2B, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]) == .tiff)
        #expect(FileSniffer.kind(of: [0x4D, 0x4D, 0, 0x2B, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16]) == .tiff)
        for bigEndian in [false, true] {
            #expect(FileSniffer.kind(of: OtherFileBytes.nifti1(bigEndian: bigEndian)) == .nifti)
            #expect(FileSniffer.kind(of: OtherFileBytes.nifti2(bigEndian: bigEndian)) == .nifti)
            #expect(FileSniffer.kind(of: OtherFileBytes.nifti1(bigEndian: bigEndian, single: false)) == .nifti)
        }
        var analyze = OtherFileBytes.nifti1()
        analyze.replaceSubrange(344..<348, with: [0, 0, 0, 0])
        #expect(FileSniffer.kind(of: analyze) == .other("an Analyze 7.5 header"))
        let pad = [UInt8](repeating: 0, count: 32)
        let archives: [(String, [UInt8])] = [
            ("zip", [0x50, 0x4B, 0x05, 0x06]), ("7z", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]), ("gzip", [0x1F, 0x8B, 8]),
            ("bzip2", Array("BZh9".utf8) + [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]),
            ("xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]), ("RAR", Array("Rar!".utf8) + [0x1A, 0x07, 0x01, 0x00]),
            ("zstd", [0x28, 0xB5, 0x2F, 0xFD]), ("tar", Self.tar(ustar: true)), ("tar", Self.tar(ustar: false)),
        ]
        for (format, bytes) in archives {
            #expect(FileSniffer.kind(of: bytes + pad) == .archive(format), "\(format)")
        }
        #expect(FileSniffer.kind(of: Array("BZh9 is not bzip2 without its block magic".utf8)) == .other(nil))
    }

    /// A tar header for a file "a.txt": POSIX (ustar) or the older v7 form, whose only
    /// mark is the checksum.
    static func tar(ustar: Bool) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<5, with: Array("a.txt".utf8))
        header.replaceSubrange(100..<108, with: Array("0000644\0".utf8))
        header.replaceSubrange(124..<136, with: Array("00000000002\0".utf8))
        if ustar { header.replaceSubrange(257..<265, with: Array("ustar\u{0}00".utf8)) }
        header.replaceSubrange(148..<156, with: [UInt8](repeating: 0x20, count: 8))
        let sum = header.reduce(0) { $0 + Int($1) }
        header.replaceSubrange(148..<156, with: Array(String(format: "%06o\0 ", sum).utf8))
        return header + Array("hi".utf8) + [UInt8](repeating: 0, count: 510)
    }

    // MARK: Archives and unknown types

    @Test("archives are refused, to be unpacked; whatever their name")
    func archivesAreRefused() throws {
        for (name, bytes) in [
            ("images.zip", [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 40)),
            ("IM0001.dcm", Self.tar(ustar: true)),
            ("series.7z", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4]),
            ("scan.dcm.gz", OtherFileBytes.gzip(Array("x".utf8))),
        ] {
            let findings = try Self.check(bytes, named: name)
            #expect(findings.map(\.rule) == ["archive"], "\(name)")
            #expect(findings.first?.message.contains("unpack") == true)
        }
    }

    @Test("an unknown file type is refused unless the profile's allowed-files lets it through")
    func unknownTypes() throws {
        var seed: UInt64 = 42
        let noise = (0..<4096).map { _ -> UInt8 in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: seed >> 56) | 0x80  // never a plausible DICOM group
        }
        let blob = try Self.check(noise, named: "viewer.bin")
        #expect(blob.map(\.rule) == ["unknown-file-type"])
        #expect(blob.first?.message.contains("nor a DICOM data set") == true, "\(blob)")
        let png = try Self.check([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], named: "photo.png")
        #expect(png.map(\.rule) == ["unknown-file-type"] && png.first?.message.hasPrefix("a PNG image") == true)
        var profile = Profile.default
        profile.allowedFiles = [.init(pattern: "*.bin", reason: "the viewer the dataset ships")]
        #expect(try Self.check(noise, named: "viewer.bin", profile: profile).isEmpty)
        // A file that claims DICOM (DICM at 128) and breaks stays `unreadable`, with the parser's reason.
        let broken = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + [2, 0, 0x10, 0, 0x55, 0x49, 0xFF, 0x7F]
        #expect(try Self.check(broken, named: "IM0002").map(\.rule) == ["unreadable"])
    }
}

// MARK: Files written by nibabel and tifffile

extension OtherFilesTests {
    /// The folder make_other_files.py filled, made once per test run.
    static let thirdParty: Result<String, Error> = Result {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("OtherFiles/make_other_files.py").path
        let folder = try Self.folder()
        let result = try Python.run([script, folder])
        guard result.status == 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: result.output])
        }
        return folder
    }

    static func thirdPartyFindings(_ name: String) throws -> [Finding] {
        let folder = try thirdParty.get()
        return try Gate(profile: .default).check(path: folder + "/" + name, name: name)
    }

    @Test("nibabel's own test data (NIfTI-1 both byte orders, NIfTI-2, .nii.gz, pairs, CIFTI-2): no finding")
    func nibabelData() throws {
        let folder = try Self.thirdParty.get()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("nibabel_") }
        #expect(names.count >= 8, "\(names)")
        for name in names {
            #expect(Gate.kind(of: folder + "/" + name) == .nifti, "\(name)")
            #expect(try Self.thirdPartyFindings(name).isEmpty, "\(name)")
        }
    }

    @Test("NIfTI written by nibabel: identifiers in fields and extensions found, a DICOM extension header-checked")
    func nibabelWritten() throws {
        #expect(try Self.thirdPartyFindings("clean.nii").isEmpty)
        #expect(try Self.thirdPartyFindings("clean.nii.gz").isEmpty)
        let leak: Set = [
            "descrip personnummer", "extension 1 (ecode 6, comment) phone", "extension 2 (ecode 4, AFNI) email",
        ]
        #expect(Self.summary(try Self.thirdPartyFindings("leak.nii")) == leak)
        #expect(Self.summary(try Self.thirdPartyFindings("leak.nii.gz")) == leak)
        #expect(Self.summary(try Self.thirdPartyFindings("leak2.nii")) == ["intent_name personnummer"])
        #expect(Self.summary(try Self.thirdPartyFindings("leak_big_endian.nii")) == ["descrip personnummer"])
        let dicom = Self.summary(try Self.thirdPartyFindings("dicom_extension.nii"))
        #expect(dicom.contains("extension 1 (ecode 2, DICOM) (0010,0010) table-e1-1"), "\(dicom)")
        #expect(dicom.contains("extension 1 (ecode 2, DICOM) (0010,0020) personnummer"), "\(dicom)")
    }

    @Test("TIFF written by tifffile: classic, BigTIFF, big-endian, XMP; an Aperio-like slide's label and macro")
    func tifffileWritten() throws {
        #expect(try Self.thirdPartyFindings("clean.tif").isEmpty)
        #expect(
            Self.summary(try Self.thirdPartyFindings("leak.tif")) == [
                "IFD 0 tag 270 (ImageDescription) personnummer", "IFD 0 tag 315 (Artist) email",
                "IFD 0 tag 33432 (Copyright) phone",
            ])
        for name in ["leak_big.tif", "leak_motorola.tif"] {
            #expect(
                Self.summary(try Self.thirdPartyFindings(name)) == ["IFD 0 tag 270 (ImageDescription) personnummer"])
        }
        #expect(Self.summary(try Self.thirdPartyFindings("xmp.tif")) == ["IFD 0 tag 700 (XMP) email"])
        #expect(
            Self.summary(try Self.thirdPartyFindings("slide.svs")) == [
                "IFD 2 tag 270 (ImageDescription) wsi-label-image", "IFD 3 tag 270 (ImageDescription) wsi-macro-image",
            ])
        #expect(try Self.thirdPartyFindings("slide_without_label.svs").isEmpty)
        #expect(
            Self.summary(try Self.thirdPartyFindings("slide.ome.tif")) == [
                "IFD 0 tag 270 (ImageDescription) wsi-label-image"
            ])
    }
}
