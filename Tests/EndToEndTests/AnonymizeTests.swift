import Foundation
import Testing

/// `aida anonymize` on the generator's identified output, judged by `aida check` with the
/// same profile, by pydicom, and byte for byte against the input and a second run.
@Suite("aida anonymize")
struct AnonymizeTests {
    struct Report: Decodable {
        struct Written: Decodable {
            let input: String
            let output: String
        }
        struct Problem: Decodable {
            let file: String
            let reasons: [String]
        }
        struct Change: Decodable {
            let tag: String
            let action: String
            let count: Int
        }
        let written: [Written]
        let leftOut: [Problem]
        let failed: [Problem]
        let changes: [Change]
    }

    /// Every regular file below `root`, by path relative to it, with its bytes.
    static func tree(_ root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
            }
        }
        return files
    }

    /// pydicom reads every file below `root` (strictly, no force); prints the sorted SHA-256
    /// of each file's Pixel Data, one a line.
    static let pixelHashes = """
        import hashlib, pathlib, sys, pydicom
        hashes = []
        for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.dcm')):
            data = pydicom.dcmread(path)
            hashes.append(hashlib.sha256(data.PixelData).hexdigest())
        print('\\n'.join(sorted(hashes)))
        """

    /// An independent scan: every identifying value of every input (names, IDs, birth date,
    /// accession and procedure numbers, institution and address, original UIDs, exact dates,
    /// private values, the identifiers typed into Image Comments), sought in every output byte.
    static let leakScan = """
        import pathlib, re, sys, pydicom
        keywords = ['PatientName', 'PatientID', 'PatientBirthDate', 'AccessionNumber', 'InstitutionName',
            'InstitutionAddress', 'ReferringPhysicianName', 'OperatorsName', 'OtherPatientIDs', 'StudyInstanceUID',
            'SeriesInstanceUID', 'SOPInstanceUID', 'FrameOfReferenceUID', 'StudyDate', 'SeriesDate', 'ContentDate',
            'AcquisitionDateTime', 'RequestedProcedureID', 'ScheduledProcedureStepID', 'ImageComments']
        values = set()
        def collect(ds):
            for element in ds:
                if element.VR == 'SQ':
                    for item in element.value: collect(item)
                elif element.keyword in keywords or element.tag.is_private and not element.tag.is_private_creator:
                    text = str(element.value)
                    values.add(text)
                    values.update(re.split(r'[\\\\^ ,]+', text))
                    values.update(re.findall(r'[0-9][0-9 +-]{6,}[0-9]', text))
        for path in pathlib.Path(sys.argv[1]).rglob('*.dcm'):
            data = pydicom.dcmread(path)
            collect(data)
            collect(data.file_meta)
        output = b''.join(p.read_bytes() for p in pathlib.Path(sys.argv[2]).rglob('*.dcm'))
        # The new 2.25. UIDs are random digits, where a short group of digits occurs by chance.
        output = re.sub(rb'2[.]25[.][0-9]+', b'', output)
        values = {v for v in values if v != 'None' and len(v) >= (4 if re.search('[A-Za-z]', v) else 6)}
        leaks = sorted(v for v in values if v.encode('utf-8') in output or v.encode('latin-1', 'ignore') in output)
        print(len(values))
        for leak in leaks: print('leak', leak)
        """

    /// For pairs of input and output files (argv: in out in out …): each patient's dates
    /// (Study, Series, Content Date) moved by one whole number of days, prints `patient days`.
    static let shifts = """
        import datetime, sys, pydicom
        shifts = {}
        pairs = sys.argv[1:]
        for source, target in zip(pairs[::2], pairs[1::2]):
            a, b = pydicom.dcmread(source), pydicom.dcmread(target)
            day = lambda v: datetime.datetime.strptime(v, '%Y%m%d').date()
            for keyword in ['StudyDate', 'SeriesDate', 'ContentDate']:
                days = (day(b.data_element(keyword).value) - day(a.data_element(keyword).value)).days
                shifts.setdefault(str(a.PatientID), set()).add(days)
            assert b.StudyTime == a.StudyTime
        for patient, days in sorted(shifts.items()): print(patient, ' '.join(map(str, sorted(days))))
        """

    @Test("identified input: every file written, zero findings from aida check, input untouched, reproducible")
    func identified() throws {
        let sandbox = try Sandbox()
        let input = try CheckTests.generate(sandbox, identified: true)
        let before = try Self.tree(input)
        let key = sandbox.path("secret/anonymization.key")
        let out = sandbox.path("out")
        let result = try sandbox.aida("anonymize", input, "--out", out, "--key-file", key, "--json", in: sandbox.root)
        #expect(result.status == 0, "\(result)")
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.written.count == 8 && report.leftOut.isEmpty && report.failed.isEmpty, "\(report.leftOut)")
        #expect(!report.changes.contains { $0.action == "gate-fallback" }, "\(report.changes)")
        #expect(report.changes.contains { $0.tag == "(0010,0010)" && $0.action == "pseudonym" && $0.count == 8 })

        let check = try sandbox.aida("check", out, "--json", "--no-cache", in: sandbox.root)
        let gate = try JSONDecoder().decode(GateReport.self, from: check.stdoutData)
        #expect(gate.files == 8)
        #expect(gate.findings.isEmpty, "\(gate.findings.map { "\($0.file) \($0.path) \($0.rule)" })")
        #expect(check.status == 0, "\(check)")

        #expect(try Self.tree(input) == before, "the input changed")
        let hashes = { (root: String) throws -> String in
            try sandbox.run("python3", ["-c", Self.pixelHashes, root], in: sandbox.root).requireSuccess().stdout
        }
        let outputHashes = try hashes(out)
        #expect(outputHashes.split(separator: "\n").count == 8)
        #expect(outputHashes == (try hashes(input)))

        let scan = try sandbox.run("python3", ["-c", Self.leakScan, input, out], in: sandbox.root).requireSuccess()
        let lines = scan.stdout.split(separator: "\n")
        #expect((Int(lines.first ?? "") ?? 0) > 50, "\(scan)")
        #expect(lines.dropFirst().isEmpty, "\(lines.dropFirst())")

        // dcmdump (DCMTK), where installed, reads every output file without a warning.
        if let dcmdump = ["/usr/bin/dcmdump", "/usr/local/bin/dcmdump"].first(where: FileManager.default.fileExists) {
            for written in report.written {
                let dump = try sandbox.run(dcmdump, ["-q", written.output], in: sandbox.root)
                #expect(dump.status == 0 && dump.stderr.isEmpty, "\(dump)")
            }
        }
        let pairs = report.written.flatMap { [$0.input, $0.output] }
        let shifted = try sandbox.run("python3", ["-c", Self.shifts] + pairs, in: sandbox.root).requireSuccess()
        let perPatient = shifted.stdout.split(separator: "\n").map { $0.split(separator: " ") }
        // Two patients, each with one shift (so intervals are kept), never 0, within the default range.
        #expect(perPatient.count == 2 && perPatient.allSatisfy { $0.count == 2 }, "\(shifted)")
        #expect(perPatient.compactMap { Int($0.last ?? "") }.allSatisfy { (-3650 ... -365).contains($0) })

        let again = sandbox.path("again")
        try sandbox.aida("anonymize", input, "--out", again, "--key-file", key, in: sandbox.root).requireSuccess()
        #expect(try Self.tree(again) == (try Self.tree(out)), "two runs with one key differ")
        // Laid out as <pseudonym>/<study>/<series>/<sop>.dcm: two patients, two studies each.
        let layout = try Self.tree(out).keys.map { $0.split(separator: "/") }
        #expect(layout.allSatisfy { $0.count == 4 && $0[0].hasPrefix("AIDA-") && $0[3].hasPrefix("2.25.") })
        #expect(Set(layout.map { $0[0] }).count == 2 && Set(layout.map { $0[1] }).count == 4)
    }

    @Test("refused: an output folder inside the input, a key inside the output or an input (exit 2)")
    func refusals() throws {
        let sandbox = try Sandbox()
        let input = try CheckTests.generate(sandbox, identified: true)
        let inside = try sandbox.aida(
            "anonymize", input, "--out", input + "/anon", "--key-file", sandbox.path("k"), in: sandbox.root)
        #expect(inside.status == 2, "\(inside)")
        let out = sandbox.path("out")
        let keyInside = try sandbox.aida("anonymize", input, "--out", out, "--key-file", out + "/k", in: sandbox.root)
        #expect(keyInside.status == 2, "\(keyInside)")
        #expect(!FileManager.default.fileExists(atPath: out + "/k"))
        // A key inside any input, existing or not, is refused with a message naming it.
        let other = sandbox.path("other")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let newKey = input + "/patient0000/anonymization.key"
        let keyInInput = try sandbox.aida(
            "anonymize", other, input, "--out", out, "--key-file", newKey, in: sandbox.root)
        #expect(keyInInput.status == 2 && keyInInput.stderr.contains(newKey), "\(keyInInput)")
        #expect(keyInInput.stderr.contains("inside the input \(input)"), "\(keyInInput)")
        #expect(!FileManager.default.fileExists(atPath: newKey) && !FileManager.default.fileExists(atPath: out))
        let existing = sandbox.path("k")
        try sandbox.aida("anonymize", input, "--out", sandbox.path("first"), "--key-file", existing, in: sandbox.root)
            .requireSuccess()
        let copied = input + "/k"
        try FileManager.default.copyItem(atPath: existing, toPath: copied)
        let existingInInput = try sandbox.aida("anonymize", input, "--out", out, "--key-file", copied, in: sandbox.root)
        #expect(existingInInput.status == 2 && existingInInput.stderr.contains(copied), "\(existingInInput)")
    }

    @Test("an unreadable input is reported and exits 1; the readable ones are still written; other kinds left out")
    func unreadable() throws {
        let sandbox = try Sandbox()
        let input = try CheckTests.generate(sandbox, identified: true)
        try sandbox.write("not DICOM at all", to: input + "/notes.bin")
        try sandbox.write("# README\n", to: input + "/README.md")
        let out = sandbox.path("out")
        let result = try sandbox.aida(
            "anonymize", input, "--out", out, "--key-file", sandbox.path("k"), "--json", in: sandbox.root)
        #expect(result.status == 1, "\(result)")
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.written.count == 8 && report.failed.map(\.file) == [input + "/notes.bin"])
        // A file that is not DICOM by its bytes is left out, not a failure.
        #expect(report.leftOut.map(\.file) == [input + "/README.md"])
    }

    @Test("two inputs with one SOP Instance UID: the first in walk order is written, the other reported")
    func duplicates() throws {
        let sandbox = try Sandbox()
        let input = try CheckTests.generate(sandbox, identified: true)
        let original = input + "/patient0000/ct1/slice0000.dcm"
        try FileManager.default.copyItem(atPath: original, toPath: input + "/patient0000/ct1/copy.dcm")
        let out = sandbox.path("out")
        let result = try sandbox.aida(
            "anonymize", input, "--out", out, "--key-file", sandbox.path("k"), "--json", in: sandbox.root)
        #expect(result.status == 0, "\(result)")
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.written.count == 8 && report.failed.isEmpty)
        #expect(report.leftOut.count == 1 && report.leftOut[0].reasons[0].contains("same output path"))
    }
}
