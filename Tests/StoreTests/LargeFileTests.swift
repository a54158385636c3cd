import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension StoreSuite {
    /// A file far above the in-memory limit goes in and comes out through fixed buffers.
    @Suite struct LargeFiles {
        static let size: Int64 = 128 << 20
        /// sha256 of 128 MiB of zeros.
        static let oid = ObjectID(hex: "254bcc3fc4f27172636df4bf32de9f107f620d559b20d760197e452b97453917")!

        @Test func insertAndReadStayWithinBoundedMemory() throws {
            let box = try Sandbox()
            // A sparse file: 128 MiB of zeros that costs no disk and reads fast.
            let path = box.path + "/big.raw"
            let fd = open(path, O_WRONLY | O_CREAT, 0o644)
            #expect(ftruncate(fd, off_t(Self.size)) == 0)
            close(fd)

            var stored: StoredObject?
            var delivered: Int64 = 0
            var nonZero = 0
            let growth = try peakResidentGrowth {
                stored = try box.store.insert(fileAt: path)
                try box.store.read(Self.oid, size: Self.size) { piece in
                    delivered += Int64(piece.count)
                    nonZero += piece.reduce(0) { $0 | Int($1) }
                }
                try box.store.verify(Self.oid, size: nil)
            }
            #expect(stored?.oid == Self.oid && stored?.size == Self.size && stored?.written == true)
            #expect(delivered == Self.size && nonZero == 0)
            #expect(growth < 64 << 20, "peak resident size grew by \(growth >> 20) MiB")
        }
    }
}
