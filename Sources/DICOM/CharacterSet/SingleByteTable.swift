import Synchronization

/// The 256 characters of a single-byte code page, read once from glibc iconv.
///
/// glibc and Python agree on every ISO 8859 part, the Windows code pages and KOI8; the
/// only difference is TIS-620 (ISO_IR 166), where Python passes 0x80-0x9F through as
/// the C1 controls and glibc rejects them.
struct SingleByteTable: Sendable {
    /// Scalar value per byte; `unmapped` where the code page has no character.
    private let scalars: [UInt32]
    private static let unmapped = UInt32.max

    private init(codec: Codec) {
        var scalars = [UInt32](repeating: Self.unmapped, count: 256)
        for byte in 0..<0x80 { scalars[byte] = UInt32(byte) }
        if codec == .latin1 {
            for byte in 0x80..<0x100 { scalars[byte] = UInt32(byte) }
        } else if let converter = Iconv.decoder(for: codec.iconvName) {
            for byte in 0x80..<0x100 {
                scalars[byte] = converter.scalar(of: [UInt8(byte)]) ?? Self.unmapped
            }
        }
        if codec == .tis620 {
            for byte in 0x80..<0xA0 { scalars[byte] = UInt32(byte) }
        }
        self.scalars = scalars
    }

    /// Decodes like Python's charmap codecs: each unmapped byte is one error, so one
    /// U+FFFD when replacing. Returns false at the first error when not replacing.
    func decode(
        _ bytes: ArraySlice<UInt8>, into output: inout String.UnicodeScalarView, replacing: Bool
    ) -> Bool {
        for byte in bytes {
            let value = scalars[Int(byte)]
            if value == Self.unmapped {
                guard replacing else { return false }
                output.append("\u{FFFD}")
            } else {
                output.append(Unicode.Scalar(value)!)
            }
        }
        return true
    }

    /// The byte for each scalar the code page can represent, for encoding.
    var encodingMap: [UInt32: UInt8] {
        var map: [UInt32: UInt8] = [:]
        for (byte, value) in scalars.enumerated() where value != Self.unmapped {
            map[value] = map[value] ?? UInt8(byte)
        }
        return map
    }

    /// Built on first use of each code page, then shared read-only by all threads.
    static func table(for codec: Codec) -> SingleByteTable {
        cache.withLock { tables in
            if let table = tables[codec] { return table }
            let table = SingleByteTable(codec: codec)
            tables[codec] = table
            return table
        }
    }

    private static let cache = Mutex<[Codec: SingleByteTable]>([:])
}
