internal import CGit2
import Foundation

/// Owns one libgit2 repository handle. Deliberately not `Sendable`: libgit2 handles are used
/// from one thread at a time.
public final class GitRepository {
    let handle: OpaquePointer

    private init(handle: OpaquePointer) { self.handle = handle }
    deinit { git_repository_free(handle) }

    /// Creates a repository with a work tree at `path` (made if missing), default branch `main`.
    public static func create(at path: String) throws -> GitRepository {
        Libgit2.bootstrap()
        var options = git_repository_init_options()
        try check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "prepare init")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        var out: OpaquePointer?
        let code = "main".withCString { head -> Int32 in
            options.initial_head = head
            return git_repository_init_ext(&out, path, &options)
        }
        if code == GIT_EEXISTS.rawValue {
            throw GitError(message: "\(path) is already a repository", operation: "initialise \(path)", code: code)
        }
        try check(code, "initialise a repository at \(path)")
        return GitRepository(handle: out!)
    }

    /// Opens the repository that contains `path`, searching parent folders like git does.
    public static func open(discovering path: String) throws -> GitRepository {
        Libgit2.bootstrap()
        var out: OpaquePointer?
        let code = git_repository_open_ext(&out, path, 0, nil)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError(
                message: "not a dataset repository (or any parent up to /): \(path); run `aida init` first",
                operation: "open a repository", code: code)
        }
        try check(code, "open the repository at \(path)")
        return GitRepository(handle: out!)
    }

    /// The work tree, with a trailing slash; nil for a bare repository.
    public var workdir: String? {
        git_repository_workdir(handle).map { String(cString: $0) }
    }

    /// The `.git` folder, with a trailing slash.
    public var gitdir: String { String(cString: git_repository_path(handle)) }

    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// Sets a value in the repository's own config file.
    public func setConfig(_ key: String, _ value: String) throws {
        var config: OpaquePointer?
        try check(git_repository_config(&config, handle), "open the config")
        defer { git_config_free(config) }
        try check(git_config_set_string(config, key, value), "set \(key) in the config")
    }

    /// A config value, or nil when unset.
    public func configString(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config(&config, handle) == 0 else { return nil }
        defer { git_config_free(config) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard git_config_get_string_buf(&buffer, config, key) == 0, let text = buffer.ptr else { return nil }
        return String(cString: text)
    }

    /// True when `.gitignore` rules exclude `path` (relative to the work tree).
    public func isIgnored(_ path: String) -> Bool {
        var ignored: Int32 = 0
        return git_ignore_path_is_ignored(&ignored, handle, path) == 0 && ignored == 1
    }

    /// The value of a git attribute for a path, e.g. `filter` gives "lfs"; nil when unset.
    public func attribute(_ name: String, for path: String) -> String? {
        var value: UnsafePointer<CChar>?
        guard git_attr_get(&value, handle, 0, path, name) == 0, let value else { return nil }
        switch git_attr_value(value) {
        case GIT_ATTR_VALUE_STRING: return String(cString: value)
        case GIT_ATTR_VALUE_TRUE: return "true"
        case GIT_ATTR_VALUE_FALSE: return "false"
        default: return nil
        }
    }
}
