/// Bounds-checked loads of little- or big-endian integers from a buffer. Every
/// read names how many bytes it needs, so a short buffer is an error, not a crash.
struct ByteReader {
    let raw: UnsafeRawBufferPointer
    let bigEndian: Bool

    var count: Int { raw.count }

    func available(at offset: Int) -> Int { Swift.max(0, raw.count - offset) }

    func has(_ length: Int, at offset: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= raw.count && raw.count - offset >= length
    }

    func u16(_ offset: Int) -> UInt16 {
        let value = raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: value) : UInt16(littleEndian: value)
    }

    func u32(_ offset: Int) -> UInt32 {
        let value = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return bigEndian ? UInt32(bigEndian: value) : UInt32(littleEndian: value)
    }

    /// A tag is two 16-bit numbers, each in the transfer syntax's byte order.
    func tag(_ offset: Int) -> Tag {
        Tag(group: u16(offset), element: u16(offset + 2))
    }

    subscript(offset: Int) -> UInt8 { raw[offset] }

    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: raw[range])
    }

    /// Same buffer, other byte order (CP-246 content is always implicit little endian).
    func with(bigEndian: Bool) -> ByteReader { ByteReader(raw: raw, bigEndian: bigEndian) }
}
