import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension StoreSuite {
    /// A 6.6 MB file that inflates to 1 GiB of zeros, stored under the id of those zeros.
    @Suite struct DecompressionBomb {
        static let gibibyte: Int64 = 1 << 30
        static let zerosOID = ObjectID(hex: "49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14")!

        /// Hand-made zlib stream: one fixed-Huffman block of a literal 0 followed by
        /// length-258, distance-1 copies (13 bits per 258 bytes), then the adler-32.
        /// Made by hand because zlib itself takes seconds to compress a GiB of zeros.
        static func zlibOfZeros(count: Int64) -> [UInt8] {
            var out: [UInt8] = [0x78, 0x01]
            out.reserveCapacity(Int(count / 258 * 13 / 8) + 64)
            var accumulator: UInt64 = 0
            var bits = 0
            func put(_ value: UInt64, _ width: Int) {
                accumulator |= value << UInt64(bits)
                bits += width
                while bits >= 8 {
                    out.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator >>= 8
                    bits -= 8
                }
            }
            // Huffman codes go most significant bit first: reverse them.
            func code(_ value: UInt64, _ width: Int) -> UInt64 {
                (0..<width).reduce(0) { $0 | (((value >> UInt64($1)) & 1) << UInt64(width - 1 - $1)) }
            }
            put(1, 1)  // BFINAL
            put(1, 2)  // BTYPE = fixed Huffman
            put(code(0x30, 8), 8)  // literal 0
            let copy258 = code(0xC5, 8)  // length symbol 285; distance code 0 is 5 zero bits
            var left = count - 1
            while left >= 258 {
                put(copy258, 13)
                left -= 258
            }
            for _ in 0..<left { put(code(0x30, 8), 8) }  // the last few as literals
            put(0, 7)  // end of block
            if bits > 0 { put(0, 8 - bits) }
            let adler = UInt32((count % 65521) << 16 | 1)
            out += [UInt8(adler >> 24), UInt8((adler >> 16) & 0xff), UInt8((adler >> 8) & 0xff), UInt8(adler & 0xff)]
            return out
        }

        @Test func handMadeStreamIsSound() throws {
            let box = try Sandbox()
            let file = try box.write(Self.zlibOfZeros(count: 100_000), to: "z")
            let check = try run(
                "/usr/bin/python3", "-c",
                "import sys,zlib;d=zlib.decompress(open(sys.argv[1],'rb').read());print(len(d),d.count(0))", file)
            #expect(check == "100000 100000\n")
        }

        @Test func bombIsRefusedWithinBoundedMemory() throws {
            let box = try Sandbox()
            let path = box.store.path(for: Self.zerosOID)
            try box.write(Self.zlibOfZeros(count: Self.gibibyte), to: "aida/objects/49/bc/\(Self.zerosOID.hex)")
            #expect(FileManager.default.fileExists(atPath: path))

            var delivered = 0
            var errors: [StoreError.Kind?] = []
            let growth = try peakResidentGrowth {
                // The pointer says 1000 bytes: inflation stops at 1001.
                errors.append(
                    storeError { try box.store.read(Self.zerosOID, size: 1000) { delivered += $0.count } }?.kind)
                errors.append(storeError { try box.store.verify(Self.zerosOID, size: 1000) }?.kind)
                // A pointer above the in-memory limit: streamed, stops at 20 MiB + 1.
                errors.append(
                    storeError { try box.store.read(Self.zerosOID, size: 20 << 20) { delivered += $0.count } }?.kind)
            }
            #expect(errors == [.oversized(expected: 1000), .oversized(expected: 1000), .oversized(expected: 20 << 20)])
            #expect(delivered == 0)

            // A 66 KB bomb is small enough for the in-memory path (libdeflate): it stops too.
            let small = ObjectID.hash(of: [1])
            try box.write(Self.zlibOfZeros(count: 10 << 20), to: "aida/objects/4b/f5/\(small.hex)")
            #expect(storeError { try box.store.verify(small, size: 100_000) }?.kind == .oversized(expected: 100_000))
            #expect(growth < 64 << 20, "peak resident size grew by \(growth >> 20) MiB")
        }
    }
}
