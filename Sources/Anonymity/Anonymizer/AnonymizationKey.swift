import Crypto
import Foundation

/// The secret behind every pseudonym, date shift and UID an anonymization writes:
/// 32 random bytes in a file of mode 0600 outside any dataset. The same key gives the
/// same output for every file and every run; whoever holds it could re-link the
/// pseudonyms to the originals, so it is never shared with the data.
public struct AnonymizationKey: Sendable {
    public static let byteCount = 32

    /// The file it was read from or created at.
    public let path: String
    let bytes: [UInt8]

    public var symmetricKey: SymmetricKey { SymmetricKey(data: bytes) }

    /// A key from given bytes (tests, and callers that keep keys elsewhere).
    public init(bytes: [UInt8], path: String = "(in memory)") throws {
        guard bytes.count == Self.byteCount else {
            throw AnonymizationKeyError.wrongSize(path: path, size: bytes.count)
        }
        self.bytes = bytes
        self.path = path
    }

    /// Reads the key at `path`, creating it on first use. Refused: a file group or
    /// others may read, one not 32 bytes long, any path inside `datasetRoot` and any
    /// path inside (or equal to) one of `inputs`, before anything is created.
    public static func loadOrCreate(at path: String, datasetRoot: String? = nil, inputs: [String] = []) throws
        -> AnonymizationKey
    {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if let datasetRoot { try refuseInside(absolute, root: datasetRoot) }
        for input in inputs where isInside(absolute, root: input) {
            throw AnonymizationKeyError.insideInput(path: absolute, input: input)
        }
        if let bytes = try KeyFile.read(absolute, size: byteCount) {
            return try AnonymizationKey(bytes: bytes, path: absolute)
        }
        var generator = SystemRandomNumberGenerator()
        let fresh = (0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if try KeyFile.create(absolute, bytes: fresh) { return try AnonymizationKey(bytes: fresh, path: absolute) }
        // Another process created it first: use theirs.
        guard let bytes = try KeyFile.read(absolute, size: byteCount) else {
            throw AnonymizationKeyError.io(path: absolute, operation: "read", errno: 2)
        }
        return try AnonymizationKey(bytes: bytes, path: absolute)
    }

    /// `$XDG_CONFIG_HOME/aida/anonymization.key`, else `~/.config/aida/anonymization.key`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> String
    {
        // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and ignored.
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/aida/anonymization.key"
        }
        guard let home = environment["HOME"], !home.isEmpty else { throw AnonymizationKeyError.noDefaultLocation }
        return home + "/.config/aida/anonymization.key"
    }

    /// Compares resolved paths (symbolic links followed as far as the path exists),
    /// so `root/../root/key` or a link into the dataset is caught too.
    static func refuseInside(_ path: String, root: String) throws {
        if isInside(path, root: root) { throw AnonymizationKeyError.insideDataset(path: path, root: root) }
    }

    /// Whether `path` is `root` or below it, both resolved.
    public static func isInside(_ path: String, root: String) -> Bool {
        let rootParts = resolved(root).split(separator: "/")
        let pathParts = resolved(path).split(separator: "/")
        return pathParts.count >= rootParts.count && Array(pathParts.prefix(rootParts.count)) == rootParts
    }

    /// The path with links resolved in its longest existing prefix.
    static func resolved(_ path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var tail: [String] = []
        while !FileManager.default.fileExists(atPath: url.path) && url.path != "/" {
            tail.insert(url.lastPathComponent, at: 0)
            url.deleteLastPathComponent()
        }
        var result = url.resolvingSymlinksInPath()
        for component in tail { result.appendPathComponent(component) }
        return result.path
    }
}
