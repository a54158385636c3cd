#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A content-addressed store of large files, compatible with git-lfs object ids.
///
/// Layout: each object lives at `<root>/<oid[0:2]>/<oid[2:4]>/<oid>`,
/// zlib-compressed (RFC 1950, level 1); its name is the SHA-256 of the *uncompressed*
/// bytes, and its uncompressed size is known from the pointer that refers to it.
/// Writes go through temp files in `<root>/../tmp/` (one folder on the same file
/// system, so the final rename is atomic). Fallback roots, such as git-lfs's own
/// `.git/lfs/objects`, use the same fan-out but hold objects uncompressed; they are
/// only ever read.
///
/// Thread safety: an `ObjectStore` holds only immutable configuration, and every
/// method may be called from many threads, and many processes, at once. Concurrent
/// inserts of the same object are safe: the content is identical and the rename atomic.
///
/// Memory: objects up to 16 MiB are handled in memory (one read, one hash, libdeflate);
/// bigger ones are streamed in two passes with fixed buffers, so no call holds more
/// than about 40 MiB, whatever the object's size.
public final class ObjectStore: Sendable {
    /// The folder of compressed objects, e.g. `<repo>/.git/aida/objects`.
    public let root: String
    /// Read-only folders of uncompressed objects in the same fan-out, searched after `root`.
    public let fallbackRoots: [String]
    /// Where new objects are written before they are renamed into place: `<root>/../tmp`.
    public let temporaryDirectory: String

    /// Objects up to this size are hashed, compressed and verified in memory.
    static let inMemoryLimit: Int64 = 16 << 20
    /// The piece size for streaming reads of plain files.
    static let streamChunk = 1 << 20

    /// - Parameters:
    ///   - root: the object folder; created (with the tmp folder beside it) on first insert.
    ///   - fallbackRoots: folders of uncompressed git-lfs objects to read from as well.
    public init(root: String, fallbackRoots: [String] = []) {
        self.root = root
        self.fallbackRoots = fallbackRoots
        let parent = FileSystem.parent(of: root)
        temporaryDirectory = parent == "/" ? "/tmp" : parent + "/tmp"
    }

    /// Where `oid` is, or would be, stored in the primary root.
    public func path(for oid: ObjectID) -> String {
        Self.path(for: oid, in: root)
    }

    static func path(for oid: ObjectID, in root: String) -> String {
        let (first, second) = oid.fanOut
        return "\(root)/\(first)/\(second)/\(oid.hex)"
    }

    /// True when `oid` is in the primary root. Checks presence only; ``verify(_:size:)``
    /// checks content.
    public func contains(_ oid: ObjectID) -> Bool {
        FileSystem.isRegularFile(at: path(for: oid))
    }

    /// The file that holds `oid`: in the primary root if there, else the first fallback
    /// root that has it; nil when none does.
    public func locate(_ oid: ObjectID) -> String? {
        candidates(for: oid).first { FileSystem.isRegularFile(at: $0.path) }?.path
    }

    /// The places `oid` may be, in search order, and whether each is compressed.
    func candidates(for oid: ObjectID) -> [(path: String, compressed: Bool)] {
        [(path(for: oid), true)] + fallbackRoots.map { (Self.path(for: oid, in: $0), false) }
    }

    /// When the object in the primary root was written: the start of gc's grace period.
    public func modificationDate(of oid: ObjectID) throws -> Date {
        let path = path(for: oid)
        guard let stat = try FileSystem.status(of: path) else {
            throw StoreError(.missing, oid: oid, path: path)
        }
        let seconds = Double(stat.mtimeSeconds) + Double(stat.mtimeNanoseconds) / 1e9
        return Date(timeIntervalSince1970: seconds)
    }

    /// Deletes the object from the primary root (fallback roots are never changed).
    /// Throws `missing` when it is not there. Empty fan-out folders stay: removing them
    /// would race with an insert that has just created them.
    public func remove(_ oid: ObjectID) throws {
        let path = path(for: oid)
        guard try FileSystem.removeFile(path, oid: oid) else {
            throw StoreError(.missing, oid: oid, path: path)
        }
    }
}
