import Foundation
import Store
import Testing

extension StoreSuite {
    /// Objects inserted through a batch appear only when it commits, all durable at once.
    @Suite struct Batch {
        @Test func objectsAppearOnlyAtCommit() throws {
            let box = try Sandbox()
            let files = try (0..<5).map { i in
                try box.write(testData(count: 1000 + i, seed: UInt64(i), compressible: true), to: "work/\(i).dcm")
            }
            let batch = StoreBatch(box.store)
            let stored = try files.map { try batch.insert(fileAt: $0) }
            #expect(stored.allSatisfy { $0.written })
            #expect(stored.allSatisfy { !box.store.contains($0.oid) })
            #expect(batch.count == 5)
            #expect(box.temporaryFiles().count == 5)

            try batch.commit()
            #expect(batch.count == 0)
            #expect(box.temporaryFiles().isEmpty)
            for (object, file) in zip(stored, files) {
                var read: [UInt8] = []
                try box.store.read(object.oid, size: object.size) { read += $0 }
                let expected = try contents(of: file)
                #expect(read == expected)
            }
        }

        @Test func identicalContentIsWrittenOnce() throws {
            let box = try Sandbox()
            let data = testData(count: 5000, seed: 7, compressible: false)
            let a = try box.write(data, to: "work/a.dcm")
            let b = try box.write(data, to: "work/b.dcm")
            let batch = StoreBatch(box.store)
            let first = try batch.insert(fileAt: a)
            let second = try batch.insert(fileAt: b)
            #expect(first.oid == second.oid)
            #expect(first.written && !second.written)
            try batch.commit()
            #expect(box.store.contains(first.oid))
            #expect(try box.store.objects().objects == [first.oid])
        }

        @Test func discardLeavesNothing() throws {
            let box = try Sandbox()
            let file = try box.write(testData(count: 3000, seed: 3, compressible: true), to: "work/x.dcm")
            let batch = StoreBatch(box.store)
            let stored = try batch.insert(fileAt: file)
            batch.discard()
            #expect(box.temporaryFiles().isEmpty)
            #expect(!box.store.contains(stored.oid))
            try batch.commit()  // nothing left to publish
            #expect(try box.store.objects().objects.isEmpty)
        }

        @Test func concurrentInsertsIntoOneBatch() throws {
            let box = try Sandbox()
            let files = try (0..<40).map { i in
                try box.write(testData(count: 20_000, seed: UInt64(i % 10), compressible: true), to: "work/\(i).dcm")
            }
            let batch = StoreBatch(box.store)
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                _ = try? batch.insert(fileAt: files[i])
            }
            #expect(batch.count == 10)
            try batch.commit()
            let listing = try box.store.objects()
            #expect(listing.objects.count == 10)
            for oid in listing.objects { try box.store.verify(oid, size: 20_000) }
            #expect(box.temporaryFiles().isEmpty)
        }
    }
}
