import Foundation
import Store
import Testing

extension StoreSuite {
    /// Listing, dating and removing objects, for fsck and gc.
    @Suite struct Enumeration {
        @Test func listsObjectsAndStraysSeparately() throws {
            let box = try Sandbox()
            let stored = try (0..<3).map { try box.store.insert(bytes: [UInt8($0)]) }
            let a = stored[0].oid.hex
            let misplaced = ObjectID.hash(of: [9]).hex
            let root = box.objects
            let strays = [
                "\(root)/README",  // not a fan-out folder
                "\(root)/AB",  // uppercase: not our folder
                "\(root)/\(a.prefix(2))/\(a.dropFirst(2).prefix(2))/not-an-oid",
                "\(root)/\(a.prefix(2))/xyz",  // not a second-level folder
                "\(root)/00/00/\(misplaced)",  // a valid id in the wrong folder
            ]
            for name in [
                "README", "AB/cd/x", String(strays[2].dropFirst(root.count + 1)), "\(a.prefix(2))/xyz",
                "00/00/\(misplaced)",
            ] {
                try box.write([0], to: "aida/objects/\(name)")
            }

            let listing = try box.store.objects()

            #expect(listing.objects == stored.map(\.oid).sorted())
            #expect(listing.strays == strays.sorted())
        }

        @Test func emptyOrAbsentRootHoldsNothing() throws {
            let box = try Sandbox()
            let listing = try box.store.objects()
            #expect(listing.objects.isEmpty && listing.strays.isEmpty)
        }

        @Test func removeAndModificationDate() throws {
            let box = try Sandbox()
            let stored = try box.store.insert(bytes: [1, 2, 3])
            let date = try box.store.modificationDate(of: stored.oid)
            #expect(abs(date.timeIntervalSinceNow) < 60)

            try box.store.remove(stored.oid)

            #expect(!box.store.contains(stored.oid))
            #expect(try box.store.objects().objects.isEmpty)
            #expect(storeError { try box.store.remove(stored.oid) }?.kind == .missing)
            #expect(storeError { _ = try box.store.modificationDate(of: stored.oid) }?.kind == .missing)
            // It can be stored again afterwards.
            #expect(try box.store.insert(bytes: [1, 2, 3]).written)
        }
    }
}
