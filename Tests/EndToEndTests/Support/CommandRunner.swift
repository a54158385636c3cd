import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts commands with posix_spawn in a fixed environment, stdout and stderr captured in
/// files (no pipes, so a chatty child never blocks), stdin from a file or /dev/null.
///
/// Each child gets its own process group, default signal dispositions and an empty signal
/// mask, so what the test runner ignores (SIGPIPE) does not leak into the child.
final class CommandRunner {
    /// The environment every child gets; nothing is inherited from the test process.
    let environment: [String: String]
    /// Where captured output goes, one pair of files per command.
    let logDirectory: String
    private var counter = 0

    init(environment: [String: String], logDirectory: String) {
        self.environment = environment
        self.logDirectory = logDirectory
    }

    /// Runs a command to completion. `executable` is a path or a name looked up in PATH.
    /// The child is killed (and the test fails on the result) if it outlives `timeout`.
    func run(
        _ executable: String, _ arguments: [String], in directory: String, stdin: Data? = nil,
        environment extra: [String: String] = [:], timeout: Double = 180
    ) throws -> CommandResult {
        try start(executable, arguments, in: directory, stdin: stdin, environment: extra).wait(timeout: timeout)
    }

    /// Starts a command and returns at once.
    func start(
        _ executable: String, _ arguments: [String], in directory: String, stdin: Data? = nil,
        environment extra: [String: String] = [:]
    ) throws -> RunningProcess {
        counter += 1
        let base = "\(logDirectory)/\(counter)-\((executable as NSString).lastPathComponent)"
        let stdinPath: String
        if let stdin {
            stdinPath = base + ".in"
            try stdin.write(to: URL(fileURLWithPath: stdinPath))
        } else {
            stdinPath = "/dev/null"
        }
        var env = environment
        env.merge(extra) { _, new in new }
        let path = try resolve(executable, searchPath: env["PATH"] ?? "/usr/bin:/bin")
        let argv = [path] + arguments
        let pid = try Self.spawn(
            path, argv: argv, environment: env, directory: directory, stdin: stdinPath,
            stdout: base + ".out", stderr: base + ".err")
        return RunningProcess(
            pid: pid, command: [executable] + arguments, directory: directory, stdoutPath: base + ".out",
            stderrPath: base + ".err")
    }

    /// The full path of `name`: itself when it has a slash, else the first match in `searchPath`.
    func resolve(_ name: String, searchPath: String) throws -> String {
        if name.contains("/") { return name }
        for folder in searchPath.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw POSIXError(.ENOENT, message: "\(name) is not on PATH (\(searchPath))")
    }

    private static func spawn(
        _ path: String, argv: [String], environment: [String: String], directory: String, stdin: String,
        stdout: String, stderr: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard let addChdir = Self.addChdir else {
            throw POSIXError(.ENOSYS, message: "posix_spawn_file_actions_addchdir_np is not available")
        }
        _ = addChdir(&actions, directory)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, path, &actions, &attributes, cArguments, cEnvironment)
        guard code == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO, message: "cannot start \(path) in \(directory)")
        }
        return pid
    }
}

extension CommandRunner {
    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>)
        -> Int32

    /// glibc 2.29+ and macOS have it, but Swift's Glibc module does not declare it.
    private static let addChdir: AddChdir? = {
        #if canImport(Darwin)
            let handle = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
        #else
            let handle: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
        #endif
        guard let symbol = dlsym(handle, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()
}

extension POSIXError {
    init(_ code: POSIXErrorCode, message: String) {
        self.init(code, userInfo: [NSLocalizedDescriptionKey: message])
    }
}
