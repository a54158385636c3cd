import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where things are (the package, the built `aida`, the shared folder) and test data that is
/// made once per machine and reused: generated DICOM datasets and a zlib bomb, cached in
/// `$TMPDIR/aida-e2e-cache` under a key that changes when the generator does.
enum Fixtures {
    /// The folder holding Package.swift, found by walking up from this file.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
            url.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// The `aida` built beside this test bundle (SwiftPM puts executables and the test bundle
    /// in the same `debug` folder, whatever the scratch path); `AIDA_BIN` overrides.
    static let aidaBinary: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["AIDA_BIN"], !path.isEmpty { return path }
        let starts = [Bundle.main.executablePath, CommandLine.arguments.first, readlink("/proc/self/exe")]
        for start in starts.compactMap({ $0 }) {
            var folder = URL(fileURLWithPath: start).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<5 {
                let candidate = folder.appendingPathComponent("aida").path
                if isExecutableFile(candidate) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }()

    /// `AIDA_SHARED`, else `shared/` beside the package (as CI lays it out).
    static let sharedDirectory: String = {
        if let path = ProcessInfo.processInfo.environment["AIDA_SHARED"], !path.isEmpty { return path }
        return URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared").path
    }()

    static var generator: String { sharedDirectory + "/bench/gen_dataset.py" }

    /// PATH for children: the test process's own, then the usual system folders.
    static let searchPath: String = {
        let inherited = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return [inherited, "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
            .filter { !$0.isEmpty }.joined(separator: ":")
    }()

    static let cacheRoot: String = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return base + "/aida-e2e-cache"
    }()

    private static let lock = NSLock()

    /// A folder of `gen_dataset.py` output: `patient<NNNN>/ct/slice<NNNN>.dcm`, made on first use.
    /// Copy it before changing anything in it.
    static func dataset(patients: Int, slices: Int, seed: Int = 1) throws -> String {
        let script = try Data(contentsOf: URL(fileURLWithPath: generator))
        let version = ObjectID.hash(of: [UInt8](script)).hex.prefix(12)
        return try cached("dataset-\(version)-p\(patients)-s\(slices)-seed\(seed)") { folder, runner in
            try runner.run(
                "python3",
                [
                    generator, "--out", folder, "--patients", "\(patients)", "--slices", "\(slices)",
                    "--seed", "\(seed)",
                ], in: cacheRoot
            ).requireSuccess()
        }
    }

    /// A valid zlib stream that inflates to 1 GiB of zeros (about 1 MiB): independent
    /// full-flushed deflate blocks of 1 MiB of zeros repeated, then the Adler-32 of the whole.
    static func zlibBomb() throws -> String {
        let folder = try cached("zlib-bomb-1GiB") { folder, runner in
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let program = """
                import struct, sys, zlib
                c = zlib.compressobj(9)
                zeros = bytes(1 << 20)
                head = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
                block = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
                n = 1 << 30
                with open(sys.argv[1], "wb") as f:
                    f.write(head)
                    for _ in range(1023):
                        f.write(block)
                    f.write(b"\\x03\\x00" + struct.pack(">I", ((n % 65521) << 16) | 1))
                """
            try runner.run("python3", ["-c", program, folder + "/bomb.zlib"], in: cacheRoot).requireSuccess()
        }
        return folder + "/bomb.zlib"
    }

    /// A small clinical-looking table.
    static func table(rows: Int, seed: Int) -> String {
        var text = "patient,slice,label,volume_ml\n"
        for row in 0..<rows {
            text +=
                "AIDA-0001-\(String(format: "%04d", row % 4)),\(row),\((row * seed) % 3),\(Double(row * seed) / 7)\n"
        }
        return text
    }

    /// `count` reproducible pseudo-random bytes (SplitMix64), different for each seed.
    static func bytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678
        var result = [UInt8]()
        result.reserveCapacity(count + 8)
        while result.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z.littleEndian) { result.append(contentsOf: $0) }
        }
        return Array(result.prefix(count))
    }

    /// The folder `cacheRoot/key`, made by `make` into a private folder and renamed into
    /// place, so a half-made fixture is never seen, by this process or another.
    private static func cached(_ key: String, make: (String, CommandRunner) throws -> Void) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        let final = cacheRoot + "/" + key
        if FileManager.default.fileExists(atPath: final) { return final }
        let logs = "\(cacheRoot)/logs-\(getpid())"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let partial = "\(final).partial-\(getpid())"
        try? FileManager.default.removeItem(atPath: partial)
        let runner = CommandRunner(
            environment: ProcessInfo.processInfo.environment.merging(["PATH": searchPath]) { _, new in new },
            logDirectory: logs)
        try make(partial, runner)
        try? FileManager.default.removeItem(atPath: logs)
        if rename(partial, final) != 0 {
            // Another process made it first; theirs is as good as ours.
            try? FileManager.default.removeItem(atPath: partial)
            try #require(FileManager.default.fileExists(atPath: final), "cannot place fixture \(final)")
        }
        return final
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && access(path, X_OK) == 0
    }

    private static func readlink(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }
}
