import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A temporary folder for one test, with its own HOME (a `.gitconfig` with a user, `main` as
/// the default branch and `git lfs install` run in it) and a clean environment for every
/// command: nothing comes from the test process but PATH. Removed, with anything mounted in
/// it unmounted, when the test ends (kept when `AIDA_E2E_KEEP` is set).
final class Sandbox {
    let root: String
    let home: String
    let tmp: String
    let aidaBinary: String
    let runner: CommandRunner
    private var mounts: [String] = []

    init(_ name: String = #function) throws {
        aidaBinary = try #require(
            Fixtures.aidaBinary,
            "no aida executable beside the test bundle; build it first: swift build --scratch-path <same as swift test>"
        )
        let tag = name.prefix(while: { $0.isLetter || $0.isNumber }).prefix(40)
        var template = Array("/tmp/aida-e2e-\(tag)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO, message: "mkdtemp failed") }
        root = String(cString: made)
        home = root + "/home"
        tmp = root + "/tmp"
        // Traversable by others: some tests run aida as user nobody.
        chmod(root, 0o755)
        for folder in [home, tmp, root + "/.logs"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        chmod(home, 0o755)
        chmod(tmp, 0o1777)
        let environment = [
            "HOME": home, "PATH": Fixtures.searchPath, "TMPDIR": tmp, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0", "GIT_CEILING_DIRECTORIES": (root as NSString).deletingLastPathComponent,
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC", "NO_COLOR": "1", "TERM": "dumb",
        ]
        runner = CommandRunner(environment: environment, logDirectory: root + "/.logs")
        try """
        [user]
        \tname = AIDA End-to-End
        \temail = e2e@aida.invalid
        [init]
        \tdefaultBranch = main
        [safe]
        \tdirectory = *
        [advice]
        \tdetachedHead = false
        [core]
        \tautocrlf = false

        """.write(toFile: home + "/.gitconfig", atomically: true, encoding: .utf8)
        chmod(home + "/.gitconfig", 0o644)
        try run("git", ["lfs", "install", "--skip-repo"], in: home).requireSuccess()
    }

    deinit {
        for mount in mounts.reversed() {
            if (try? run("umount", [mount], in: "/"))?.succeeded != true {
                _ = try? run("umount", ["-l", mount], in: "/")
            }
        }
        if let keep = ProcessInfo.processInfo.environment["AIDA_E2E_KEEP"], !keep.isEmpty {
            print("kept sandbox \(root)")
            return
        }
        _ = try? run("chmod", ["-R", "u+rwX", root], in: "/")
        try? FileManager.default.removeItem(atPath: root)
    }

    /// `root/relative`.
    func path(_ relative: String) -> String { root + "/" + relative }

    /// Runs any command in the sandbox's environment.
    @discardableResult
    func run(
        _ executable: String, _ arguments: [String], in directory: String, stdin: Data? = nil,
        environment: [String: String] = [:], timeout: Double = 180
    ) throws -> CommandResult {
        try runner.run(
            executable, arguments, in: directory, stdin: stdin, environment: environment, timeout: timeout)
    }

    /// Starts any command and returns at once.
    func start(_ executable: String, _ arguments: [String], in directory: String) throws -> RunningProcess {
        try runner.start(executable, arguments, in: directory)
    }

    /// Runs the built `aida`.
    @discardableResult
    func aida(_ arguments: String..., in directory: String, timeout: Double = 180) throws -> CommandResult {
        try run(aidaBinary, arguments, in: directory, timeout: timeout)
    }

    /// Runs stock `git`.
    @discardableResult
    func git(_ arguments: String..., in directory: String, stdin: Data? = nil) throws -> CommandResult {
        try run("git", arguments, in: directory, stdin: stdin)
    }

    /// Runs `git` and returns its trimmed stdout, failing the test if it fails.
    func gitOutput(_ arguments: String..., in directory: String) throws -> String {
        try run("git", arguments, in: directory).requireSuccess().stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Copies the contents of `source` into `destination` (made if missing).
    func copyContents(of source: String, to destination: String) throws {
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        try run("cp", ["-R", source + "/.", destination], in: root).requireSuccess()
    }

    /// Creates a dataset with `aida init` and copies `data` into it; returns its path.
    func makeDataset(_ name: String = "repo", copying data: String? = nil) throws -> String {
        try aida("init", name, in: root).requireSuccess()
        let repo = path(name)
        if let data { try copyContents(of: data, to: repo) }
        return repo
    }

    /// Writes an anonymization profile into `repo` that lets every file through the gate,
    /// for tests of storage and history that use random bytes, which the gate refuses.
    func permitAnyFile(in repo: String) throws {
        let profile = try aida("profile", "default", in: root).requireSuccess().stdout
        let permissive = profile.replacingOccurrences(
            of: "allowed-files: []",
            with: "allowed-files:\n  - pattern: \"*\"\n    reason: storage tests, random bytes with no patient data")
        precondition(permissive != profile, "the default profile no longer says allowed-files: []")
        try write(permissive, to: repo + "/anonymization-profile.yaml")
    }

    /// Writes `bytes` to `path`, making its folder.
    func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func write(_ text: String, to path: String) throws { try write(Array(text.utf8), to: path) }

    /// Mounts a tmpfs of `size` (e.g. "8m") on `folder`, unmounted when the sandbox goes.
    /// Returns the reason when mounting is not permitted here.
    func mountTmpfs(at folder: String, size: String) throws -> String? {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let result = try run("mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", folder], in: root)
        guard result.succeeded else {
            return "cannot mount a tmpfs here: " + result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        mounts.append(folder)
        return nil
    }
}
