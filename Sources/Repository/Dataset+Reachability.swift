import Foundation
import Store

extension Dataset {
    /// Visits each distinct file blob of every commit reachable from any ref (HEAD included),
    /// then of the index (`commit` nil), once each; every tree is read once however many
    /// commits share it. Returns the number of commits walked.
    @discardableResult
    func forEachReachableBlob(_ visit: (TreeEntry, GitOID?) throws -> Void) throws -> Int {
        let tips = Array(Set(try git.referenceTips().map(\.commit)))
        let commits = tips.isEmpty ? [] : try git.walk(from: tips)
        var seenTrees = Set<GitOID>()
        var seenBlobs = Set<GitOID>()
        for commit in commits {
            try git.walkTree(try git.tree(ofCommit: commit), skipping: &seenTrees) { entry in
                if seenBlobs.insert(entry.oid).inserted { try visit(entry, commit) }
            }
        }
        for entry in try GitIndex(git).entries() where seenBlobs.insert(entry.oid).inserted {
            try visit(TreeEntry(path: entry.path, mode: entry.mode, oid: entry.oid), nil)
        }
        return commits.count
    }

    /// What a blob is as a pointer; submodule links and symlinks, and anything over the pointer
    /// size limit, are never pointers.
    func pointer(in entry: TreeEntry) throws -> Pointer.Parsed {
        guard !entry.isSubmodule, !entry.isSymlink, try git.blobSize(entry.oid) <= Pointer.maximumSize else {
            return .notAPointer
        }
        return Pointer.parse(try git.blobData(entry.oid))
    }
}
