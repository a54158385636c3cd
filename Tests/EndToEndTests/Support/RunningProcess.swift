import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child started by ``CommandRunner``: signal it, ask whether it is still running, wait for it.
final class RunningProcess {
    let pid: pid_t
    let command: [String]
    let directory: String
    private let stdoutPath: String
    private let stderrPath: String
    private let started = Date()
    /// The raw wait status, once reaped.
    private var waitStatus: Int32?

    init(pid: pid_t, command: [String], directory: String, stdoutPath: String, stderrPath: String) {
        self.pid = pid
        self.command = command
        self.directory = directory
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    deinit {
        // Never leave a child behind, even when a test stops early.
        if waitStatus == nil {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// True once the child has ended (reaps it without blocking).
    var hasExited: Bool {
        if waitStatus != nil { return true }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid { waitStatus = status }
        return waitStatus != nil
    }

    /// Sends `signal` to the child alone (not its group).
    func send(_ signal: Int32) {
        if waitStatus == nil { kill(pid, signal) }
    }

    /// Sends `signal` to the child and whatever it started.
    func sendToGroup(_ signal: Int32) {
        if waitStatus == nil { kill(-pid, signal) }
    }

    /// Waits for the child to end; after `timeout` seconds it and its group are killed.
    func wait(timeout: Double = 180) throws -> CommandResult {
        let deadline = Date().addingTimeInterval(timeout)
        var pause: UInt32 = 200
        while !hasExited {
            if Date() > deadline {
                Issue.record("timed out after \(timeout) s, killed: \(command.joined(separator: " "))")
                sendToGroup(SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                waitStatus = status
                break
            }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
        let status = waitStatus ?? 0
        let signalNumber = status & 0x7f
        let exited = signalNumber == 0
        return CommandResult(
            command: command, directory: directory,
            status: exited ? (status >> 8) & 0xff : 128 + signalNumber, signal: exited ? nil : signalNumber,
            stdoutData: (try? Data(contentsOf: URL(fileURLWithPath: stdoutPath))) ?? Data(),
            stderrData: (try? Data(contentsOf: URL(fileURLWithPath: stderrPath))) ?? Data(),
            seconds: Date().timeIntervalSince(started))
    }
}
