import Anonymity
import Foundation
import Repository

/// The examinations (DICOM studies) a commit of the staged files would add, and the seed
/// that fixes its review sample.
///
/// Every staged file the gate would read as DICOM (not a table, text or the dataset's
/// metadata) is opened headers-only with exactly its staged bytes; its Study Instance UID
/// names its examination. A DICOM file without one is an examination of its own; a file
/// that is not readable DICOM is none (the anonymity gate refuses it by itself).
struct StagedExaminations {
    let files: [StagedFile]
    /// ``ReviewSampling/seed(of:)`` of the staged files: any change to what is staged changes it.
    let seed: String
    /// Examination -> its staged files, in path order.
    private(set) var examinations: [String: [StagedFile]] = [:]
    private(set) var unreadable: [Unreadable] = []
    /// False when ``scan(_:limit:)`` stopped at its limit: there may be more examinations.
    private(set) var complete = false

    struct Unreadable: Encodable {
        let path: String
        let reason: String
    }

    /// The staged files and their seed; nothing is read yet.
    init(_ dataset: Dataset) throws {
        files = try dataset.stagedFiles()
        seed = ReviewSampling.seed(of: files.map { (path: $0.path, oid: $0.oid) })
    }

    /// Staged files that could be DICOM: everything but tables, text and metadata.
    var candidates: [StagedFile] {
        files.filter { Gate.kind(named: $0.path) == .dicom }
    }

    var count: Int { examinations.count }

    /// Reads the headers of the candidates, stopping once `limit` examinations are known.
    mutating func scan(_ dataset: Dataset, limit: Int = .max) throws {
        examinations = [:]
        unreadable = []
        complete = true
        for file in candidates {
            if examinations.count >= limit {
                complete = false
                return
            }
            let found = try dataset.withStagedContent(of: file) { ReviewSampling.examination(ofFileAt: $0) }
            switch found {
            case .study(let uid): examinations[uid, default: []].append(file)
            case .noStudy: examinations["(no Study Instance UID) " + file.path] = [file]
            case .unreadable(let reason): unreadable.append(Unreadable(path: file.path, reason: reason))
            }
        }
    }

    /// The examinations to review, in rank order, with their files.
    func sample(oneIn: Int) -> [(study: String, files: [StagedFile])] {
        ReviewSampling.pick(examinations.keys, seed: seed, oneIn: oneIn).map { ($0, examinations[$0] ?? []) }
    }

    /// What `Review-Sample:` says: `<k> of <n> examinations (seed <12 hex>)`.
    static func summary(sampled: Int, of count: Int, seed: String) -> String {
        "\(sampled) of \(count) examination\(count == 1 ? "" : "s") (seed \(seed.prefix(12)))"
    }
}
