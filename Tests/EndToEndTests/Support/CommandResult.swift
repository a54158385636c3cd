import Foundation
import Testing

/// What a finished command did: its exit status (or the signal that killed it) and its output.
struct CommandResult: CustomStringConvertible, Sendable {
    let command: [String]
    let directory: String
    /// The exit status; 128 + the signal number when a signal ended the process.
    let status: Int32
    /// The signal that ended the process, nil when it exited.
    let signal: Int32?
    let stdoutData: Data
    let stderrData: Data
    /// Wall-clock time from spawn to reap.
    let seconds: Double

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    /// stdout and stderr together, for "the message names the path" checks.
    var output: String { stdout + "\n" + stderr }
    var succeeded: Bool { status == 0 && signal == nil }

    /// Non-empty lines of stdout.
    var lines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    var description: String {
        let shown = command.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")
        let ending = signal.map { "killed by signal \($0)" } ?? "exit \(status)"
        return """
            $ \(shown)    (in \(directory))
            \(ending) after \(String(format: "%.2f", seconds)) s
            --- stdout (\(stdoutData.count) bytes)
            \(Self.tail(stdout))
            --- stderr (\(stderrData.count) bytes)
            \(Self.tail(stderr))
            """
    }

    /// Fails the test, showing the whole command and its output, unless the command exited 0.
    @discardableResult
    func requireSuccess(sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
        try #require(succeeded, "command failed:\n\(description)", sourceLocation: sourceLocation)
        return self
    }

    /// Fails the test unless the command exited with `code`.
    @discardableResult
    func requireStatus(_ code: Int32, sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
        try #require(
            status == code && signal == nil, "expected exit \(code):\n\(description)", sourceLocation: sourceLocation)
        return self
    }

    /// Decodes stdout as JSON.
    func json<T: Decodable>(_ type: T.Type, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: stdoutData)
        } catch {
            Issue.record("stdout is not the expected JSON (\(error)):\n\(description)", sourceLocation: sourceLocation)
            throw error
        }
    }

    private static func tail(_ text: String, limit: Int = 3000) -> String {
        text.count <= limit ? text : "…" + String(text.suffix(limit))
    }
}
