import Foundation
import Testing

/// `aida review` as a data steward runs it: sample the staged examinations, read them, sign,
/// commit; and the refusals of `aida commit` where the profile requires the review.
@Suite("aida review")
struct ReviewTests {
    struct Sample: Decodable, Equatable {
        struct Examination: Decodable, Equatable {
            let study: String
            let files: [File]
        }
        struct File: Decodable, Equatable {
            let path: String
            let oid: String
            let elements: [Element]?
        }
        struct Element: Decodable, Equatable {
            let path: String
            let keyword: String
            let vr: String
            let value: String
        }
        let seed: String
        let examinations: Int
        let sampleOneIn: Int
        let stagedFiles: Int
        let sampled: [Examination]
    }

    /// Anonymized `gen_dataset.py` output: `patients` × `studies` examinations of 2 slices each.
    static func generate(_ sandbox: Sandbox, _ name: String, patients: Int, studies: Int = 2, seed: Int = 1) throws
        -> String
    {
        let out = sandbox.path(name)
        try sandbox.run(
            "python3",
            [
                Fixtures.generator, "--out", out, "--patients", "\(patients)", "--slices", "2", "--studies",
                "\(studies)", "--seed", "\(seed)",
            ], in: sandbox.root
        ).requireSuccess()
        return out
    }

    /// A dataset holding 3 patients × 2 studies, all staged.
    static func stagedDataset(_ sandbox: Sandbox, profile: String? = nil) throws -> String {
        let repo = try sandbox.makeDataset(copying: try generate(sandbox, "data", patients: 3))
        if let profile { try sandbox.write(profile, to: repo + "/anonymization-profile.yaml") }
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        return repo
    }

    static func trailers(_ sandbox: Sandbox, _ repo: String) throws -> String {
        try sandbox.gitOutput("log", "-1", "--format=%(trailers)", in: repo)
    }

    @Test("sample: one examination in 100 (at least one), every file and element, the same for the same staged content")
    func sampleSignCommit() throws {
        let sandbox = try Sandbox()
        let repo = try Self.stagedDataset(sandbox)
        let first = try sandbox.aida("review", "sample", "--json", in: repo).requireSuccess()
        let again = try sandbox.aida("review", "sample", "--json", in: repo).requireSuccess()
        #expect(first.stdout == again.stdout)
        let sample = try first.json(Sample.self)
        #expect(sample.examinations == 6 && sample.sampleOneIn == 100 && sample.stagedFiles == 13)
        try #require(sample.sampled.count == 1, "\(first)")
        let examination = sample.sampled[0]
        #expect(examination.files.count == 2)
        for file in examination.files {
            let elements = try #require(file.elements)
            let study = elements.first { $0.path == "(0020,000D)" }
            #expect(study?.value == examination.study && study?.keyword == "StudyInstanceUID" && study?.vr == "UI")
            #expect(elements.contains { $0.path == "(0010,0010)" && $0.keyword == "PatientName" })
            // Nested elements by their full path; the file meta group too.
            #expect(elements.contains { $0.path == "(0012,0064)[0].(0008,0100)" && $0.value == "113100" })
            #expect(elements.contains { $0.path == "(0002,0010)" })
        }
        // Text for the reviewer: the same sample, every element with its value.
        let text = try sandbox.aida("review", "sample", in: repo).requireSuccess()
        #expect(text.stdout.contains("study \(examination.study)"), "\(text)")
        #expect(text.stdout.contains("(0010,0010) PN PatientName: [AIDA-"), "\(text)")
        #expect(text.stdout.contains("file \(examination.files[0].path) \(examination.files[0].oid)"))

        // Anything staged draws a new sample.
        try sandbox.write("# CT thorax\n", to: repo + "/README.md")
        try sandbox.aida("add", "README.md", in: repo).requireSuccess()
        let redrawn = try sandbox.aida("review", "sample", "--json", "--files-only", in: repo).requireSuccess()
            .json(Sample.self)
        #expect(redrawn.seed != sample.seed && redrawn.examinations == 6 && redrawn.sampled.count == 1)
        #expect(redrawn.sampled[0].files.allSatisfy { $0.elements == nil })

        let signed = try sandbox.aida("review", "sign", "--note", "nothing identifying", in: repo).requireSuccess()
        #expect(signed.stdout.contains("AIDA End-to-End <e2e@aida.invalid>"), "\(signed)")
        try sandbox.aida("commit", "-m", "First export", in: repo).requireSuccess()
        let trailers = try Self.trailers(sandbox, repo)
        #expect(trailers.contains("Reviewed-By: AIDA End-to-End <e2e@aida.invalid>"), "\(trailers)")
        #expect(
            trailers.contains("Review-Sample: 1 of 6 examinations (seed \(redrawn.seed.prefix(12)))"), "\(trailers)")
        #expect(trailers.contains("Review-Note: nothing identifying"), "\(trailers)")
        // The sign-off went into the commit; nothing is left to sign or record twice.
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/aida/review-signoff.json"))
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/aida/review-sample.json"))
        try sandbox.aida("review", "sign", in: repo).requireStatus(1)
    }

    @Test("review.required with threshold 4: a commit adding 6 examinations needs the sign-off, one adding 2 does not")
    func requiredAboveThreshold() throws {
        let sandbox = try Sandbox()
        let profile = try sandbox.aida("profile", "default", in: sandbox.root).requireSuccess().stdout
            .replacingOccurrences(of: "threshold: 100", with: "threshold: 4")
        try #require(profile.contains("threshold: 4"))
        let repo = try Self.stagedDataset(sandbox, profile: profile)

        let refused = try sandbox.aida("commit", "-m", "First export", in: repo).requireStatus(1)
        #expect(
            refused.stderr.contains("aida review sample") && refused.stderr.contains("aida review sign"), "\(refused)")
        #expect(refused.stderr.contains("at least 4 examinations"), "\(refused)")
        #expect(try sandbox.git("rev-parse", "--verify", "-q", "HEAD", in: repo).status != 0, "a commit was made")

        try sandbox.aida("review", "sample", "--files-only", in: repo).requireSuccess()
        try sandbox.aida("review", "sign", "--reviewer", "Data Steward <steward@example.org>", in: repo)
            .requireSuccess()
        try sandbox.aida("commit", "-m", "First export", in: repo).requireSuccess()
        let trailers = try Self.trailers(sandbox, repo)
        #expect(trailers.contains("Reviewed-By: Data Steward <steward@example.org>"), "\(trailers)")
        #expect(trailers.contains("Review-Sample: 1 of 6 examinations"), "\(trailers)")

        // Two more examinations: below the threshold, no review needed.
        let more = try Self.generate(sandbox, "more", patients: 1, seed: 7)
        try sandbox.copyContents(of: more, to: repo + "/batch2")
        try sandbox.aida("add", "batch2", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "Two more", in: repo).requireSuccess()
        #expect(!(try Self.trailers(sandbox, repo)).contains("Reviewed-By"))
    }

    @Test("a sign-off for other staged content is refused, by sign and by commit; sampling again drops it")
    func staleSignOff() throws {
        let sandbox = try Sandbox()
        let repo = try Self.stagedDataset(sandbox)
        try sandbox.aida("review", "sign", in: repo).requireStatus(1)
        try sandbox.aida("review", "sample", "--files-only", in: repo).requireSuccess()
        try sandbox.aida("review", "sign", in: repo).requireSuccess()

        // Staged after the sign-off: one more examination nobody sampled.
        let more = try Self.generate(sandbox, "more", patients: 1, studies: 1, seed: 9)
        try sandbox.copyContents(of: more, to: repo + "/late")
        try sandbox.aida("add", "late", in: repo).requireSuccess()
        let refused = try sandbox.aida("commit", "-m", "Export", in: repo).requireStatus(1)
        #expect(refused.stderr.contains("other staged content"), "\(refused)")
        #expect(try sandbox.git("rev-parse", "--verify", "-q", "HEAD", in: repo).status != 0, "a commit was made")
        let resign = try sandbox.aida("review", "sign", in: repo).requireStatus(1)
        #expect(resign.stderr.contains("changed since the sample"), "\(resign)")

        // A new sample replaces the stale sign-off; under the default profile 7 examinations
        // need no review, so the commit goes through, without review trailers.
        let sampled = try sandbox.aida("review", "sample", "--json", "--files-only", in: repo).requireSuccess()
        #expect(sampled.stderr.contains("removed the review sign-off"), "\(sampled)")
        #expect(try sampled.json(Sample.self).examinations == 7)
        try sandbox.aida("commit", "-m", "Export", in: repo).requireSuccess()
        #expect(!(try Self.trailers(sandbox, repo)).contains("Reviewed-By"))
    }

    @Test("files that are not DICOM are no examination")
    func nothingToSample() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset()
        try sandbox.write("age,sex\n50-59,F\n", to: repo + "/table.csv")
        try sandbox.write([0x7F, 0x45, 0x4C, 0x46, 1, 2, 3], to: repo + "/tool.bin")
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        let result = try sandbox.aida("review", "sample", "--json", in: repo).requireSuccess()
        let sample = try result.json(Sample.self)
        #expect(sample.examinations == 0 && sample.sampled.isEmpty && sample.stagedFiles == 3)
        #expect(result.stderr.contains("tool.bin: not readable as DICOM"), "\(result)")
        try sandbox.aida("review", "sign", in: repo).requireStatus(1)
    }
}
