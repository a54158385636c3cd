import Foundation

extension Dataset {
    /// The work tree with its symlinks resolved, with a trailing slash.
    func canonicalRoot() throws -> String {
        guard let resolved = FileSystem.realPath(root) else {
            throw DatasetError.unreadable(root, FileSystem.errorText())
        }
        return resolved == "/" ? resolved : resolved + "/"
    }

    /// A path named on the command line (relative to `cwd`), as a path relative to the work tree:
    /// "" for the root. The folders on the way are resolved (symlinks included) and the last
    /// component kept as is, so a symlink named on the command line is seen as one; folders that
    /// no longer exist are allowed, so deleted files can be named.
    public func repositoryPath(of argument: String, from cwd: String) throws -> String {
        let base = try canonicalRoot()
        let absolute = argument.hasPrefix("/") ? argument : cwd + "/" + argument
        guard let canonical = Self.canonicalize(absolute) else { throw DatasetError.noMatch(argument) }
        let relative: String
        if canonical + "/" == base {
            relative = ""
        } else if canonical.hasPrefix(base) {
            relative = String(canonical.dropFirst(base.count))
        } else {
            throw DatasetError.outsideRepository(argument)
        }
        if relative == ".git" || relative.hasPrefix(".git/") { throw DatasetError.insideGitDirectory(argument) }
        return relative
    }

    /// The absolute path with the longest existing folder prefix resolved by `realpath` and the
    /// rest (at least the last component) appended as given; nil when that rest holds `.` or `..`.
    private static func canonicalize(_ path: String) -> String? {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let name = (trimmed as NSString).lastPathComponent
        if name == "." || name == ".." || trimmed == "/" { return FileSystem.realPath(trimmed) }
        var folder = (trimmed as NSString).deletingLastPathComponent
        var rest = [name]
        while true {
            if let resolved = FileSystem.realPath(folder.isEmpty ? "." : folder) {
                guard !rest.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
                return (resolved == "/" ? "" : resolved) + "/" + rest.joined(separator: "/")
            }
            guard !folder.isEmpty, folder != "/" else { return nil }
            rest.insert((folder as NSString).lastPathComponent, at: 0)
            folder = (folder as NSString).deletingLastPathComponent
        }
    }
}
