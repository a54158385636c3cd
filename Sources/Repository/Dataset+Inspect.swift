import Crypto
import Foundation
import Store

extension Dataset {
    /// Commits reachable from `revision` (HEAD when nil), newest first; empty on an unborn branch.
    public func log(from revision: String?, limit: Int?) throws -> [CommitInfo] {
        let start: GitOID
        if let revision {
            start = try git.resolveCommit(revision)
        } else {
            guard let head = try git.headCommit() else { return [] }
            start = head
        }
        return try git.history(from: start, limit: limit).map(git.commit)
    }

    /// One commit and the files it changed against its first parent.
    public func show(_ revision: String) throws -> (commit: CommitInfo, changes: [FileChange]) {
        let commit = try git.commit(try git.resolveCommit(revision))
        let parentTree = try commit.parents.first.map { try git.tree(ofCommit: $0) }
        return (commit, try describe(git.diffTrees(old: parentTree, new: commit.tree), workdir: false))
    }

    /// Files that differ: no revision, work tree against index; one, work tree against it;
    /// two, the first against the second.
    public func diff(_ first: String?, _ second: String?) throws -> [FileChange] {
        switch (first, second) {
        case (nil, _):
            return try describe(git.diffIndexToWorkdir(), workdir: true)
        case (let first?, nil):
            let tree = try git.tree(ofCommit: git.resolveCommit(first))
            return try describe(git.diffTreeToWorkdir(tree), workdir: true)
        case (let first?, let second?):
            let old = try git.tree(ofCommit: git.resolveCommit(first))
            let new = try git.tree(ofCommit: git.resolveCommit(second))
            return try describe(git.diffTrees(old: old, new: new), workdir: false)
        }
    }

    /// Staged and unstaged changes, and untracked files.
    public func status() throws -> [StatusEntry] { try git.status() }

    private func describe(_ deltas: [FileDelta], workdir: Bool) throws -> [FileChange] {
        try deltas.map { delta in
            let old = try delta.oldBlob.map(content(ofBlob:))
            var new = try delta.newBlob.map(content(ofBlob:))
            if new == nil, workdir, delta.kind != .deleted { new = try contentOfWorkFile(delta.path) }
            return FileChange(
                change: delta.kind, path: delta.path, oldPath: delta.oldPath == delta.path ? nil : delta.oldPath,
                old: delta.kind == .added || delta.kind == .untracked ? nil : old,
                new: delta.kind == .deleted ? nil : new)
        }
    }

    /// A blob's content id: the pointer's oid when the blob is a pointer.
    func content(ofBlob blob: GitOID) throws -> FileChange.Content {
        let size = try git.blobSize(blob)
        if size <= Pointer.maximumSize, case .valid(let pointer) = Pointer.parse(try git.blobData(blob)) {
            return .init(oid: "sha256:" + pointer.oid.hex, size: pointer.size, stored: true)
        }
        return .init(oid: blob.hex, size: size, stored: false)
    }

    /// A work-tree file's content id, computed as `aida add` would.
    func contentOfWorkFile(_ path: String) throws -> FileChange.Content? {
        let absolute = root + path
        guard let s = try FileSystem.lstatIfPresent(absolute), FileSystem.isRegular(s) else { return nil }
        if git.attribute("filter", for: path) == "lfs" {
            return .init(oid: "sha256:" + (try Self.sha256(ofFile: absolute)), size: Int64(s.st_size), stored: true)
        }
        return .init(oid: try git.hashFile(path).hex, size: Int64(s.st_size), stored: false)
    }

    static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DatasetError.unreadable(path, FileSystem.errorText())
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
