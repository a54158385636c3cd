import Foundation
import Store
import Testing

/// A pointer that says 1,000 bytes for an object that inflates to 1 GiB: fsck stops after
/// size + 1 bytes, reports `oversized`, and its memory stays flat.
@Suite("fsck and a decompression bomb")
struct DecompressionBombTests {
    @Test("a 1 GiB zlib bomb behind a 1000-byte pointer is `oversized`, with peak RSS < baseline + 64 MiB")
    func bomb() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset(copying: try Fixtures.dataset(patients: 2, slices: 5))
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "slices", in: repo).requireSuccess()
        let (baseline, clean) = try PeakMemory.measure(sandbox, ["fsck", "--json"], in: repo)
        try clean.requireSuccess()

        let oid = ObjectID.hash(of: [UInt8](repeating: 0, count: 1000)).hex
        let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize 1000\n"
        let commit = try sandbox.commitWithGit(Data(pointer.utf8), at: "bomb.raw", in: repo)
        let object = sandbox.storePath(of: oid, in: repo)
        try FileManager.default.createDirectory(
            atPath: (object as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try Fixtures.zlibBomb(), toPath: object)

        let (peak, result) = try PeakMemory.measure(sandbox, ["fsck", "--json"], in: repo)
        try result.requireStatus(1)
        let report = try result.json(AidaJSON.FsckReport.self)
        try #require(report.problems.count == 1, "\(report.problems.map(\.message))")
        #expect(report.problems[0].kind == "oversized", "\(report.problems[0].message)")
        #expect(report.problems[0].oid == "sha256:" + oid)
        #expect(report.problems[0].path == "bomb.raw")
        #expect(report.problems[0].commit == commit)
        #expect(
            peak - baseline < 64 << 20,
            "peak RSS \(peak >> 20) MiB against \(baseline >> 20) MiB for a clean fsck (\(PeakMemory.method))")
    }
}
