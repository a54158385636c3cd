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

    /// Calls `body` with the path of a file holding exactly the staged bytes of `file`.
    public func withStagedContent<T>(of file: StagedFile, _ body: (String) throws -> T) throws -> T {
        try withStagedContents(of: [file]) { paths in try body(paths[0]) }
    }

    /// Calls `body` with, for each file, the path of a file holding exactly its staged
    /// bytes: the work-tree file when git's stat data says it is unchanged since it was
    /// staged (and not racily so), else a private temporary copy, under the same file
    /// name, written from the store (verified against the oid) or the blob, and removed
    /// afterwards. The paths may be read from any thread.
    public func withStagedContents<T>(of files: [StagedFile], _ body: ([String]) throws -> T) throws -> T {
        let index = try GitIndex(git)
        let indexTime = indexTimestamp()
        var temporary: [String] = []
        defer { for folder in temporary { try? FileManager.default.removeItem(atPath: folder) } }
        var paths: [String] = []
        for file in files {
            let absolute = root + file.path
            if let entry = index.entry(path: file.path), entry.oid == file.blob,
                let s = try FileSystem.lstatIfPresent(absolute), FileSystem.isRegular(s), entry.statMatches(s),
                !entry.isRacy(before: indexTime)
            {
                paths.append(absolute)
                continue
            }
            let folder = git.gitdir + "aida/tmp/staged-" + UUID().uuidString
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            temporary.append(folder)
            let copy = folder + "/" + (file.path as NSString).lastPathComponent
            try write(file, to: copy)
            paths.append(copy)
        }
        return try body(paths)
    }

    /// The staged bytes of `path` (a pointer resolved through the store), or nil when the
    /// index has no regular file there. At most `limit` bytes.
    public func stagedData(path: String, limit: Int = 16 << 20) throws -> Data? {
        let index = try GitIndex(git)
        guard let entry = index.entry(path: path), entry.mode & 0o170000 == 0o100000 else { return nil }
        let size = try git.blobSize(entry.oid)
        let blob = try git.blobData(entry.oid, limit: limit)
        guard size <= Pointer.maximumSize, case .valid(let pointer) = Pointer.parse(blob) else { return blob }
        guard pointer.size <= Int64(limit) else { throw DatasetError.unreadable(path, "over \(limit) bytes") }
        var data = Data()
        try store.read(pointer.oid, size: pointer.size) { piece in data.append(contentsOf: piece) }
        return data
    }

    private func write(_ file: StagedFile, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw DatasetError.unreadable(path, FileSystem.errorText()) }
        defer { try? handle.close() }
        if let pointer = file.pointer {
            try store.read(pointer.oid, size: pointer.size) { piece in try handle.write(contentsOf: Data(piece)) }
        } else {
            try handle.write(contentsOf: try git.blobData(file.blob, limit: Staged.maximumTextSize))
        }
    }
}
