import Foundation
import Testing

/// `--studies 4`: each patient's examinations in order, their intervals kept or scaled by
/// one factor per patient, one key giving one output and two keys unrelated ones.
extension AnonymizeTests {
    /// One patient's studies, in the order of their input dates: the day numbers (proleptic
    /// ordinals) of Study Date in the input and in the output, and the output's pseudonym.
    struct PatientDates: Decodable {
        let pseudonym: String
        let input: [Int]
        let output: [Int]

        var inputIntervals: [Int] { zip(input.dropFirst(), input).map { $0 - $1 } }
        var outputIntervals: [Int] { zip(output.dropFirst(), output).map { $0 - $1 } }
        /// The factors that take every distance from the first study to the output's, the
        /// output rounded down to whole days: nil when no factor does.
        var factors: ClosedRange<Double>? {
            var low = 0.0
            var high = Double.infinity
            for (a, b) in zip(input.dropFirst(), output.dropFirst()) {
                let distance = Double(a - input[0])
                let scaled = Double(b - output[0])
                low = max(low, scaled / distance)
                high = min(high, (scaled + 1) / distance)
            }
            return low < high ? low...high : nil
        }
    }

    /// For pairs of input and output files (argv: in out in out …): per input Patient ID, its
    /// studies' Study Dates in input and output, as JSON; every file of a study must agree.
    static let studyDates = """
        import datetime, json, sys, pydicom
        studies = {}
        pairs = sys.argv[1:]
        for source, target in zip(pairs[::2], pairs[1::2]):
            a = pydicom.dcmread(source, stop_before_pixels=True)
            b = pydicom.dcmread(target, stop_before_pixels=True)
            day = lambda v: datetime.datetime.strptime(v, '%Y%m%d').date().toordinal()
            seen = studies.setdefault(str(a.PatientID), {}).setdefault(str(a.StudyInstanceUID), set())
            seen.add((day(a.StudyDate), day(b.StudyDate), str(b.PatientID)))
        result = {}
        for patient, by_study in studies.items():
            assert all(len(s) == 1 for s in by_study.values()), by_study
            rows = sorted(next(iter(s)) for s in by_study.values())
            assert len({r[2] for r in rows}) == 1, rows
            result[patient] = {'pseudonym': rows[0][2], 'input': [r[0] for r in rows], 'output': [r[1] for r in rows]}
        print(json.dumps(result))
        """

    /// A key of 32 given bytes, mode 0600, so the factors compared are the same every run.
    static func fixedKey(_ sandbox: Sandbox, _ name: String, byte: UInt8) throws -> String {
        let path = sandbox.path(name)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data((0..<32).map { byte &+ UInt8($0) }),
                attributes: [.posixPermissions: 0o600]))
        return path
    }

    /// Anonymizes `input` into `sandbox/out` and reads back each patient's study dates.
    static func anonymizedDates(
        _ sandbox: Sandbox, _ input: String, out: String, key: String, scale: Bool
    ) throws -> [String: PatientDates] {
        var arguments = ["anonymize", input, "--out", sandbox.path(out), "--key-file", key, "--json"]
        if scale { arguments.append("--scale-intervals") }
        let result = try sandbox.run(sandbox.aidaBinary, arguments, in: sandbox.root)
        #expect(result.status == 0, "\(result)")
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.written.count == 24 && report.leftOut.isEmpty && report.failed.isEmpty, "\(report.leftOut)")
        #expect(!report.changes.contains { $0.action == "gate-fallback" }, "\(report.changes)")
        let pairs = report.written.flatMap { [$0.input, $0.output] }
        let dates = try sandbox.run("python3", ["-c", Self.studyDates] + pairs, in: sandbox.root).requireSuccess()
        return try JSONDecoder().decode([String: PatientDates].self, from: Data(dates.stdout.utf8))
    }

    @Test("--studies 4: order kept; intervals identical, or scaled by one factor per patient; keys")
    func intervals() throws {
        let sandbox = try Sandbox()
        let input = sandbox.path("identified4")
        try sandbox.run(
            "python3",
            [Fixtures.generator, "--out", input, "--identified", "--patients", "3", "--slices", "2", "--studies", "4"],
            in: sandbox.root
        ).requireSuccess()
        // Fixed keys: dates a few months apart measure a factor to about 1/150; under this key
        // the three patients' factors lie further apart than that (a random key may not).
        let keyA = try Self.fixedKey(sandbox, "keys/a.key", byte: 0x5A)
        let keyB = try Self.fixedKey(sandbox, "keys/b.key", byte: 0x77)

        // (b) Without --scale-intervals: every interval as it was, the order with it.
        let plain = try Self.anonymizedDates(sandbox, input, out: "plain", key: keyA, scale: false)
        #expect(plain.count == 3)
        for (patient, dates) in plain {
            #expect(dates.input.count == 4 && Set(dates.input).count == 4, "\(patient) \(dates)")
            #expect(dates.output == dates.output.sorted(), "\(patient) \(dates)")
            #expect(dates.outputIntervals == dates.inputIntervals, "\(patient) \(dates)")
            #expect((-3650 ... -365).contains(dates.output[0] - dates.input[0]))
        }

        // (a, c) With it: order kept, every distance from the first study scaled by one
        // factor (within the day's rounding), in the key's range, a different one per patient.
        let scaled = try Self.anonymizedDates(sandbox, input, out: "scaled", key: keyA, scale: true)
        var ranges: [ClosedRange<Double>] = []
        for (patient, dates) in scaled {
            let before = try #require(plain[patient])
            #expect(dates.pseudonym == before.pseudonym && dates.input == before.input)
            #expect(zip(dates.output.dropFirst(), dates.output).allSatisfy { $0 > $1 }, "\(patient) \(dates)")
            // The first examination is the anchor: moved by the same days as without scaling.
            #expect(dates.output[0] == before.output[0], "\(patient) \(dates)")
            let factors = try #require(dates.factors, "no one factor for \(patient): \(dates)")
            #expect(factors.lowerBound >= 0.8 - 0.02 && factors.upperBound <= 1.25 + 0.02, "\(factors)")
            #expect(!factors.contains(1), "\(patient): intervals not scaled \(dates)")
            for (a, b) in zip(dates.inputIntervals, dates.outputIntervals) {
                #expect(abs(Double(b) - Double(a) * factors.lowerBound) <= 1, "\(patient) \(dates)")
            }
            ranges.append(factors)
        }
        #expect(ranges.count == 3)
        for (index, range) in ranges.enumerated() {
            #expect(!ranges[(index + 1)...].contains { $0.overlaps(range) }, "factors not distinct: \(ranges)")
        }

        // (d) The same key again: the same bytes.
        let again = try Self.anonymizedDates(sandbox, input, out: "scaled-again", key: keyA, scale: true)
        #expect(again.mapValues(\.output) == scaled.mapValues(\.output))
        #expect(try Self.tree(sandbox.path("scaled-again")) == (try Self.tree(sandbox.path("scaled"))))

        // (e) Another key: other pseudonyms and other shifts for every patient.
        let other = try Self.anonymizedDates(sandbox, input, out: "other", key: keyB, scale: true)
        for (patient, dates) in other {
            let first = try #require(scaled[patient])
            #expect(dates.pseudonym != first.pseudonym, "\(patient)")
            #expect(dates.output[0] != first.output[0], "\(patient): the same shift under two keys")
            #expect(dates.outputIntervals != first.outputIntervals, "\(patient): the same factor under two keys")
        }
        #expect(Set(other.values.map(\.pseudonym)).isDisjoint(with: scaled.values.map(\.pseudonym)))
    }
}
