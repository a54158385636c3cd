import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh folder under /tmp laid out like a repository's `.git/aida`, removed on deinit.
final class Sandbox {
    let path: String
    let objects: String
    let tmp: String
    let store: ObjectStore

    init(fallbackRoots: [String] = []) throws {
        var template = Array("/tmp/aida-store-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        let path = String(cString: made)
        self.path = path
        objects = path + "/aida/objects"
        tmp = path + "/aida/tmp"
        store = ObjectStore(root: objects, fallbackRoots: fallbackRoots.map { path + "/" + $0 })
    }

    deinit {
        _ = try? run("/bin/chmod", "-R", "u+rwX", path)
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `bytes` to `name` inside the sandbox and returns the full path.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Names in the tmp folder (empty when it does not exist).
    func temporaryFiles() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []
    }
}

func contents(of path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Makes a stored (read-only) object writable so a test can damage it.
func damage(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
    chmod(path, 0o644)
    var bytes = try contents(of: path)
    change(&bytes)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Reproducible test data: `compressible` zeroes every third 4 KiB block and keeps
/// only the low 4 bits elsewhere, roughly like image data; otherwise all bytes are random.
/// Generated a word at a time, because tests run unoptimized.
func testData(count: Int, seed: UInt64 = 1, compressible: Bool = false) -> [UInt8] {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    let words = (count + 7) / 8
    var bytes = [UInt8](unsafeUninitializedCapacity: words * 8) { buffer, initialized in
        let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
        for w in 0..<words {
            // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            if compressible { z = (w / 512) % 3 == 0 ? 0 : z & 0x0f0f_0f0f_0f0f_0f0f }
            raw.storeBytes(of: z, toByteOffset: w * 8, as: UInt64.self)
        }
        initialized = words * 8
    }
    bytes.removeLast(words * 8 - count)
    return bytes
}

/// Runs a program and returns its standard output; throws if it fails.
@discardableResult
func run(_ executable: String, _ arguments: String...) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw POSIXError(.EIO, userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments) failed"])
    }
    return String(decoding: output, as: UTF8.self)
}

/// The error a throwing call raised, as a StoreError (nil if it did not throw one).
func storeError(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(error)")
        return nil
    }
}

func fileStat(_ path: String) -> stat {
    var s = stat()
    lstat(path, &s)
    return s
}

/// The growth of the peak resident size while `body` runs. Linux lets a process
/// reset its peak (`clear_refs` 5), so earlier tests do not hide the growth;
/// elsewhere ru_maxrss before and after is the best there is.
func peakResidentGrowth(_ body: () throws -> Void) rethrows -> Int64 {
    func status(_ key: String) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix(key + ":") }
        return line.flatMap { Int64($0.split(separator: " ").dropFirst().first ?? "") }.map { $0 * 1024 }
    }
    func maxRSS() -> Int64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int64(usage.ru_maxrss) * 1024
    }
    let reset = (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    let before = reset ? status("VmRSS") ?? maxRSS() : maxRSS()
    try body()
    let after = reset ? status("VmHWM") ?? maxRSS() : maxRSS()
    return after - before
}
