#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ObjectStore {
    /// Every object file in the primary root, sorted, for fsck and gc; and, separately,
    /// the full paths of stray entries: names that are not object ids, ids in the wrong
    /// fan-out folder, folders that are not two lowercase hex digits, and anything that
    /// is not a regular file. A root that does not exist yet holds nothing.
    public func objects() throws -> (objects: [ObjectID], strays: [String]) {
        var objects: [ObjectID] = []
        var strays: [String] = []
        for (first, firstKind) in try FileSystem.contentsOfDirectory(root) ?? [] {
            let firstPath = "\(root)/\(first)"
            guard firstKind == .directory, Self.isFanOutName(first) else {
                strays.append(firstPath)
                continue
            }
            for (second, secondKind) in try FileSystem.contentsOfDirectory(firstPath) ?? [] {
                let secondPath = "\(firstPath)/\(second)"
                guard secondKind == .directory, Self.isFanOutName(second) else {
                    strays.append(secondPath)
                    continue
                }
                for (name, kind) in try FileSystem.contentsOfDirectory(secondPath) ?? [] {
                    if kind == .file, let oid = ObjectID(hex: name), oid.fanOut == (first, second) {
                        objects.append(oid)
                    } else {
                        strays.append("\(secondPath)/\(name)")
                    }
                }
            }
        }
        return (objects.sorted(), strays.sorted())
    }

    /// Removes temp files left by writers that died: those whose name carries the pid
    /// of a process that no longer exists, and those whose name is not in our format
    /// and that are older than an hour. Returns the paths removed, so the caller can
    /// say what it cleaned up. Failures are skipped: this is housekeeping.
    ///
    /// A temp file of a live process is never removed, however old; a pid reused by an
    /// unrelated process only delays the cleanup.
    public func removeStaleTemporaryFiles() -> [String] {
        guard let entries = try? FileSystem.contentsOfDirectory(temporaryDirectory) else { return [] }
        let now = Int64(time(nil))
        var removed: [String] = []
        for (name, kind) in entries where kind == .file {
            let path = "\(temporaryDirectory)/\(name)"
            let stale: Bool
            if let pid = DurableFile.processID(inTemporaryName: name) {
                stale = kill(pid, 0) != 0 && errno == ESRCH
            } else if let stat = try? FileSystem.status(of: path) {
                stale = now - stat.mtimeSeconds > 3600
            } else {
                stale = false
            }
            if stale, (try? FileSystem.removeFile(path)) == true { removed.append(path) }
        }
        return removed.sorted()
    }

    /// Two lowercase hex digits: the only folder names the fan-out uses.
    private static func isFanOutName(_ name: String) -> Bool {
        let utf8 = name.utf8
        return utf8.count == 2 && utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
