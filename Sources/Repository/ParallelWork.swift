import Dispatch
import Foundation

/// Runs independent jobs on every core and returns their results in input order.
///
/// Jobs are handed out one at a time from a shared counter, so a few large files do not leave
/// a core idle. Results are written to distinct slots, so no lock is held while a job runs.
enum ParallelWork {
    static func map<T>(_ count: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount, _ job: (Int) -> T)
        -> [T]
    {
        guard count > 0 else { return [] }
        let slots = Slots<T>(count: count)
        let workerCount = max(1, min(workers, count))
        withoutActuallyEscaping(job) { job in
            let shared = UncheckedBox(job)
            DispatchQueue.concurrentPerform(iterations: workerCount) { _ in
                while let index = slots.claim() {
                    slots.store(shared.value(index), at: index)
                }
            }
        }
        return slots.collect()
    }
}

private final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Result slots plus the counter that hands out the next job.
private final class Slots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<T?>
    private let lock = NSLock()
    private var next = 0

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < buffer.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ value: T, at index: Int) { buffer[index] = value }

    func collect() -> [T] { buffer.map { $0! } }
}
