internal import CGit2
import Foundation

extension GitRepository {
    /// Makes the index and work tree match `commit`'s tree (only `paths` when given).
    ///
    /// Without `force`, a change in the work tree that the checkout would overwrite stops it
    /// before any file is touched, and the error lists those files.
    public func checkout(commit: GitOID, paths: [String], force: Bool) throws {
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "prepare checkout")
        options.checkout_strategy =
            force || !paths.isEmpty
            ? GIT_CHECKOUT_FORCE.rawValue
            : GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_RECREATE_MISSING.rawValue
        let conflicts = ConflictCollector()
        options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT.rawValue
        options.notify_payload = Unmanaged.passUnretained(conflicts).toOpaque()
        options.notify_cb = { _, path, _, _, _, payload in
            if let path, let payload {
                Unmanaged<ConflictCollector>.fromOpaque(payload).takeUnretainedValue().paths.append(
                    String(cString: path))
            }
            return 0
        }
        var object: OpaquePointer?
        var id = commit.raw
        try check(git_object_lookup(&object, handle, &id, GIT_OBJECT_COMMIT), "read commit \(commit.short)")
        defer { git_object_free(object) }
        let cStrings = paths.map { strdup($0)! }
        defer { cStrings.forEach { free($0) } }
        var pointers: [UnsafeMutablePointer<CChar>?] = cStrings
        let code = pointers.withUnsafeMutableBufferPointer { buffer -> Int32 in
            options.paths = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return git_checkout_tree(handle, object, &options)
        }
        if code == GIT_ECONFLICT.rawValue {
            let list = conflicts.paths.prefix(20).joined(separator: "\n  ")
            throw GitError(
                message:
                    "local changes would be overwritten:\n  \(list)\ncommit them, or run again with --force to discard them",
                operation: "check out \(commit.short)", code: code)
        }
        try check(code, "check out \(commit.short)")
    }
}

private final class ConflictCollector {
    var paths: [String] = []
}
