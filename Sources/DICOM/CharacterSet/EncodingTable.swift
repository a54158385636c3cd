import Synchronization

/// Scalar-to-bytes maps for encoding, inverted from the decode tables (so from glibc
/// iconv), so that whatever is encoded decodes back to the same text with
/// `SpecificCharacterSet.decode`. Where a code page has two byte sequences for one
/// character the lower is chosen, which can differ from Python's choice.
struct EncodingTable: Sendable {
    /// JIS X 0208 and JIS X 0212 as the ISO 2022 JP codecs write them (7-bit pairs),
    /// for pydicom's encoders of ISO 2022 IR 87 and IR 159.
    enum Source: Hashable, Sendable { case codec(Codec), jisX0208, jisX0212 }

    private let bytes: [UInt32: [UInt8]]

    func encode(_ scalar: Unicode.Scalar) -> [UInt8]? { bytes[scalar.value] }

    private init(source: Source) {
        var map: [UInt32: [UInt8]] = [:]
        func add(_ value: UInt32, _ sequence: [UInt8]) { if map[value] == nil { map[value] = sequence } }
        func addDoubleBytes(_ table: DoubleByteTable, mask: UInt8, prefix: [UInt8] = []) {
            for lead in UInt8(0x80)...0xFF {
                for trail in UInt8(0)...0xFF {
                    if let value = table[lead, trail] { add(value, prefix + [lead & mask, trail & mask]) }
                }
            }
        }
        switch source {
        case .jisX0208:
            add(0xFF3C, [0x21, 0x40])
            addDoubleBytes(.table(for: .jisX0208), mask: 0x7F)
        case .jisX0212:
            addDoubleBytes(.table(for: .jisX0212), mask: 0x7F)
        case .codec(let codec):
            for value in UInt32(0)..<0x80 { add(value, [UInt8(value)]) }
            switch codec {
            case .shiftJIS:
                // Python writes YEN SIGN and OVERLINE as the JIS X 0201 Roman bytes.
                add(0xA5, [0x5C])
                add(0x203E, [0x7E])
                for byte in UInt8(0xA1)...0xDF { add(0xFEC0 + UInt32(byte), [byte]) }
                addDoubleBytes(.table(for: .shiftJIS), mask: 0xFF)
            case .eucKR: addDoubleBytes(.table(for: .eucKR), mask: 0xFF)
            case .gb2312: addDoubleBytes(.table(for: .eucCN), mask: 0xFF)
            case .gbk: addDoubleBytes(.table(for: .gbk), mask: 0xFF)
            case .gb18030:
                addDoubleBytes(.table(for: .gb18030), mask: 0xFF)
                for (value, sequence) in GB18030FourByteTable.shared.bmpSequences { add(value, sequence) }
            case .utf8, .iso2022JP, .iso2022JP2: break  // encoded without a table
            default:
                for (value, byte) in SingleByteTable.table(for: codec).encodingMap { add(value, [byte]) }
            }
        }
        bytes = map
    }

    static func table(for source: Source) -> EncodingTable {
        cache.withLock { tables in
            if let table = tables[source] { return table }
            let table = EncodingTable(source: source)
            tables[source] = table
            return table
        }
    }

    private static let cache = Mutex<[Source: EncodingTable]>([:])
}
