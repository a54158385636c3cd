import Foundation

extension Dataset {
    /// Unstages tracked files (a folder's with `recursive`) and, unless `cached`, deletes them
    /// and the folders they leave empty. A file with unstaged changes is kept unless `force`.
    public func remove(_ arguments: [String], workingDirectory cwd: String, cached: Bool, recursive: Bool, force: Bool)
        throws -> [String]
    {
        let lock = try self.lock("rm")
        defer { lock.release() }
        let index = try GitIndex(git)
        let entries = index.entries()
        guard let canonicalRoot = FileSystem.realPath(root).map({ $0 + "/" }) else {
            throw DatasetError.unreadable(root, FileSystem.errorText())
        }
        var chosen: [IndexEntry] = []
        for argument in arguments {
            let absolute = argument.hasPrefix("/") ? argument : cwd + "/" + argument
            let standardized = (absolute as NSString).standardizingPath
            let folder = FileSystem.realPath((standardized as NSString).deletingLastPathComponent) ?? ""
            let full = folder + "/" + (standardized as NSString).lastPathComponent
            let relative: String
            if full + "/" == canonicalRoot || standardized + "/" == canonicalRoot {
                relative = ""
            } else if full.hasPrefix(canonicalRoot) {
                relative = String(full.dropFirst(canonicalRoot.count))
            } else {
                throw DatasetError.outsideRepository(argument)
            }
            let exact = entries.filter { $0.path == relative }
            let inside = entries.filter { relative.isEmpty || $0.path.hasPrefix(relative + "/") }
            if !exact.isEmpty {
                chosen += exact
            } else if !inside.isEmpty {
                guard recursive else {
                    throw DatasetError.unreadable(argument, "is a folder; use -r to remove the files under it")
                }
                chosen += inside
            } else {
                throw DatasetError.noMatch(argument)
            }
        }
        if !cached && !force {
            let changed = try chosen.filter { entry in
                guard let s = try FileSystem.lstatIfPresent(root + entry.path) else { return false }
                return !entry.statMatches(s)
            }
            if !changed.isEmpty {
                throw DatasetError.addFailed(
                    changed.map {
                        "\($0.path): has changes that are not staged; use --cached to keep the file or --force to delete it"
                    })
            }
        }
        for entry in chosen { try index.remove(path: entry.path) }
        try index.write()
        if !cached {
            for entry in chosen {
                unlink(root + entry.path)
                removeEmptyFolders(above: entry.path)
            }
        }
        return chosen.map(\.path)
    }

    private func removeEmptyFolders(above path: String) {
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty, rmdir(root + folder) == 0 {
            folder = (folder as NSString).deletingLastPathComponent
        }
    }
}
