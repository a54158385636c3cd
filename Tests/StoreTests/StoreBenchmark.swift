import Foundation
import Store
import Testing

/// Throughput of the store on a real dataset; off unless `AIDA_STORE_BENCH` names a
/// folder of files. Run it optimized, beside the peers, e.g.:
///
///     python3 ../shared/bench/gen_dataset.py --out /tmp/ct --patients 20 --slices 100
///     AIDA_STORE_BENCH=/tmp/ct swift test -c release --filter StoreBenchmark
///
/// It inserts every file from 2 threads (`AIDA_STORE_BENCH_THREADS` to change) into a
/// fresh store beside the dataset (same disk), then reads and verifies everything, and
/// prints MB/s and the compression ratio.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["AIDA_STORE_BENCH"] != nil))
struct StoreBenchmark {
    static let threads = ProcessInfo.processInfo.environment["AIDA_STORE_BENCH_THREADS"].flatMap { Int($0) } ?? 2

    /// Runs `work(i)` for every i in 0..<count on `threads` threads; returns seconds taken.
    func timed(_ count: Int, _ work: @escaping @Sendable (Int) throws -> Void) throws -> Double {
        final class Next: @unchecked Sendable {
            let lock = NSLock()
            var value = 0
            var failure: Error?
        }
        let next = Next()
        let group = DispatchGroup()
        let start = Date()
        for _ in 0..<Self.threads {
            group.enter()
            Thread {
                while true {
                    let i = next.lock.withLock { () -> Int in
                        defer { next.value += 1 }
                        return next.failure == nil ? next.value : count
                    }
                    if i >= count { break }
                    do { try work(i) } catch { next.lock.withLock { next.failure = error } }
                }
                group.leave()
            }.start()
        }
        group.wait()
        if let failure = next.failure { throw failure }
        return Date().timeIntervalSince(start)
    }

    @Test func insertReadVerify() throws {
        let dataset = ProcessInfo.processInfo.environment["AIDA_STORE_BENCH"]!
        let files = (FileManager.default.enumerator(atPath: dataset)?.allObjects as? [String] ?? [])
            .map { dataset + "/" + $0 }
            .filter {
                (try? FileManager.default.attributesOfItem(atPath: $0)[.type] as? FileAttributeType) == .typeRegular
            }
            .sorted()
        let work = dataset + ".store-bench"
        try? FileManager.default.removeItem(atPath: work)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let store = ObjectStore(root: work + "/objects")

        final class Stored: @unchecked Sendable {
            let lock = NSLock()
            var objects: [StoredObject?]
            init(_ count: Int) { objects = Array(repeating: nil, count: count) }
        }
        let stored = Stored(files.count)
        let insertTime = try timed(files.count) { i in
            let object = try store.insert(fileAt: files[i])
            stored.lock.withLock { stored.objects[i] = object }
        }
        let objects = stored.objects.compactMap { $0 }
        let input = objects.reduce(Int64(0)) { $0 + $1.size }
        let output = try objects.reduce(Int64(0)) {
            $0 + ((try FileManager.default.attributesOfItem(atPath: store.path(for: $1.oid))[.size] as? Int64) ?? 0)
        }
        let readTime = try timed(objects.count) { i in
            var total = 0
            try store.read(objects[i].oid, size: objects[i].size) { total += $0.count }
            if total != Int(objects[i].size) {
                throw StoreError(.undersized(expected: objects[i].size, actual: Int64(total)))
            }
        }
        let verifyTime = try timed(objects.count) { i in try store.verify(objects[i].oid, size: objects[i].size) }
        let again = try timed(files.count) { i in _ = try store.insert(fileAt: files[i]) }

        let mb = Double(input) / 1e6
        func rate(_ seconds: Double) -> String { String(format: "%.2f s, %.0f MB/s", seconds, mb / seconds) }
        print(
            """
            store benchmark: \(files.count) files, \(String(format: "%.1f", mb)) MB, \(Self.threads) threads
              insert (new):     \(rate(insertTime))
              insert (present): \(rate(again))
              read:             \(rate(readTime))
              verify:           \(rate(verifyTime))
              stored \(String(format: "%.1f", Double(output) / 1e6)) MB, \(String(format: "%.2f", Double(input) / Double(output)))x smaller
            """)
        #expect(objects.count == files.count)
    }
}
