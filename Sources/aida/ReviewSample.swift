import Anonymity
import ArgumentParser
import DICOM
import Foundation
import Repository

struct ReviewSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Pick the staged examinations to review and list every element of them.",
        discussion: """
            Reads the headers of every staged DICOM file (its staged bytes, not the work
            tree's) to find the examinations (studies) the next commit adds, picks one in
            `review.sample-one-in` of them (at least one) by the seed of the staged
            content, and lists each sampled examination's files with every element at
            every depth: tag path, VR, keyword and the whole value (text never shortened;
            binary values as hex with their readable runs). Pixel data is not printed:
            look at the images.

            The sample is saved in .git/aida/review-sample.json for `aida review sign`.
            The same staged content always gives the same sample; a sign-off for other
            content is dropped.

            Exit status: 0 success (also when nothing staged is an examination), 2 usage
            error or failure.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    @Flag(help: "List the sampled examinations and their files, not their elements.")
    var filesOnly = false

    func run() throws {
        let dataset = try global.openDataset()
        let (profile, _) = try ReviewRecords.profile(of: dataset)
        var staged = try StagedExaminations(dataset)
        try staged.scan(dataset)
        let oneIn = profile.review.sampleOneIn
        var record = ReviewSampleRecord(
            seed: staged.seed, sampleOneIn: oneIn, examinations: staged.count, stagedFiles: staged.files.count,
            sampled: staged.sample(oneIn: oneIn).map { picked in
                .init(study: picked.study, files: picked.files.map { .init(path: $0.path, oid: $0.oid) })
            },
            unreadable: staged.unreadable.map(\.path))

        let signOffPath = ReviewRecords.signOffPath(dataset)
        if let old = try ReviewRecords.read(ReviewSignOff.self, at: signOffPath), old.seed != staged.seed {
            ReviewRecords.remove(signOffPath)
            Output.note("removed the review sign-off by \(old.reviewer): it was for other staged content")
        }
        if record.sampled.isEmpty {
            ReviewRecords.remove(ReviewRecords.samplePath(dataset))
        } else {
            try ReviewRecords.write(record, to: ReviewRecords.samplePath(dataset))
        }

        let byPath = Dictionary(staged.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        if output.json {
            if !filesOnly {
                for e in record.sampled.indices {
                    let files = try record.sampled[e].files.map { entry -> ReviewSampleRecord.File in
                        var entry = entry
                        guard let file = byPath[entry.path] else { return entry }
                        switch try Self.elements(of: file, in: dataset) {
                        case .success(let elements): entry.elements = elements
                        case .failure(let error): entry.error = error.message
                        }
                        return entry
                    }
                    record.sampled[e] = .init(study: record.sampled[e].study, files: files)
                }
            }
            try Output.json(record)
        } else {
            try printText(record, files: byPath, dataset: dataset)
        }
        for item in staged.unreadable {
            Output.note(
                "\(item.path): not readable as DICOM, so no examination (\(item.reason)); `aida check` reports it")
        }
        if record.sampled.isEmpty {
            Output.note("no examination (DICOM study) among the \(staged.files.count) staged files: nothing to review")
        } else {
            Output.note(
                "sample \(staged.seed.prefix(12)): \(record.sampled.count) of \(staged.count) examinations"
                    + " (one in \(oneIn)); read every element of it and look at its images,"
                    + " then run `aida review sign`")
        }
    }

    private func printText(_ record: ReviewSampleRecord, files: [String: StagedFile], dataset: Dataset) throws {
        for (number, examination) in record.sampled.enumerated() {
            let count = examination.files.count
            Output.line(
                Output.color("examination \(number + 1) of \(record.sampled.count)", "1")
                    + ": study \(examination.study) (\(count) file\(count == 1 ? "" : "s"))")
            for entry in examination.files {
                Output.line("  file \(entry.path) \(entry.oid)")
                guard !filesOnly, let file = files[entry.path] else { continue }
                switch try Self.elements(of: file, in: dataset) {
                case .success(let elements):
                    for element in elements {
                        let vr = element.vr.isEmpty ? "" : " \(element.vr)"
                        Output.line("    \(element.path)\(vr) \(element.keyword): [\(element.value)]")
                    }
                case .failure(let error):
                    Output.line("    " + Output.color("cannot read", "31") + ": \(error.message)")
                }
            }
        }
    }

    struct ReadError: Error {
        let message: String
    }

    /// Every element of the staged bytes of `file`, pixel data included in the parse so that
    /// nothing after it is missed.
    static func elements(of file: StagedFile, in dataset: Dataset) throws -> Result<[ReviewedElement], ReadError> {
        try dataset.withStagedContent(of: file) { path in
            do {
                return .success(ReviewListing.elements(of: try DICOMFile(path: path)))
            } catch let error as DICOMError {
                return .failure(ReadError(message: "\(error.path) at offset \(error.offset): \(error.message)"))
            } catch {
                return .failure(ReadError(message: "\(error)"))
            }
        }
    }
}
