import Foundation
import Store
import Testing

extension StoreSuite {
    /// Each kind of damage to a stored object is detected by `read` and `verify`, named
    /// by its own kind, and never lets a byte reach the caller.
    @Suite struct Corruption {
        /// Reads `oid` expecting failure; returns the error and how many bytes leaked out.
        func failingRead(_ store: ObjectStore, _ oid: ObjectID, size: Int64) -> (StoreError?, Int) {
            var delivered = 0
            let error = storeError { try store.read(oid, size: size) { delivered += $0.count } }
            return (error, delivered)
        }

        /// Stores test data once, then for each change damages a fresh copy of the object
        /// file and checks `read` and `verify`. `random` data makes deflate use stored
        /// blocks, in which a flipped byte still inflates and only the adler-32 check (or
        /// the hash) can catch it.
        func expectDamage(
            size: Int, random: Bool = false, pointerSize: Int64? = nil, _ changes: [(inout [UInt8]) -> Void],
            _ matches: (StoreError.Kind) -> Bool
        ) throws {
            let box = try Sandbox()
            let stored = try box.store.insert(bytes: testData(count: size, seed: 5, compressible: !random))
            let path = box.store.path(for: stored.oid)
            let pristine = try contents(of: path)
            let claimed = pointerSize ?? stored.size
            for change in changes {
                try damage(path) { bytes in
                    bytes = pristine
                    change(&bytes)
                }
                let (error, delivered) = failingRead(box.store, stored.oid, size: claimed)
                #expect(delivered == 0, "unverified bytes reached the caller")
                let kind = try #require(error?.kind)
                #expect(matches(kind), "got \(kind)")
                #expect(error?.isCorruption == true)
                #expect(error?.oid == stored.oid && error?.path == path)
                #expect(error?.description.contains(stored.oid.hex) == true)
                #expect(error?.description.contains(path) == true)
                let verifyError = storeError { try box.store.verify(stored.oid, size: claimed) }
                #expect(verifyError?.kind == kind)
            }
        }

        static let sizes = [1 << 20, 17 << 20]

        @Test(arguments: sizes) func flippedByteIsCorruptStream(size: Int) throws {
            try expectDamage(size: size, random: true, [{ $0[$0.count / 2] ^= 0x40 }]) {
                if case .corruptStream(let message) = $0 { return message == "incorrect data check" }
                return false
            }
        }

        @Test(arguments: sizes) func cutFileIsTruncated(size: Int) throws {
            let cuts: [(inout [UInt8]) -> Void] = [
                { $0.removeLast(10) }, { $0.removeLast($0.count / 2) }, { $0.removeAll() },
            ]
            try expectDamage(size: size, cuts) { $0 == .truncated }
        }

        @Test(arguments: sizes) func appendedBytesAreTrailingBytes(size: Int) throws {
            let appends: [(inout [UInt8]) -> Void] = [
                { $0.append(0) }, { $0 += [UInt8](repeating: 7, count: 300_000) },
            ]
            try expectDamage(size: size, appends) { $0 == .trailingBytes }
        }

        @Test(arguments: sizes) func pointerSizeTooSmallIsOversized(size: Int) throws {
            try expectDamage(size: size, pointerSize: Int64(size - 1), [{ _ in }]) {
                $0 == .oversized(expected: Int64(size - 1))
            }
        }

        @Test(arguments: sizes) func pointerSizeTooLargeIsUndersized(size: Int) throws {
            let claimed = Int64(size + 5)
            try expectDamage(size: size, pointerSize: claimed, [{ _ in }]) {
                $0 == .undersized(expected: claimed, actual: Int64(size))
            }
        }

        /// A sound zlib stream of other content under the oid: only the hash can tell.
        @Test(arguments: sizes) func otherContentIsHashMismatch(size: Int) throws {
            let box = try Sandbox()
            let wanted = try box.store.insert(bytes: testData(count: size, seed: 1, compressible: true))
            let other = try box.store.insert(bytes: testData(count: size, seed: 2, compressible: true))
            let path = box.store.path(for: wanted.oid)
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: box.store.path(for: other.oid), toPath: path)

            let (error, delivered) = failingRead(box.store, wanted.oid, size: wanted.size)
            #expect(delivered == 0)
            #expect(error?.kind == .hashMismatch(actual: other.oid))
            #expect(
                storeError { try box.store.verify(wanted.oid, size: nil) }?.kind == .hashMismatch(actual: other.oid))
        }

        @Test func missingObjectIsMissing() throws {
            let box = try Sandbox()
            let oid = ObjectID.hash(of: [42])
            let (error, _) = failingRead(box.store, oid, size: 1)
            #expect(error?.kind == .missing)
            #expect(error?.isCorruption == false)
            #expect(error?.path == box.store.path(for: oid))
            #expect(storeError { try box.store.verify(oid, size: nil) }?.kind == .missing)
            #expect(!box.store.contains(oid) && box.store.locate(oid) == nil)
        }

        @Test func garbageIsCorruptStream() throws {
            let box = try Sandbox()
            let stored = try box.store.insert(bytes: testData(count: 1000, seed: 9))
            try damage(box.store.path(for: stored.oid)) { $0 = Array("not zlib at all".utf8) }
            let error = storeError { try box.store.verify(stored.oid, size: stored.size) }
            #expect(error?.kind == .corruptStream(message: "incorrect header check"))
        }
    }
}
