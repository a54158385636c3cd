import Foundation
import Testing

/// The peak resident set size of one `aida` run: measured by `/usr/bin/time -v` when it is
/// installed, else by a Python wrapper reading `getrusage(RUSAGE_CHILDREN)`.
enum PeakMemory {
    static let timeCommand = "/usr/bin/time"
    static var method: String {
        FileManager.default.isExecutableFile(atPath: timeCommand) ? "/usr/bin/time -v" : "python3 getrusage"
    }

    /// Runs `aida arguments` in `directory`; returns its peak RSS in bytes and its result.
    static func measure(_ sandbox: Sandbox, _ arguments: [String], in directory: String) throws -> (Int, CommandResult)
    {
        let report = sandbox.tmp + "/peak-\(UUID().uuidString)"
        let result: CommandResult
        if FileManager.default.isExecutableFile(atPath: timeCommand) {
            result = try sandbox.run(
                timeCommand, ["-v", "-o", report, sandbox.aidaBinary] + arguments, in: directory)
        } else {
            let wrapper = """
                import resource, subprocess, sys
                code = subprocess.call(sys.argv[2:])
                open(sys.argv[1], "w").write("Maximum resident set size (kbytes): %d\\n"
                    % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
                sys.exit(code)
                """
            result = try sandbox.run("python3", ["-c", wrapper, report, sandbox.aidaBinary] + arguments, in: directory)
        }
        let text = try String(contentsOfFile: report, encoding: .utf8)
        let line = try #require(
            text.split(separator: "\n").first { $0.contains("Maximum resident set size") }, "no RSS in \(text)")
        let kilobytes = try #require(Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? ""))
        return (kilobytes * 1024, result)
    }
}
