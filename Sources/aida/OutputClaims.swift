import Foundation

/// Which input owns each output path when several map to the same one (the same SOP
/// Instance UID in two files): the first input in walk order, whatever order the workers
/// finish in, so a run's output does not depend on scheduling. Writes of one path are
/// serialized; an input that loses is reported as a duplicate.
final class OutputClaims: @unchecked Sendable {
    private var owners: [String: (index: Int, lock: NSLock)] = [:]
    private let lock = NSLock()

    /// Runs `write` unless an earlier input owns `path`; false when it did not run.
    func write(_ path: String, index: Int, _ write: () throws -> Void) rethrows -> Bool {
        lock.lock()
        if let owner = owners[path], owner.index < index {
            lock.unlock()
            return false
        }
        let pathLock = owners[path]?.lock ?? NSLock()
        owners[path] = (index, pathLock)
        lock.unlock()
        pathLock.lock()
        defer { pathLock.unlock() }
        // An earlier input may have claimed the path while this one waited.
        guard owner(of: path) == index else { return false }
        try write()
        return true
    }

    func owner(of path: String) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return owners[path]?.index
    }
}
