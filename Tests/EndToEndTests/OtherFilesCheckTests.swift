import Foundation
import Testing

/// `aida check --json` on files that are not DICOM, tables or text, as a data steward
/// runs it: NIfTI and TIFF written by nibabel and tifffile
/// (Tests/AnonymityTests/OtherFiles/make_other_files.py), archives, unknown binaries.
@Suite("aida check: NIfTI, TIFF, whole-slide images, archives, unknown types")
struct OtherFilesCheckTests {
    typealias Report = CheckTests.Report

    static let script = Fixtures.packageRoot + "/Tests/AnonymityTests/OtherFiles/make_other_files.py"

    /// The script's files in `sandbox/files`.
    static func files(_ sandbox: Sandbox) throws -> String {
        let folder = sandbox.path("files")
        let made = try sandbox.run("python3", [script, folder], in: sandbox.root)
        try #require(made.succeeded, "make_other_files.py (pip install nibabel tifffile): \(made)")
        return folder
    }

    static func check(_ sandbox: Sandbox, _ paths: [String], profile: String? = nil) throws -> (Int32, Report) {
        var arguments = ["check"] + paths + ["--json"]
        if let profile { arguments += ["--profile", profile] }
        let result = try sandbox.run(sandbox.aidaBinary, arguments, in: sandbox.root)
        return (result.status, try JSONDecoder().decode(Report.self, from: result.stdoutData))
    }

    /// "file-name path rule" of each finding.
    static func lines(_ report: Report) -> Set<String> {
        Set(report.findings.map { "\(($0.file as NSString).lastPathComponent) \($0.path) \($0.rule)" })
    }

    @Test("a NIfTI with a personnummer in descrip is refused with the field named; clean NIfTI passes")
    func nifti() throws {
        let sandbox = try Sandbox()
        let files = try Self.files(sandbox)
        let (status, report) = try Self.check(sandbox, [files + "/leak.nii.gz"])
        #expect(status == 1)
        #expect(
            Self.lines(report) == [
                "leak.nii.gz descrip personnummer", "leak.nii.gz extension 1 (ecode 6, comment) phone",
                "leak.nii.gz extension 2 (ecode 4, AFNI) email",
            ])
        #expect(report.findings.allSatisfy { !$0.value.contains("2388") }, "values are masked")
        let clean = try FileManager.default.contentsOfDirectory(atPath: files)
            .filter { $0.hasPrefix("nibabel_") || $0.hasPrefix("clean.nii") }.map { files + "/" + $0 }
        let (cleanStatus, cleanReport) = try Self.check(sandbox, clean)
        #expect(cleanStatus == 0 && cleanReport.findings.isEmpty, "\(cleanReport.findings)")
        #expect(cleanReport.files == clean.count && clean.count >= 10)
    }

    @Test("a slide with a label image is refused; TIFF text tags are checked; a slide without one passes")
    func slides() throws {
        let sandbox = try Sandbox()
        let files = try Self.files(sandbox)
        let (status, report) = try Self.check(
            sandbox, [files + "/slide.svs", files + "/leak.tif", files + "/slide_without_label.svs"])
        #expect(status == 1)
        #expect(
            Self.lines(report) == [
                "slide.svs IFD 2 tag 270 (ImageDescription) wsi-label-image",
                "slide.svs IFD 3 tag 270 (ImageDescription) wsi-macro-image",
                "leak.tif IFD 0 tag 270 (ImageDescription) personnummer", "leak.tif IFD 0 tag 315 (Artist) email",
                "leak.tif IFD 0 tag 33432 (Copyright) phone",
            ])
        let human = try sandbox.aida("check", files + "/slide.svs", in: sandbox.root)
        #expect(human.stdout.contains("slide.svs: IFD 2 tag 270 (ImageDescription): wsi-label-image"), "\(human)")
    }

    @Test("a zip is refused, whatever its name; an unknown binary is refused unless allowed-files lets it through")
    func archivesAndUnknownTypes() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.path("data")
        let zip: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)
        try sandbox.write(zip, to: folder + "/series.zip")
        try sandbox.write(zip, to: folder + "/IM0001.dcm")
        try sandbox.write(
            [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A] + Fixtures.bytes(count: 4000, seed: 3),
            to: folder + "/volume.mnc")
        try sandbox.write([0xC3, 0x41, 0x9F, 0xEE] + Fixtures.bytes(count: 4000, seed: 4), to: folder + "/viewer.bin")
        let (status, report) = try Self.check(sandbox, [folder])
        #expect(status == 1)
        #expect(
            Self.lines(report) == [
                "IM0001.dcm  archive", "series.zip  archive", "viewer.bin  unknown-file-type",
                "volume.mnc  unknown-file-type",
            ], "\(report.findings)")
        #expect(report.findings.first { $0.file.hasSuffix("series.zip") }?.message.contains("unpack") == true)
        #expect(report.findings.first { $0.file.hasSuffix("volume.mnc") }?.message.hasPrefix("an HDF5 file") == true)
        // allowed-files: each pattern with its reason lets exactly those files through.
        let profile = try sandbox.aida("profile", "default", in: sandbox.root).requireSuccess().stdout
            .replacingOccurrences(
                of: "allowed-files: []",
                with:
                    "allowed-files:\n  - {pattern: '*.bin', reason: the viewer}\n  - {pattern: '*.mnc', reason: MINC volumes}"
            )
        try sandbox.write(profile, to: sandbox.path("p.yaml"))
        let (allowedStatus, allowed) = try Self.check(sandbox, [folder], profile: "p.yaml")
        #expect(allowedStatus == 1)
        #expect(Self.lines(allowed) == ["IM0001.dcm  archive", "series.zip  archive"], "\(allowed.findings)")
    }
}
