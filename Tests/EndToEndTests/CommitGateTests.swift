import Foundation
import Testing

/// `aida commit` runs the gate on what it is about to record, and the verdict cache spares
/// the second look at unchanged files.
@Suite("aida commit refuses what the gate finds")
struct CommitGateTests {
    typealias Report = GateReport

    static func generate(_ sandbox: Sandbox, identified: Bool, seed: Int = 1) throws -> String {
        let out = sandbox.path((identified ? "identified" : "anonymized") + "-\(seed)")
        var arguments = [
            Fixtures.generator, "--out", out, "--patients", "2", "--slices", "2", "--seed", "\(seed)",
        ]
        if identified { arguments.append("--identified") }
        try sandbox.run("python3", arguments, in: sandbox.root).requireSuccess()
        return out
    }

    @Test("identified slices: refused file by file with tag paths, values masked, nothing committed")
    func refusesIdentified() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset(copying: try Self.generate(sandbox, identified: true))
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        let indexBefore = try Data(contentsOf: URL(fileURLWithPath: repo + "/.git/index"))
        let result = try sandbox.aida("commit", "-m", "slices", in: repo)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("commit refused"), "\(result)")
        #expect(result.stderr.contains("patient0000/ct/slice0000.dcm: (0010,0010)"), "\(result)")
        #expect(result.stderr.contains("(0040,0275)[0].(0008,0050)"), "\(result)")
        // Nothing recorded: no branch, the index as it was.
        #expect(try sandbox.git("rev-parse", "--verify", "HEAD", in: repo).status != 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: repo + "/.git/index")) == indexBefore)
        // The patient's name never appears in the refusal.
        let name = try sandbox.run(
            "python3",
            ["-c", "import pydicom,sys; print(pydicom.dcmread(sys.argv[1]).PatientName)", repo + "/patient0000/ct/slice0000.dcm"],
            in: sandbox.root
        ).requireSuccess().stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(name.count > 3 && !result.output.contains(name))
        // --json: the report on stdout; the second attempt is served from the cache.
        let json = try sandbox.aida("commit", "-m", "slices", "--json", in: repo)
        #expect(json.status == 1)
        let report = try JSONDecoder().decode(Report.self, from: json.stdoutData)
        #expect(report.refused == true && report.files == 5 && report.cached == 5, "\(json)")  // .gitattributes too
        #expect(Set(report.findings.map(\.file)).count == 4)
    }

    @Test("the staged bytes are judged, not the work tree's")
    func stagedBytes() throws {
        let sandbox = try Sandbox()
        let clean = try Self.generate(sandbox, identified: false)
        let identified = try Self.generate(sandbox, identified: true)
        let slice = "/patient0000/ct/slice0000.dcm"

        // Identified bytes staged, then the work file replaced by a clean one: refused.
        let repo = try sandbox.makeDataset("one", copying: identified)
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.copyContents(of: clean, to: repo)
        let refused = try sandbox.aida("commit", "-m", "x", in: repo)
        #expect(refused.status == 1 && refused.stderr.contains("slice0000.dcm: (0010,0010)"), "\(refused)")

        // Clean bytes staged, then the work file replaced by an identified one: accepted.
        let other = try sandbox.makeDataset("two", copying: clean)
        try sandbox.aida("add", ".", in: other).requireSuccess()
        try FileManager.default.removeItem(atPath: other + slice)
        try FileManager.default.copyItem(atPath: identified + slice, toPath: other + slice)
        try sandbox.aida("commit", "-m", "x", in: other).requireSuccess()
    }

    @Test("the staged profile decides, not one left unstaged in the work tree")
    func stagedProfile() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset()
        try sandbox.write(Fixtures.bytes(count: 5000, seed: 3), to: repo + "/raw/volume.bin")
        try sandbox.permitAnyFile(in: repo)
        try sandbox.aida("add", "raw", in: repo).requireSuccess()
        let unstaged = try sandbox.aida("commit", "-m", "raw", in: repo)
        #expect(unstaged.status == 1 && unstaged.stderr.contains("raw/volume.bin"), "\(unstaged)")
        try sandbox.aida("add", "anonymization-profile.yaml", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "raw", in: repo).requireSuccess()
    }

    @Test("an archive named README is no metadata: refused at commit and by aida check")
    func disguisedArchive() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset()
        try sandbox.write("the patient list\n", to: sandbox.path("list.txt"))
        try sandbox.run("python3", ["-m", "zipfile", "-c", repo + "/README", sandbox.path("list.txt")], in: sandbox.root)
            .requireSuccess()
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        let refused = try sandbox.aida("commit", "-m", "readme", in: repo)
        #expect(refused.status == 1 && refused.stderr.contains("README: archive"), "\(refused)")
        let check = try sandbox.aida("check", in: repo)
        #expect(check.status == 1 && check.stdout.contains("archive"), "\(check)")
    }

    @Test("JSON and YAML other than the dataset's own metadata are read as text")
    func jsonIsText() throws {
        let sandbox = try Sandbox()
        let data = sandbox.path("export")
        // A DICOM JSON export with a personal identity number: data, not metadata, and refused
        // whole (its tags cannot be judged line by line).
        try sandbox.write(
            #"{"00100020": {"vr": "LO", "Value": ["19850709-2388"]}}"# + "\n", to: data + "/instance.json")
        try sandbox.write("table: PS3.15\n", to: data + "/" + "anonymization-profile.yaml")
        let result = try sandbox.aida("check", data, "--json", in: sandbox.root)
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.findings.map(\.rule) == ["unknown-file-type"], "\(result)")
        #expect(report.findings.first?.message.contains("DICOM JSON") == true)
        #expect(report.files == 1)
        // Other JSON is text, line by line.
        try sandbox.write(#"{"note": "ring 070-1234567"}"# + "\n", to: data + "/instance.json")
        let text = try sandbox.aida("check", data, "--json", "--no-cache", in: sandbox.root)
        #expect(try JSONDecoder().decode(Report.self, from: text.stdoutData).findings.map(\.rule) == ["phone"])
    }

    @Test("aida check twice: the second run serves every verdict from the cache; a change is re-read")
    func checkCache() throws {
        let sandbox = try Sandbox()
        let data = try Self.generate(sandbox, identified: false)
        func check(_ extra: String...) throws -> Report {
            let result = try sandbox.run(sandbox.aidaBinary, ["check", data, "--json"] + extra, in: sandbox.root)
            #expect(result.status == 0 || result.status == 1, "\(result)")
            return try JSONDecoder().decode(Report.self, from: result.stdoutData)
        }
        // Files younger than a second are not cached (a change in the same tick could hide).
        Thread.sleep(forTimeInterval: 1.2)
        #expect(try check().cached == 0)
        let second = try check()
        #expect(second.cached == 4 && second.findings.isEmpty, "\(second)")
        // Change one slice into an identified one: only it is read again, and it is refused.
        let identified = try Self.generate(sandbox, identified: true)
        let slice = "/patient0001/ct/slice0001.dcm"
        try FileManager.default.removeItem(atPath: data + slice)
        try FileManager.default.copyItem(atPath: identified + slice, toPath: data + slice)
        let third = try check()
        #expect(third.cached == 3 && Set(third.findings.map(\.file)) == [data + slice], "\(third)")
        #expect(try check("--no-cache").cached == 0)
        // Another profile is another verdict.
        let profile = try sandbox.aida("profile", "default", in: sandbox.root).stdout
        try sandbox.write(profile.replacingOccurrences(of: "k: 5", with: "k: 6"), to: sandbox.path("p.yaml"))
        #expect(try check("--profile", sandbox.path("p.yaml")).cached == 0)
    }
}
