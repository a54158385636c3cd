import Foundation
import Testing

/// `aida dicom dump --json` against pydicom on pydicom's, pydicom-data's and deid-data's files
/// (Tests/EndToEndTests/DICOMOracle/oracle.py): the same tags, VRs, values and bytes at every
/// depth, unless known_differences.json beside the script justifies the difference.
@Suite("DICOM: aida dicom dump agrees with pydicom")
struct DICOMOracleTests {
    /// The parts of the oracle's `--json` report that the test reads.
    struct Report: Decodable {
        struct Summary: Decodable {
            let files: Int
            let compared: Int
            let unexplained: Int
            let passed: Bool
        }

        let summary: Summary
        let text: String
    }

    static let script = Fixtures.packageRoot + "/Tests/EndToEndTests/DICOMOracle/oracle.py"

    @Test("every corpus file: pydicom's JSON and aida's agree, or the difference is known")
    func agreesWithPydicom() throws {
        let sandbox = try Sandbox()
        // The oracle extracts two zipped corpus files once; keep them across runs.
        try FileManager.default.createDirectory(atPath: Fixtures.cacheRoot, withIntermediateDirectories: true)
        let result = try sandbox.run(
            "python3", [Self.script, "--aida", sandbox.aidaBinary, "--json"], in: sandbox.root,
            environment: ["TMPDIR": Fixtures.cacheRoot], timeout: 1200)
        guard let report = try? JSONDecoder().decode(Report.self, from: result.stdoutData) else {
            // Exit 2: no pydicom, a corpus not installed (.ci/setup installs them), or a bad argument.
            Issue.record("the oracle did not produce its report:\n\(result)")
            return
        }
        #expect(
            result.status == 0 && report.summary.passed,
            "aida and pydicom differ (exit \(result.status)); see Docs/dicom.md (The pydicom oracle), and justify a difference in known_differences.json only with a reason:\n\(report.text)"
        )
        #expect(report.summary.compared > 0, "no file was compared:\n\(report.text)")
    }
}
