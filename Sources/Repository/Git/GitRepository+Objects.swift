internal import CGit2
import Foundation

extension GitRepository {
    /// The size of a blob, read from the object header without loading it.
    public func blobSize(_ oid: GitOID) throws -> Int64 {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "open the object database")
        defer { git_odb_free(odb) }
        var length = 0
        var type = GIT_OBJECT_ANY
        var id = oid.raw
        try check(git_odb_read_header(&length, &type, odb, &id), "read object \(oid.short)")
        return Int64(length)
    }

    /// The bytes of a blob, refused when larger than `limit`.
    public func blobData(_ oid: GitOID, limit: Int = 64 << 20) throws -> Data {
        var blob: OpaquePointer?
        var id = oid.raw
        try check(git_blob_lookup(&blob, handle, &id), "read blob \(oid.short)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size <= limit else {
            throw GitError(
                message: "blob \(oid.short) is \(size) bytes, over the \(limit) limit", operation: "read blob")
        }
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: raw, count: size)
    }

    /// The tree of a commit.
    public func tree(ofCommit commit: GitOID) throws -> GitOID {
        var object: OpaquePointer?
        var id = commit.raw
        try check(git_commit_lookup(&object, handle, &id), "read commit \(commit.short)")
        defer { git_commit_free(object) }
        return GitOID(git_commit_tree_id(object))
    }

    /// Visits every non-tree entry under `tree`, depth first, without recursion.
    /// Subtrees whose id is in `skipping` are not entered, and every entered subtree is added
    /// to it, so walking many commits that share trees reads each tree once.
    public func walkTree(
        _ tree: GitOID, skipping seen: inout Set<GitOID>, visit: (TreeEntry) throws -> Void
    ) throws {
        var stack: [(GitOID, String)] = [(tree, "")]
        while let (treeID, prefix) = stack.popLast() {
            guard seen.insert(treeID).inserted else { continue }
            var object: OpaquePointer?
            var id = treeID.raw
            try check(git_tree_lookup(&object, handle, &id), "read tree \(treeID.short)")
            defer { git_tree_free(object) }
            for index in 0..<git_tree_entrycount(object) {
                guard let entry = git_tree_entry_byindex(object, index) else { continue }
                let name = String(cString: git_tree_entry_name(entry))
                let oid = GitOID(git_tree_entry_id(entry))
                let mode = UInt32(git_tree_entry_filemode(entry).rawValue)
                if mode == 0o040000 {
                    stack.append((oid, prefix + name + "/"))
                } else {
                    try visit(TreeEntry(path: prefix + name, mode: mode, oid: oid))
                }
            }
        }
    }

    /// Every file in a commit's tree, keyed by path.
    public func files(ofCommit commit: GitOID) throws -> [String: TreeEntry] {
        var seen = Set<GitOID>()
        var files: [String: TreeEntry] = [:]
        try walkTree(try tree(ofCommit: commit), skipping: &seen) { files[$0.path] = $0 }
        return files
    }
}

extension GitRepository {
    /// The blob id a work-tree file would get, through the filters its attributes name.
    public func hashFile(_ relativePath: String) throws -> GitOID {
        guard let workdir else { throw GitError(message: "bare repository", operation: "hash \(relativePath)") }
        var out = git_oid()
        try check(
            git_repository_hashfile(&out, handle, workdir + relativePath, GIT_OBJECT_BLOB, relativePath),
            "hash \(relativePath)")
        return GitOID(out)
    }
}
