/// GB18030 four-byte sequences for the Basic Multilingual Plane, by linear index
/// `((b1 - 0x81) * 10 + (b2 - 0x30)) * 1260 + (b3 - 0x81) * 10 + (b4 - 0x30)` below
/// 39420, read once from glibc iconv. (Sequences from 0x90308130 up are plain arithmetic
/// on the supplementary planes and need no table.)
struct GB18030FourByteTable: Sendable {
    static let count = 39420

    /// BMP scalar per linear index; 0 where glibc maps nothing.
    private let scalars: [UInt16]

    subscript(index: Int) -> UInt32? {
        let value = scalars[index]
        return value == 0 ? nil : UInt32(value)
    }

    static let shared = GB18030FourByteTable()

    private init() {
        var scalars = [UInt16](repeating: 0, count: Self.count)
        if let converter = Iconv.decoder(for: "GB18030") {
            for index in 0..<Self.count {
                if let value = converter.scalar(of: Self.bytes(of: index)), value <= 0xFFFF {
                    scalars[index] = UInt16(value)
                }
            }
        }
        // Python keeps GB18030-2000 here: the characters GB18030-2005 (glibc) moved to
        // two-byte codes still have these four-byte codes, and 0x8135F437 is U+1E3F.
        for (code, value) in Self.pythonMappings {
            scalars[Self.index(of: code)] = value
        }
        self.scalars = scalars
    }

    private static let pythonMappings: [(UInt32, UInt16)] = [
        (0x8135_F437, 0x1E3F),
        (0x8235_9037, 0x9FB4), (0x8235_9038, 0x9FB5), (0x8235_9039, 0x9FB6),
        (0x8235_9130, 0x9FB7), (0x8235_9131, 0x9FB8), (0x8235_9132, 0x9FB9),
        (0x8235_9133, 0x9FBA), (0x8235_9134, 0x9FBB),
        (0x8431_8236, 0xFE10), (0x8431_8237, 0xFE11), (0x8431_8238, 0xFE12),
        (0x8431_8239, 0xFE13), (0x8431_8330, 0xFE14), (0x8431_8331, 0xFE15),
        (0x8431_8332, 0xFE16), (0x8431_8333, 0xFE17), (0x8431_8334, 0xFE18),
        (0x8431_8335, 0xFE19),
    ]

    private static func bytes(of index: Int) -> [UInt8] {
        [UInt8(0x81 + index / 12600), UInt8(0x30 + index / 1260 % 10),
         UInt8(0x81 + index / 10 % 126), UInt8(0x30 + index % 10)]
    }

    private static func index(of code: UInt32) -> Int {
        let b1 = Int(code >> 24) - 0x81, b2 = Int(code >> 16 & 0xFF) - 0x30
        let b3 = Int(code >> 8 & 0xFF) - 0x81, b4 = Int(code & 0xFF) - 0x30
        return (b1 * 10 + b2) * 1260 + b3 * 10 + b4
    }
}
