import Crypto
import DICOM
import Foundation

/// The policy's sampling for human review (Appendix 3): "one examination out of every 100
/// were again selected for complete review of all exported DICOM data".
///
/// An examination is a DICOM study (Study Instance UID). The sample is a pure function of
/// the change being committed: a seed hashed from every changed file's path and content id,
/// then the examinations ranked by SHA-256 of seed and Study Instance UID, the first
/// ⌈n / one-in⌉ taken. Anyone holding the commit and its parent can recompute it (the hub
/// included), nobody picks which examinations are looked at, and any change to the staged
/// content draws a new sample.
public enum ReviewSampling {
    /// Names the scheme inside every seed, so a future scheme cannot produce equal seeds.
    public static let scheme = "aida review sample v1"

    /// The seed for a change: lowercase hex SHA-256 over the scheme line, then one line per
    /// changed file, sorted by path bytes: `path NUL oid LF` (the oid as `sha256:<hex>` for a
    /// file in the store, else the git blob id). Deleted files are not part of it.
    public static func seed(of files: [(path: String, oid: String)]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data((scheme + "\n").utf8))
        for file in files.sorted(by: { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }) {
            hasher.update(data: Data(file.path.utf8))
            hasher.update(data: [0])
            hasher.update(data: Data(file.oid.utf8))
            hasher.update(data: [0x0A])
        }
        return hex(hasher.finalize())
    }

    /// How many of `count` examinations are reviewed when one in `oneIn` is: ⌈count / oneIn⌉,
    /// so any examination at all means at least one reviewed.
    public static func sampleSize(of count: Int, oneIn: Int) -> Int {
        guard count > 0 else { return 0 }
        let rate = max(1, oneIn)
        return (count + rate - 1) / rate
    }

    /// The rank of an examination under a seed: hex SHA-256 of `seed LF uid`; lowest first.
    public static func rank(_ examination: String, seed: String) -> String {
        hex(SHA256.hash(data: Data((seed + "\n" + examination).utf8)))
    }

    /// The examinations to review, in rank order: the ``sampleSize(of:oneIn:)`` lowest ranks.
    public static func pick(_ examinations: some Collection<String>, seed: String, oneIn: Int) -> [String] {
        let unique = Set(examinations)
        let ranked = unique.map { (rank: rank($0, seed: seed), id: $0) }
            .sorted { $0.rank != $1.rank ? $0.rank < $1.rank : $0.id < $1.id }
        return ranked.prefix(sampleSize(of: unique.count, oneIn: oneIn)).map(\.id)
    }

    /// What a file contributes to the examination count.
    public enum Examination: Sendable, Equatable {
        /// A DICOM file of this study.
        case study(String)
        /// A DICOM file without a Study Instance UID: an examination of its own.
        case noStudy
        /// Not readable as DICOM: no examination (the gate refuses it on its own).
        case unreadable(String)
    }

    /// Reads the headers of a DICOM file (pixel data is not read) for its study.
    public static func examination(ofFileAt path: String) -> Examination {
        do {
            let file = try DICOMFile(path: path, options: .headersOnly)
            guard let uid = file.dataSet.string(studyInstanceUID), !uid.isEmpty else { return .noStudy }
            return .study(uid)
        } catch let error as DICOMError {
            return .unreadable(error.message)
        } catch {
            return .unreadable("\(error)")
        }
    }

    static let studyInstanceUID = Tag(0x0020_000D)

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
