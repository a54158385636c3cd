import Foundation
import Testing

/// dciodvfy (David Clunie's dicom3tools, Debian `dicom3tools`), an IOD checker independent of
/// aida, on each input and its anonymized output: anonymization adds no IOD error.
extension AnonymizeTests {
    static let dciodvfy = ["/usr/bin/dciodvfy", "/usr/local/bin/dciodvfy"].first(where: FileManager.default.fileExists)

    /// dciodvfy's "Error" lines for `path` (it writes them to stderr), each with its values
    /// (`= <…>`, a UID, quoted text) blanked so the same error on another value compares equal.
    static func iodErrors(_ sandbox: Sandbox, _ dciodvfy: String, _ path: String) throws -> Set<String> {
        let result = try sandbox.run(dciodvfy, [path], in: sandbox.root)
        let lines = (result.stderr + "\n" + result.stdout).split(separator: "\n")
        return Set(
            lines.filter { $0.hasPrefix("Error") }.map { line in
                String(line)
                    .replacingOccurrences(of: #"= <[^>]*>"#, with: "= <>", options: .regularExpression)
                    .replacingOccurrences(of: #"UID [0-9.]+"#, with: "UID #", options: .regularExpression)
                    .replacingOccurrences(of: #""[^"]*""#, with: #""""#, options: .regularExpression)
            })
    }

    @Test(
        "dciodvfy reports no error in an output file that it does not report in its input",
        .enabled(if: dciodvfy != nil, "dciodvfy (Debian dicom3tools) is not installed"))
    func noNewIODErrors() throws {
        let dciodvfy = try #require(Self.dciodvfy)
        let sandbox = try Sandbox()
        let input = try CheckTests.generate(sandbox, identified: true)
        let out = sandbox.path("out")
        let result = try sandbox.aida(
            "anonymize", input, "--out", out, "--key-file", sandbox.path("k"), "--json", in: sandbox.root)
        #expect(result.status == 0, "\(result)")
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.written.count == 8)
        var inputErrors = 0
        for written in report.written {
            let before = try Self.iodErrors(sandbox, dciodvfy, written.input)
            let after = try Self.iodErrors(sandbox, dciodvfy, written.output)
            inputErrors += before.count
            #expect(
                after.subtracting(before).isEmpty, "new in \(written.output): \(after.subtracting(before).sorted())")
        }
        // The generator's CT leaves out a few Type 2 attributes: dciodvfy ran and was heard.
        #expect(inputErrors > 0)
    }
}
