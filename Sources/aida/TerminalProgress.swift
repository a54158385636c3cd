import Foundation
import Repository

/// A one-line progress counter on stderr, shown only when stderr is a terminal and at most
/// ten times a second, so pipes and logs get none of it.
final class TerminalProgress: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(_ label: String) { self.label = label }

    /// The handler to pass to a command, or nil when stderr is not a terminal.
    var handler: ProgressHandler? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { [self] done, total in self.draw(done, total) }
    }

    private func draw(_ done: Int, _ total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total)\u{1B}[K".utf8))
    }

    /// Clears the line before the command prints its result.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
