import Foundation
import Store
import Testing

extension StoreSuite {
    /// git-lfs's own folder, `.git/lfs/objects`, holds objects uncompressed; the store
    /// reads and verifies them but never writes there.
    @Suite struct FallbackRoots {
        func lfsPath(_ box: Sandbox, _ oid: ObjectID) -> String {
            let hex = oid.hex
            return "lfs/objects/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)"
        }

        @Test(arguments: [1000, 17 << 20])
        func uncompressedObjectIsReadAndVerified(size: Int) throws {
            let box = try Sandbox(fallbackRoots: ["lfs/objects"])
            let data = testData(count: size, seed: 8, compressible: true)
            let oid = ObjectID.hash(of: data)
            let file = try box.write(data, to: lfsPath(box, oid))

            #expect(!box.store.contains(oid))
            #expect(box.store.locate(oid) == file)
            var back: [UInt8] = []
            try box.store.read(oid, size: Int64(size)) { back.append(contentsOf: $0) }
            #expect(back == data)
            try box.store.verify(oid, size: Int64(size))
            try box.store.verify(oid, size: nil)

            // Once the primary root has it, the primary copy is the one found.
            _ = try box.store.insert(bytes: data)
            #expect(box.store.locate(oid) == box.store.path(for: oid))
        }

        @Test func damagedUncompressedObjectIsDetected() throws {
            let box = try Sandbox(fallbackRoots: ["lfs/objects"])
            let data = testData(count: 5000, seed: 9)
            let oid = ObjectID.hash(of: data)
            let file = try box.write(data, to: lfsPath(box, oid))

            #expect(storeError { try box.store.verify(oid, size: 4999) }?.kind == .oversized(expected: 4999))
            #expect(
                storeError { try box.store.verify(oid, size: 5001) }?.kind == .undersized(expected: 5001, actual: 5000))

            try damage(file) { $0[2500] ^= 1 }
            var delivered = 0
            let error = storeError { try box.store.read(oid, size: 5000) { delivered += $0.count } }
            var flipped = data
            flipped[2500] ^= 1
            #expect(error?.kind == .hashMismatch(actual: ObjectID.hash(of: flipped)))
            #expect(error?.path == file)
            #expect(delivered == 0)
        }

        @Test func fallbackIsSearchedInOrder() throws {
            let box = try Sandbox(fallbackRoots: ["first", "second"])
            let data: [UInt8] = Array("hello".utf8)
            let oid = ObjectID.hash(of: data)
            let hex = oid.hex
            let second = try box.write(data, to: "second/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)")
            #expect(box.store.locate(oid) == second)
            let first = try box.write(data, to: "first/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)")
            #expect(box.store.locate(oid) == first)
        }
    }
}
