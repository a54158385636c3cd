import Foundation

/// NIfTI, gzip and TIFF files built byte by byte for the gate's tests, so every field,
/// offset and count can be set, broken or pointed elsewhere on purpose.
enum OtherFileBytes {
    static func put(_ value: UInt64, _ size: Int, bigEndian: Bool) -> [UInt8] {
        let little = (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
        return bigEndian ? little.reversed() : little
    }

    static func place(_ bytes: [UInt8], at offset: Int, in target: inout [UInt8]) {
        target.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    }

    static func text(_ value: String, _ width: Int) -> [UInt8] {
        Array((Array(value.utf8) + [UInt8](repeating: 0, count: width)).prefix(width))
    }

    /// Header extensions: each esize rounded up to 16 bytes, as the standard asks.
    static func extensionBytes(_ extensions: [(Int32, [UInt8])], bigEndian: Bool) -> [UInt8] {
        extensions.flatMap { code, content -> [UInt8] in
            let size = (8 + content.count + 15) / 16 * 16
            return put(UInt64(size), 4, bigEndian: bigEndian)
                + put(UInt64(UInt32(bitPattern: code)), 4, bigEndian: bigEndian)
                + content + [UInt8](repeating: 0, count: size - 8 - content.count)
        }
    }

    /// A NIfTI-1 file (or a pair's header when `single` is false) of 2x2x2 bytes.
    static func nifti1(
        descrip: String = "", auxFile: String = "", intentName: String = "", dbName: String = "",
        bigEndian: Bool = false, single: Bool = true, extensions: [(Int32, [UInt8])]? = nil, voxOffset: Float? = nil
    ) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 348)
        place(put(348, 4, bigEndian: bigEndian), at: 0, in: &header)
        place(text(dbName, 18), at: 14, in: &header)
        for (index, value) in [3, 2, 2, 2, 1, 1, 1, 1].enumerated() {
            place(put(UInt64(value), 2, bigEndian: bigEndian), at: 40 + 2 * index, in: &header)
        }
        place(put(2, 2, bigEndian: bigEndian), at: 70, in: &header)  // datatype: unsigned char
        place(put(8, 2, bigEndian: bigEndian), at: 72, in: &header)
        place(text(descrip, 80), at: 148, in: &header)
        place(text(auxFile, 24), at: 228, in: &header)
        place(text(intentName, 16), at: 328, in: &header)
        place(Array((single ? "n+1" : "ni1").utf8) + [0], at: 344, in: &header)
        let blocks = extensions.map { extensionBytes($0, bigEndian: bigEndian) } ?? []
        let offset = voxOffset ?? Float(single ? 352 + blocks.count : 0)
        place(put(UInt64(offset.bitPattern), 4, bigEndian: bigEndian), at: 108, in: &header)
        let extender: [UInt8] = extensions == nil ? [0, 0, 0, 0] : [1, 0, 0, 0]
        return header + extender + blocks + (single ? [UInt8](repeating: 7, count: 8) : [])
    }

    /// A NIfTI-2 file of 2x2x2 bytes.
    static func nifti2(
        descrip: String = "", auxFile: String = "", intentName: String = "", bigEndian: Bool = false,
        extensions: [(Int32, [UInt8])]? = nil
    ) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 540)
        place(put(540, 4, bigEndian: bigEndian), at: 0, in: &header)
        place(Array("n+2".utf8) + [0, 0x0D, 0x0A, 0x1A, 0x0A], at: 4, in: &header)
        place(put(2, 2, bigEndian: bigEndian), at: 12, in: &header)
        place(put(8, 2, bigEndian: bigEndian), at: 14, in: &header)
        for (index, value) in [3, 2, 2, 2, 1, 1, 1, 1].enumerated() {
            place(put(UInt64(value), 8, bigEndian: bigEndian), at: 16 + 8 * index, in: &header)
        }
        let blocks = extensions.map { extensionBytes($0, bigEndian: bigEndian) } ?? []
        place(put(UInt64(544 + blocks.count), 8, bigEndian: bigEndian), at: 168, in: &header)
        place(text(descrip, 80), at: 240, in: &header)
        place(text(auxFile, 24), at: 320, in: &header)
        place(text(intentName, 16), at: 508, in: &header)
        let extender: [UInt8] = extensions == nil ? [0, 0, 0, 0] : [1, 0, 0, 0]
        return header + extender + blocks + [UInt8](repeating: 7, count: 8)
    }

    /// gzip (RFC 1952) with stored deflate blocks, optionally naming the original file.
    static func gzip(_ data: [UInt8], fileName: String? = nil) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 8, fileName == nil ? 0 : 0x08, 0, 0, 0, 0, 0, 0xFF]
        if let fileName { out += Array(fileName.utf8) + [0] }
        var start = 0
        repeat {
            let end = min(start + 65535, data.count)
            let length = UInt16(end - start)
            out +=
                [end == data.count ? 1 : 0] + put(UInt64(length), 2, bigEndian: false)
                + put(UInt64(~length), 2, bigEndian: false) + data[start..<end]
            start = end
        } while start < data.count
        return out + put(UInt64(crc32(data)), 4, bigEndian: false) + put(UInt64(data.count), 4, bigEndian: false)
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
