import Foundation
import Testing

/// `aida check` on the generator's output, as a data steward runs it.
@Suite("aida check")
struct CheckTests {
    typealias Report = GateReport

    static func generate(_ sandbox: Sandbox, identified: Bool) throws -> String {
        let out = sandbox.path(identified ? "identified" : "anonymized")
        var arguments = [Fixtures.generator, "--out", out, "--patients", "2", "--slices", "2", "--studies", "2"]
        if identified { arguments.append("--identified") }
        try sandbox.run("python3", arguments, in: sandbox.root).requireSuccess()
        return out
    }

    @Test("anonymized output of gen_dataset.py: no finding, exit 0")
    func anonymized() throws {
        let sandbox = try Sandbox()
        let data = try Self.generate(sandbox, identified: false)
        // Two classes of five, each with two diagnoses: 5-anonymous and 2-diverse.
        let rows = (0..<10).map { ($0 < 5 ? "50-59,F," : "60-69,M,") + ($0 % 2 == 0 ? "J18.9" : "I26.9") + "\n" }
        let table = "age,sex,diagnosis\n" + rows.joined()
        try sandbox.write(table, to: data + "/table.csv")
        try sandbox.write("# CT study\nContact the data steward.\n", to: data + "/README.md")
        let result = try sandbox.aida("check", data, "--json", in: sandbox.root)
        #expect(result.status == 0, "\(result)")
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.files == 9)
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect((report.notChecked ?? []).map { ($0 as NSString).lastPathComponent } == ["README.md"])
    }

    @Test("identified output: every identifying header element is reported, at every depth, values masked")
    func identified() throws {
        let sandbox = try Sandbox()
        let data = try Self.generate(sandbox, identified: true)
        let result = try sandbox.aida("check", data, "--json", in: sandbox.root)
        #expect(result.status == 1, "\(result)")
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.files == 8)
        let expected: Set<String> = [
            "(0002,0003)", "(0008,0018)", "(0008,0050)", "(0008,0080)", "(0008,0081)", "(0008,0090)", "(0008,1070)",
            "(0009,1001)", "(0010,0010)", "(0010,0020)", "(0010,0030)", "(0010,1000)", "(0019,1010)", "(0020,000D)",
            "(0020,000E)", "(0020,0010)", "(0020,0052)", "(0040,0275)[0].(0008,0050)", "(0040,0275)[0].(0040,0009)",
            "(0040,0275)[0].(0040,1001)", "(0012,0062)", "(0012,0063)", "(0012,0064)", "(0028,0303)",
            "(0020,4000)",
        ]
        for file in Set(report.findings.map(\.file)) {
            let paths = Set(report.findings.filter { $0.file == file }.map(\.path))
            #expect(expected.isSubset(of: paths), "\(file): missing \(expected.subtracting(paths).sorted())")
        }
        #expect(Set(report.findings.map(\.file)).count == 8)
        // The exact dates and times, kept by the date option only if shifted, and not said to be.
        for file in Set(report.findings.map(\.file)) {
            let dates = Set(report.findings.filter { $0.file == file && $0.rule == "date-not-shifted" }.map(\.path))
            #expect(dates.isSuperset(of: ["(0008,0020)", "(0008,0021)", "(0008,0023)", "(0008,0030)"]), "\(file)")
        }
        // Image Comments: the personnummer, HSA-id and phone number the generator typed in.
        let comments = Set(report.findings.filter { $0.path == "(0020,4000)" }.map(\.rule))
        #expect(comments == ["personnummer", "hsa-id", "phone"])
        // Masked: no finding repeats a whole value.
        let names = try sandbox.run(
            "python3",
            [
                "-c", "import pydicom,sys; print(pydicom.dcmread(sys.argv[1]).PatientName)",
                data + "/patient0000/ct1/slice0000.dcm",
            ], in: sandbox.root)
        let name = names.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(name.count > 3 && !result.stdout.contains(name), "a finding shows the patient's name")
    }

    @Test("fail-closed: a file the parser cannot read is a finding")
    func unreadable() throws {
        let sandbox = try Sandbox()
        let data = try Self.generate(sandbox, identified: false)
        let victim = data + "/patient0001/ct2/slice0001.dcm"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: victim)))
        bytes.removeLast(bytes.count - 900)
        try sandbox.write(bytes, to: victim)
        try sandbox.write([0x7F, 0x45, 0x4C, 0x46, 1, 2, 3], to: data + "/tool.bin")
        let result = try sandbox.aida("check", data, in: sandbox.root)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("slice0001.dcm") && result.stdout.contains("unreadable"), "\(result)")
        // A file that does not claim to be DICOM is of an unknown type rather than unreadable DICOM.
        #expect(result.stdout.contains("tool.bin: unknown-file-type: an executable (ELF)"), "\(result)")
        #expect(result.stdout.components(separatedBy: ": unreadable:").count - 1 == 1, "\(result)")
    }

    @Test("a profile that keeps a private element clears exactly that element, not its text")
    func profileAllowances() throws {
        let sandbox = try Sandbox()
        let data = try Self.generate(sandbox, identified: true)
        let profile = try sandbox.aida("profile", "default", in: sandbox.root).stdout
            .replacingOccurrences(
                of: "private-elements: []",
                with: "private-elements:\n  - {creator: GEMS_IDEN_01, element: 0x01, group: 0x0009, reason: test}")
        try sandbox.write(profile, to: sandbox.path("p.yaml"))
        let result = try sandbox.aida("check", data, "--profile", "p.yaml", "--json", in: sandbox.root)
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        let kept = report.findings.filter { $0.path == "(0009,1001)" }
        #expect(!kept.contains { $0.rule == "private-element" })
        // Allowed as an element, its text is still checked: it holds the patient's name.
        #expect(!kept.isEmpty && kept.allSatisfy { $0.rule == "name" }, "\(kept)")
        #expect(report.findings.contains { $0.path == "(0019,1010)" && $0.rule == "private-element" })
        // allowed-files: a file type the gate cannot read passes only by a pattern with a reason.
        try sandbox.write([0x7F, 0x45, 0x4C, 0x46], to: data + "/viewer.bin")
        let refused = try sandbox.aida("check", data + "/viewer.bin", "--profile", "p.yaml", in: sandbox.root)
        #expect(refused.status == 1 && refused.stdout.contains("unknown-file-type"), "\(refused)")
        let allowing = profile.replacingOccurrences(
            of: "allowed-files: []", with: "allowed-files:\n  - {pattern: '*.bin', reason: test viewer}")
        try sandbox.write(allowing, to: sandbox.path("q.yaml"))
        let allowed = try sandbox.aida("check", data + "/viewer.bin", "--profile", "q.yaml", in: sandbox.root)
        #expect(allowed.status == 0, "\(allowed)")
        let broken = try sandbox.aida("check", data, "--profile", "nope.yaml", in: sandbox.root)
        #expect(broken.status == 2 && broken.stderr.contains("nope.yaml"), "\(broken)")
    }

    @Test("a slice whose pixels are one value is refused, from a sample read off the file")
    func uniformSlice() throws {
        let sandbox = try Sandbox()
        let data = try Self.generate(sandbox, identified: false)
        let victim = data + "/patient0000/ct1/slice0001.dcm"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: victim)))
        // The pixel data (512 x 512 x 16 bits) is the file's last element.
        let pixels = 512 * 512 * 2
        for index in (bytes.count - pixels)..<bytes.count { bytes[index] = index % 997 == 0 ? 0x40 : 0 }
        try sandbox.write(bytes, to: victim)
        let result = try sandbox.aida("check", data, "--json", in: sandbox.root)
        #expect(result.status == 1, "\(result)")
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(
            report.findings.map { "\(($0.file as NSString).lastPathComponent) \($0.rule)" } == [
                "slice0001.dcm uniform-image"
            ])
        #expect(report.findings.first?.file.hasSuffix("ct1/slice0001.dcm") == true)
    }

    @Test("tables: identifiers in cells, k-anonymity, l-diversity; text files line by line")
    func tablesAndText() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.path("tables")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Class (50-59, F) has 5 rows but one diagnosis; (70-79, M) has one row.
        var rows = (0..<5).map { _ in "50-59,F,J18.9" } + (0..<5).map { "60-69,M,I26.\($0)" }
        rows.append("70-79,M,\"Remiss 850709-2388, I26.9\"")
        try sandbox.write(
            "age group,sex,diagnosis\n" + rows.joined(separator: "\n") + "\n", to: folder + "/clinical.csv")
        try sandbox.write("notes\nring 013-22 1234 vid frågor\n", to: folder + "/notes.txt")
        let result = try sandbox.aida("check", folder, "--json", in: sandbox.root)
        #expect(result.status == 1, "\(result)")
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        let rules = report.findings.map { "\(($0.file as NSString).lastPathComponent) \($0.path) \($0.rule)" }
        #expect(rules.contains("clinical.csv row 12, diagnosis personnummer"), "\(rules)")
        #expect(rules.contains("clinical.csv columns age group, sex k-anonymity"), "\(rules)")
        #expect(rules.contains("clinical.csv column diagnosis l-diversity"), "\(rules)")
        #expect(rules.contains("notes.txt line 2 phone"), "\(rules)")
        #expect(!result.stdout.contains("850709-2388"), "values are masked")
    }
}

/// Files written by others whose preamble carries a stale TIFF header.
@Suite("aida check: stale TIFF preambles")
struct StaleTIFFPreambleTests {
    @Test("a TIFF header in the preamble pointing past the end is no TIFF: the DICOM is judged, not refused unread")
    func staleTIFFHeader() throws {
        let sandbox = try Sandbox()
        let folder = try sandbox.run(
            "python3", ["-c", "import pydicom,os;print(os.path.dirname(pydicom.__file__)+'/data/test_files')"],
            in: sandbox.root
        ).requireSuccess().stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // CT_small.dcm's preamble starts "II*\0" with a first IFD far past the file's end.
        let result = try sandbox.aida("check", folder + "/CT_small.dcm", "--json", in: sandbox.root)
        #expect(result.status == 1, "\(result)")
        #expect(!result.stdout.contains("\"unreadable\""), "\(result.stdout)")
        #expect(result.stdout.contains("\"table-e1-1\""))
    }
}
