import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Waiting for something another process does: a file to grow, a lock to be taken.
enum Poll {
    /// Checks `condition` every millisecond until it holds; fails the test after `timeout` seconds.
    static func until(
        timeout: Double, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () throws -> Bool
    ) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !condition() {
            try #require(Date() < deadline, "condition not met within \(timeout) s", sourceLocation: sourceLocation)
            usleep(1000)
        }
    }

    /// The size of a file in bytes (0 when it cannot be read).
    static func size(of path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }
}
