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
        var chosen: [IndexEntry] = []
        for argument in arguments {
            let relative = try repositoryPath(of: argument, from: cwd)
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
                guard let s = try FileSystem.lstatIfPresent(root + entry.path), !entry.statMatches(s) else {
                    return false
                }
                // Stat data can differ for equal content (a checkout rewrote it): compare content ids.
                return try contentOfWorkFile(entry.path)?.oid != content(ofBlob: entry.oid).oid
            }
            if !changed.isEmpty { throw DatasetError.unstagedChanges(changed.map(\.path)) }
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
