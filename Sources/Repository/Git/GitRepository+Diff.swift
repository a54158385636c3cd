internal import CGit2
import Foundation

extension GitRepository {
    /// Files that differ between two trees (`old` nil: the empty tree).
    public func diffTrees(old: GitOID?, new: GitOID?) throws -> [FileDelta] {
        let oldTree = try old.map(lookupTree)
        defer { git_tree_free(oldTree ?? nil) }
        let newTree = try new.map(lookupTree)
        defer { git_tree_free(newTree ?? nil) }
        var options = try Self.diffOptions()
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, handle, oldTree ?? nil, newTree ?? nil, &options), "compare trees")
        defer { git_diff_free(diff) }
        return Self.deltas(of: diff)
    }

    /// Files in the work tree that differ from `tree` (through the index, like `git diff <rev>`).
    public func diffTreeToWorkdir(_ tree: GitOID?) throws -> [FileDelta] {
        let treeObject = try tree.map(lookupTree)
        defer { git_tree_free(treeObject ?? nil) }
        var options = try Self.diffOptions()
        var diff: OpaquePointer?
        try check(
            git_diff_tree_to_workdir_with_index(&diff, handle, treeObject ?? nil, &options),
            "compare with the work tree")
        defer { git_diff_free(diff) }
        return Self.deltas(of: diff)
    }

    /// Files staged in the index that differ from `tree` (like `git diff --cached`).
    public func diffTreeToIndex(_ tree: GitOID?) throws -> [FileDelta] {
        let treeObject = try tree.map(lookupTree)
        defer { git_tree_free(treeObject ?? nil) }
        var options = try Self.diffOptions()
        var diff: OpaquePointer?
        try check(git_diff_tree_to_index(&diff, handle, treeObject ?? nil, nil, &options), "compare with the index")
        defer { git_diff_free(diff) }
        return Self.deltas(of: diff)
    }

    /// Files in the work tree that differ from the index (like `git diff`).
    public func diffIndexToWorkdir() throws -> [FileDelta] {
        var options = try Self.diffOptions()
        var diff: OpaquePointer?
        try check(git_diff_index_to_workdir(&diff, handle, nil, &options), "compare the index with the work tree")
        defer { git_diff_free(diff) }
        return Self.deltas(of: diff)
    }

    func lookupTree(_ oid: GitOID) throws -> OpaquePointer? {
        var object: OpaquePointer?
        var id = oid.raw
        try check(git_tree_lookup(&object, handle, &id), "read tree \(oid.short)")
        return object
    }

    private static func diffOptions() throws -> git_diff_options {
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "prepare a diff")
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue | GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        return options
    }

    static func deltas(of diff: OpaquePointer?) -> [FileDelta] {
        (0..<git_diff_num_deltas(diff)).compactMap { index -> FileDelta? in
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { return nil }
            let kind: FileDelta.Kind
            switch delta.status {
            case GIT_DELTA_ADDED: kind = .added
            case GIT_DELTA_DELETED: kind = .deleted
            case GIT_DELTA_MODIFIED: kind = .modified
            case GIT_DELTA_TYPECHANGE: kind = .typeChanged
            case GIT_DELTA_UNTRACKED: kind = .untracked
            case GIT_DELTA_RENAMED: kind = .renamed
            default: return nil
            }
            return FileDelta(
                kind: kind, path: String(cString: delta.new_file.path), oldPath: String(cString: delta.old_file.path),
                oldBlob: side(delta.old_file), newBlob: side(delta.new_file),
                oldMode: UInt32(delta.old_file.mode), newMode: UInt32(delta.new_file.mode))
        }
    }

    private static func side(_ file: git_diff_file) -> GitOID? {
        guard file.flags & GIT_DIFF_FLAG_VALID_ID.rawValue != 0 else { return nil }
        let oid = GitOID(file.id)
        return oid.isZero ? nil : oid
    }
}
