import Foundation

/// Called with the number of items done and the total, from any thread.
public typealias ProgressHandler = @Sendable (_ done: Int, _ total: Int) -> Void

/// Counts finished items across worker threads and reports each step to a handler.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let handler: ProgressHandler?

    init(total: Int, handler: ProgressHandler?) {
        self.total = total
        self.handler = handler
    }

    func step() {
        guard let handler else { return }
        lock.lock()
        done += 1
        let now = done
        lock.unlock()
        handler(now, total)
    }
}
