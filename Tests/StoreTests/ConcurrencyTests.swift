import Foundation
import Store
import Testing

extension StoreSuite {
    @Suite struct Concurrency {
        /// Collects what the writer threads report.
        final class Results: @unchecked Sendable {
            private let lock = NSLock()
            private var items: [Result<StoredObject, Error>] = []
            func add(_ item: Result<StoredObject, Error>) { lock.withLock { items.append(item) } }
            var all: [Result<StoredObject, Error>] { lock.withLock { items } }
        }

        /// Eight threads insert the same file at once, on both the in-memory and the
        /// streaming path: all succeed, one valid object remains, no temp file is left.
        @Test(arguments: [3 << 20, 17 << 20])
        func concurrentInsertsOfOneObject(size: Int) throws {
            let box = try Sandbox()
            let data = testData(count: size, seed: 11, compressible: true)
            let file = try box.write(data, to: "same.dcm")
            let store = box.store
            let results = Results()
            let start = DispatchSemaphore(value: 0)
            let done = DispatchGroup()
            for _ in 0..<8 {
                done.enter()
                Thread {
                    start.wait()
                    results.add(Result { try store.insert(fileAt: file) })
                    done.leave()
                }.start()
            }
            for _ in 0..<8 { start.signal() }
            done.wait()

            let stored = try results.all.map { try $0.get() }
            #expect(stored.count == 8)
            let oid = ObjectID.hash(of: data)
            #expect(stored.allSatisfy { $0.oid == oid && $0.size == Int64(size) })
            #expect(stored.contains { $0.written })
            let listing = try store.objects()
            #expect(listing.objects == [oid] && listing.strays.isEmpty)
            try store.verify(oid, size: Int64(size))
            #expect(box.temporaryFiles().isEmpty)
        }

        /// Many threads read and verify different objects of one store at once.
        @Test func concurrentReadsOfManyObjects() throws {
            let box = try Sandbox()
            let store = box.store
            let objects = try (0..<16).map { i in
                let data = testData(count: 200_000 + i, seed: UInt64(i), compressible: true)
                return (try store.insert(bytes: data), data)
            }
            let failures = Results()
            DispatchQueue.concurrentPerform(iterations: objects.count) { i in
                let (stored, data) = objects[i]
                var back: [UInt8] = []
                do {
                    try store.read(stored.oid, size: stored.size) { back.append(contentsOf: $0) }
                    try store.verify(stored.oid, size: nil)
                    if back != data { failures.add(.failure(POSIXError(.EIO))) }
                } catch {
                    failures.add(.failure(error))
                }
            }
            #expect(failures.all.isEmpty)
        }
    }
}
