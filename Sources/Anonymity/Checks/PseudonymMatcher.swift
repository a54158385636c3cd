import Foundation

/// The profile's pseudonym pattern, with the answers remembered: a dataset's pseudonyms
/// repeat in every file of a patient, and a regular-expression match costs more than the
/// rest of an element's checks. Shared by every worker thread (a lock around the memo);
/// at most `capacity` answers about values of at most `longest` bytes are kept, then the
/// memo starts afresh.
final class PseudonymMatcher: @unchecked Sendable {
    private let pattern: Regex<AnyRegexOutput>
    private var memo: [String: Bool] = [:]
    private let lock = NSLock()
    static let capacity = 4096
    static let longest = 64

    init(pattern: String) throws {
        self.pattern = try Regex(pattern)
    }

    func matches(_ value: String) -> Bool {
        // Pseudonyms are short; a long value is matched, not remembered.
        if value.utf8.count > Self.longest { return (try? pattern.wholeMatch(in: value)) != nil }
        lock.lock()
        let known = memo[value]
        lock.unlock()
        if let known { return known }
        let answer = (try? pattern.wholeMatch(in: value)) != nil
        lock.lock()
        if memo.count >= Self.capacity { memo.removeAll(keepingCapacity: true) }
        memo[value] = answer
        lock.unlock()
        return answer
    }
}
