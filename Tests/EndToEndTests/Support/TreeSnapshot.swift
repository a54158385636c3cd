import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state of a work tree, outside `.git`: the sha256 of every regular file and the list of
/// folders, so two states compare byte for byte and left-over empty folders show.
struct TreeSnapshot: Equatable, CustomStringConvertible {
    /// Relative path to lowercase hex sha256.
    var files: [String: String] = [:]
    /// Relative paths of every folder.
    var folders: Set<String> = []
    /// Relative paths of anything else (symlinks, fifos).
    var others: Set<String> = []

    /// Takes the snapshot of the work tree at `root`.
    init(of root: String) throws {
        var pending = [""]
        while let folder = pending.popLast() {
            let absolute = folder.isEmpty ? root : root + "/" + folder
            for name in try FileManager.default.contentsOfDirectory(atPath: absolute).sorted() {
                if folder.isEmpty && name == ".git" { continue }
                let relative = folder.isEmpty ? name : folder + "/" + name
                var info = stat()
                guard lstat(root + "/" + relative, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    folders.insert(relative)
                    pending.append(relative)
                case S_IFREG: files[relative] = try Self.sha256(ofFile: root + "/" + relative)
                default: others.insert(relative)
                }
            }
        }
    }

    /// Folders that hold no file at any depth.
    var emptyFolders: [String] {
        folders.filter { folder in !files.keys.contains { $0.hasPrefix(folder + "/") } }.sorted()
    }

    /// What differs from `other`, one line per path, for failure messages.
    func differences(from other: TreeSnapshot) -> String {
        var lines: [String] = []
        for path in Set(files.keys).union(other.files.keys).sorted() where files[path] != other.files[path] {
            lines.append("\(path): \(other.files[path] ?? "absent") -> \(files[path] ?? "absent")")
        }
        for folder in folders.symmetricDifference(other.folders).sorted() {
            lines.append("folder \(folder): \(folders.contains(folder) ? "only here" : "only there")")
        }
        for path in others.symmetricDifference(other.others).sorted() { lines.append("special \(path)") }
        return lines.prefix(40).joined(separator: "\n") + (lines.count > 40 ? "\n… \(lines.count - 40) more" : "")
    }

    var description: String { "\(files.count) files in \(folders.count) folders" }

    /// The sha256 of a file, read whole (test files are small).
    static func sha256(ofFile path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { ObjectID.hash(of: $0).hex }
    }
}
