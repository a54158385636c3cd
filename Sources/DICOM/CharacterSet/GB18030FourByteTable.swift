/// GB18030 four-byte sequences. Those for the Basic Multilingual Plane are read once
/// from glibc iconv into a table by linear index
/// `((b1 - 0x81) * 10 + (b2 - 0x30)) * 1260 + (b3 - 0x81) * 10 + (b4 - 0x30)` below
/// 39420; those from 0x90308130 up are plain arithmetic on the supplementary planes.
struct GB18030FourByteTable: Sendable {
    static let count = 39420

    /// BMP scalar per linear index; 0 where glibc maps nothing.
    private let scalars: [UInt16]

    static let shared = GB18030FourByteTable()

    /// Python's decoding of `c1 c2 c3 c4` once c2 is known to be a digit: nil where
    /// Python reports an error of one byte.
    func scalar(_ c1: UInt8, _ c2: UInt8, _ c3: UInt8, _ c4: UInt8) -> UInt32? {
        guard (0x81...0xFE).contains(c1), (0x81...0xFE).contains(c3), (0x30...0x39).contains(c4) else { return nil }
        let high = (Int(c1) - 0x81) * 10 + Int(c2) - 0x30
        let low = (Int(c3) - 0x81) * 10 + Int(c4) - 0x30
        if high < 40 {  // first byte 0x81-0x84: the BMP
            let index = high * 1260 + low
            guard index < Self.count, scalars[index] != 0 else { return nil }
            return UInt32(scalars[index])
        }
        if high >= 150 {  // first byte 0x90 and up: U+10000 and beyond
            let value = 0x10000 + (high - 150) * 1260 + low
            return value <= 0x10FFFF ? UInt32(value) : nil
        }
        return nil
    }

    /// Every BMP character the table holds, with its bytes, for the encoding table.
    var bmpSequences: [(UInt32, [UInt8])] {
        scalars.indices.compactMap { index in
            scalars[index] == 0 ? nil : (UInt32(scalars[index]), Self.bytes(of: index))
        }
    }

    /// The four bytes of a scalar beyond the BMP.
    static func bytes(ofSupplementary scalar: UInt32) -> [UInt8] {
        bytes(of: Int(scalar) - 0x10000, firstByte: 0x90)
    }

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
            let b = (0..<4).map { Int(code >> (24 - 8 * $0) & 0xFF) }
            scalars[((b[0] - 0x81) * 10 + b[1] - 0x30) * 1260 + (b[2] - 0x81) * 10 + b[3] - 0x30] = value
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

    private static func bytes(of index: Int, firstByte: Int = 0x81) -> [UInt8] {
        [
            UInt8(firstByte + index / 12600), UInt8(0x30 + index / 1260 % 10),
            UInt8(0x81 + index / 10 % 126), UInt8(0x30 + index % 10),
        ]
    }
}
