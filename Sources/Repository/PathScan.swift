import Foundation

/// The files named by `aida add`'s arguments, found by walking folders, and the tracked files
/// under those arguments that no longer exist (to be staged as removals).
struct PathScan {
    struct File {
        let relative: String
        let stat: stat
    }

    var files: [File] = []
    var removals: Set<String> = []

    /// Walks `arguments` (relative to `cwd`). Symlinks and special files anywhere are refused:
    /// a dataset holds regular files only. `.gitignore`d files met while walking are skipped.
    init(_ arguments: [String], cwd: String, dataset: Dataset, tracked: [String: IndexEntry]) throws {
        let canonicalRoot = try dataset.canonicalRoot()
        var problems: [String] = []
        var seen = Set<String>()
        for argument in arguments {
            let relative = try dataset.repositoryPath(of: argument, from: cwd)
            let canonical = canonicalRoot + relative
            guard let s = try FileSystem.lstatIfPresent(canonical) else {
                let prefix = relative + "/"
                let gone = tracked.keys.filter { $0 == relative || $0.hasPrefix(prefix) }
                if gone.isEmpty { throw DatasetError.noMatch(argument) }
                removals.formUnion(gone)
                continue
            }
            if FileSystem.isDirectory(s) {
                try walk(relative, root: canonicalRoot, dataset: dataset, seen: &seen, problems: &problems)
                let prefix = relative.isEmpty ? "" : relative + "/"
                for path in tracked.keys where path.hasPrefix(prefix) && !seen.contains(path) {
                    removals.insert(path)
                }
            } else if let problem = Self.problem(with: s, at: argument) {
                problems.append(problem)
            } else if seen.insert(relative).inserted {
                files.append(File(relative: relative, stat: s))
            }
        }
        if !problems.isEmpty { throw DatasetError.addFailed(problems) }
    }

    private mutating func walk(
        _ start: String, root: String, dataset: Dataset, seen: inout Set<String>, problems: inout [String]
    ) throws {
        var folders = [start]
        while let folder = folders.popLast() {
            let prefix = folder.isEmpty ? "" : folder + "/"
            for (name, _) in try FileSystem.listDirectory(root + folder) where name != ".git" {
                let relative = prefix + name
                let absolute = root + relative
                guard let s = try FileSystem.lstatIfPresent(absolute) else { continue }
                if dataset.git.isIgnored(relative) { continue }
                if FileSystem.isDirectory(s) {
                    folders.append(relative)
                } else if let problem = Self.problem(with: s, at: relative) {
                    problems.append(problem)
                } else if seen.insert(relative).inserted {
                    files.append(File(relative: relative, stat: s))
                }
            }
        }
    }

    private static func problem(with s: stat, at path: String) -> String? {
        if FileSystem.isSymlink(s) { return DatasetError.symlink(path).description }
        if !FileSystem.isRegular(s) { return DatasetError.notRegularFile(path).description }
        return nil
    }
}
