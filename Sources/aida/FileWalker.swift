import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Regular files below a folder, sorted, `.git` left out, symlinks not followed: readdir
/// with the entry types the kernel hands out (FileManager's enumerator stat'ed every
/// entry and was a twentieth of a whole `aida check`).
enum FileWalker {
    /// `root` itself when it is not a folder.
    static func files(under root: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [root]
        }
        var files: [String] = []
        var folders = [root.hasSuffix("/") ? String(root.dropLast()) : root]
        while let folder = folders.popLast() {
            guard let directory = opendir(folder) else { continue }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." || name == ".git" { continue }
                let path = folder + "/" + name
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var s = stat()
                    guard lstat(path, &s) == 0 else { continue }
                    type = s.st_mode & S_IFMT == S_IFDIR ? UInt8(DT_DIR) : s.st_mode & S_IFMT == S_IFREG ? UInt8(DT_REG) : 0
                }
                if type == UInt8(DT_DIR) { folders.append(path) } else if type == UInt8(DT_REG) { files.append(path) }
            }
        }
        return files.sorted()
    }
}
