import Anonymity
import Foundation
import Repository

/// A review sample as `aida review sample` took it, kept in `.git/aida/review-sample.json`
/// (and printed by `--json`, then with every element of every file).
struct ReviewSampleRecord: Codable {
    var version = 1
    let seed: String
    let sampleOneIn: Int
    let examinations: Int
    let stagedFiles: Int
    var sampled: [Examination]
    /// Staged files read as DICOM that could not be: no examination.
    var unreadable: [String] = []

    struct Examination: Codable {
        let study: String
        let files: [File]
    }

    struct File: Codable {
        let path: String
        let oid: String
        /// Only in `--json` output, never in the saved record.
        var elements: [ReviewedElement]?
        var error: String?
    }
}

/// A reviewer's sign-off of a sample, kept in `.git/aida/review-signoff.json` until the
/// commit that records it.
struct ReviewSignOff: Codable {
    var version = 1
    let seed: String
    /// `Name <email>`, as `Reviewed-By:` records it.
    let reviewer: String
    let signedAt: String
    let note: String?
    let sampleOneIn: Int
    let examinations: Int
    let sampled: [String]

    /// The trailers the next commit carries.
    var trailers: [CommitInfo.Trailer] {
        var trailers = [
            CommitInfo.Trailer(key: "Reviewed-By", value: reviewer),
            CommitInfo.Trailer(
                key: "Review-Sample",
                value: StagedExaminations.summary(sampled: sampled.count, of: examinations, seed: seed)),
        ]
        if let note, !note.isEmpty { trailers.append(.init(key: "Review-Note", value: note)) }
        return trailers
    }
}

/// Where the sample and the sign-off live, and reading and writing them.
enum ReviewRecords {
    static func samplePath(_ dataset: Dataset) -> String { dataset.git.gitdir + "aida/review-sample.json" }
    static func signOffPath(_ dataset: Dataset) -> String { dataset.git.gitdir + "aida/review-signoff.json" }

    /// The record at `path`, nil when there is none; a damaged one is an error naming it.
    static func read<T: Decodable>(_ type: T.Type, at path: String) throws -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw Failure(message: "\(path): not a valid review record (\(error)); remove it and sample again", code: 2)
        }
    }

    /// Writes a record through a temporary file and a rename, so a reader never sees half of it.
    static func write<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try encoder.encode(value).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    /// The profile as staged, as `aida commit` judges by: the commit carries it.
    static func profile(of dataset: Dataset) throws -> (profile: Profile, name: String) {
        let staged = try dataset.stagedData(path: Profile.fileName) != nil
        return (try CommitGate(dataset: dataset).stagedProfile(), staged ? "staged " + Profile.fileName : "default")
    }
}
