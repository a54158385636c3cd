import Foundation
import Store

/// A file whose staged content differs from HEAD: what `aida commit` would record for it.
public struct StagedFile: Sendable, Equatable {
    public let path: String
    public let change: FileDelta.Kind
    /// `sha256:<hex>` for a file in the store (its pointer's oid), else the git blob id.
    public let oid: String
    public let size: Int64
    let blob: GitOID
    let pointer: Pointer?
}

extension Dataset {
    /// Files added, modified, renamed or changed in type in the index against HEAD,
    /// sorted by path; deletions are left out (there is nothing of them to check).
    public func stagedFiles() throws -> [StagedFile] {
        let head = try git.headCommit().map { try git.tree(ofCommit: $0) }
        return try git.diffTreeToIndex(head).compactMap { delta -> StagedFile? in
            guard delta.kind != .deleted, let blob = delta.newBlob else { return nil }
            // Only regular files carry data; a symlink or submodule entry has no content to check.
            guard delta.newMode & 0o170000 == 0o100000 else {
                return StagedFile(
                    path: delta.path, change: delta.kind, oid: blob.hex, size: 0, blob: blob, pointer: nil)
            }
            let size = try git.blobSize(blob)
            if size <= Pointer.maximumSize, case .valid(let pointer) = Pointer.parse(try git.blobData(blob)) {
                return StagedFile(
                    path: delta.path, change: delta.kind, oid: "sha256:" + pointer.oid.hex, size: pointer.size,
                    blob: blob, pointer: pointer)
            }
            return StagedFile(path: delta.path, change: delta.kind, oid: blob.hex, size: size, blob: blob, pointer: nil)
        }
        .sorted { $0.path < $1.path }
    }

    /// Calls `body` with the path of a file holding exactly the staged bytes of `file`:
    /// the work-tree file when git's stat data says it is unchanged since it was staged
    /// (and not racily so), else a private temporary copy written from the store or the
    /// blob and removed afterwards. Store reads are verified against the oid.
    public func withStagedContent<T>(of file: StagedFile, _ body: (String) throws -> T) throws -> T {
        let index = try GitIndex(git)
        let absolute = root + file.path
        if let entry = index.entry(path: file.path), entry.oid == file.blob,
            let s = try FileSystem.lstatIfPresent(absolute), FileSystem.isRegular(s), entry.statMatches(s),
            !entry.isRacy(before: indexTimestamp())
        {
            return try body(absolute)
        }
        let folder = git.gitdir + "aida/tmp/"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "staged-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw DatasetError.unreadable(temporary, FileSystem.errorText()) }
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
        }
        if let pointer = file.pointer {
            try store.read(pointer.oid, size: pointer.size) { piece in try handle.write(contentsOf: Data(piece)) }
        } else {
            try handle.write(contentsOf: try git.blobData(file.blob, limit: Staged.maximumTextSize))
        }
        return try body(temporary)
    }
}
