internal import CGit2
import Foundation

extension GitRepository {
    /// The commit HEAD points to, or nil on an unborn branch.
    public func headCommit() throws -> GitOID? {
        var out = git_oid()
        let code = git_reference_name_to_id(&out, handle, "HEAD")
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(code, "resolve HEAD")
        return GitOID(out)
    }

    /// The full name of the branch HEAD points to (`refs/heads/main`), nil when detached.
    public func headBranch() throws -> String? {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, handle, "HEAD"), "read HEAD")
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(ref)
        else { return nil }
        return String(cString: target)
    }

    /// Resolves a revision (`HEAD~1`, a branch, a tag, an id prefix) to a commit.
    public func resolveCommit(_ revision: String) throws -> GitOID {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, revision)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EAMBIGUOUS.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            throw GitError(
                message: "unknown revision '\(revision)'; `aida log` lists the commits",
                operation: "resolve '\(revision)'", code: code)
        }
        try check(code, "resolve '\(revision)'")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let peeled = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        if peeled < 0 {
            throw GitError(
                message: "'\(revision)' does not name a commit", operation: "resolve '\(revision)'", code: peeled)
        }
        defer { git_object_free(commit) }
        return GitOID(git_object_id(commit))
    }

    /// True when `name` is a local branch (`main` or `refs/heads/main`).
    public func branchReference(named name: String) -> String? {
        let full = name.hasPrefix("refs/heads/") ? name : "refs/heads/" + name
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, handle, full) == 0 else { return nil }
        git_reference_free(ref)
        return full
    }

    /// Every reference with the commit it finally points to (tags peeled); HEAD included.
    public func referenceTips() throws -> [(name: String, commit: GitOID)] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_new(&iterator, handle), "list references")
        defer { git_reference_iterator_free(iterator) }
        var names: [String] = ["HEAD"]
        var namePointer: UnsafePointer<CChar>?
        while git_reference_next_name(&namePointer, iterator) == 0, let namePointer {
            names.append(String(cString: namePointer))
        }
        var tips: [(String, GitOID)] = []
        for name in names {
            var object: OpaquePointer?
            guard git_revparse_single(&object, handle, name) == 0 else { continue }
            defer { git_object_free(object) }
            var commit: OpaquePointer?
            guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0 else { continue }
            tips.append((name, GitOID(git_object_id(commit))))
            git_object_free(commit)
        }
        return tips
    }

    /// Points `name` at `target` if it still points at `expected` (nil: must not exist yet).
    public func updateReference(_ name: String, to target: GitOID, expected: GitOID?, message: String) throws {
        var ref: OpaquePointer?
        var id = target.raw
        let code: Int32
        if let expected {
            var old = expected.raw
            code = git_reference_create_matching(&ref, handle, name, &id, 1, &old, message)
        } else {
            code = git_reference_create(&ref, handle, name, &id, 0, message)
        }
        try check(code, "update \(name)")
        git_reference_free(ref)
    }

    /// Makes HEAD a symbolic reference to `branch`, or detaches it at `commit`.
    public func setHead(branch: String) throws {
        try check(git_repository_set_head(handle, branch), "point HEAD at \(branch)")
    }

    public func setHeadDetached(_ commit: GitOID) throws {
        var id = commit.raw
        try check(git_repository_set_head_detached(handle, &id), "detach HEAD at \(commit.short)")
    }
}
