import Synchronization

/// Two-byte characters of one CJK code page, read once from glibc iconv and then
/// shared read-only. Indexed by lead byte 0x80-0xFF and trail byte.
///
/// glibc's tables are newer than Python's in a few places; `patches` restores Python's
/// mapping there, because Python is the reference (pydicom decodes with it).
struct DoubleByteTable: Sendable {
    enum Source: Sendable, Hashable {
        case shiftJIS, eucKR, eucCN, gbk, gb18030
        /// JIS X 0208 and JIS X 0212 as ISO 2022 JP designates them, looked up with the
        /// high bit set (EUC-JP code set 1 and 3).
        case jisX0208, jisX0212
    }

    /// Scalar per `(lead - 0x80) << 8 | trail`; 0 where nothing is mapped.
    private let scalars: [UInt32]

    subscript(lead: UInt8, trail: UInt8) -> UInt32? {
        guard lead >= 0x80 else { return nil }
        let value = scalars[Int(lead - 0x80) << 8 | Int(trail)]
        return value == 0 ? nil : value
    }

    private init(source: Source) {
        var scalars = [UInt32](repeating: 0, count: 128 * 256)
        let (name, prefix, leads, trails) = Self.layout(of: source)
        if let converter = Iconv.decoder(for: name) {
            for lead in leads {
                for trail in trails {
                    let value = converter.scalar(of: prefix + [lead, trail])
                    scalars[Int(lead - 0x80) << 8 | Int(trail)] = value ?? 0
                }
            }
        }
        for (code, value) in Self.patches(for: source) {
            scalars[Int((code >> 8) - 0x80) << 8 | Int(code & 0xFF)] = value
        }
        self.scalars = scalars
    }

    /// iconv name, bytes before the pair, and the lead and trail ranges Python's decoder
    /// looks up (anything outside is an error there before any table is consulted).
    private static func layout(
        of source: Source
    ) -> (String, [UInt8], [UInt8], [UInt8]) {
        let euc = Array(UInt8(0xA1)...0xFE)
        switch source {
        case .shiftJIS:
            return (
                "SHIFT_JIS", [], Array(0x81...0x9F) + Array(0xE0...0xEA),
                Array(0x40...0x7E) + Array(0x80...0xFC)
            )
        case .eucKR: return ("EUC-KR", [], euc, euc)
        case .eucCN: return ("EUC-CN", [], euc, euc)
        case .gbk: return ("GBK", [], Array(0x81...0xFE), Array(0x40...0x7E) + Array(0x80...0xFE))
        case .gb18030:
            return ("GB18030", [], Array(0x81...0xFE), Array(0x40...0x7E) + Array(0x80...0xFE))
        case .jisX0208: return ("EUC-JP", [], euc, euc)
        case .jisX0212: return ("EUC-JP", [0x8F], euc, euc)
        }
    }

    /// Where glibc and Python 3.11 disagree; value 0 removes a glibc mapping.
    private static func patches(for source: Source) -> [(UInt16, UInt32)] {
        switch source {
        // KS X 1001:2002 added U+327E at 0x2268; Python's table predates it.
        case .eucKR: [(0xA2E8, 0)]
        // Python's JIS X 0212 has 0x2237 as TILDE, glibc FULLWIDTH TILDE.
        case .jisX0212: [(0xA2B7, 0x7E)]
        // GB18030-2000 private-use mappings that GB18030-2005 (glibc) reassigned.
        case .gb18030:
            [
                (0xA6D9, 0xE78D), (0xA6DA, 0xE78E), (0xA6DB, 0xE78F), (0xA6DC, 0xE790),
                (0xA6DD, 0xE791), (0xA6DE, 0xE792), (0xA6DF, 0xE793), (0xA6EC, 0xE794),
                (0xA6ED, 0xE795), (0xA6F3, 0xE796), (0xA8BC, 0xE7C7), (0xFE51, 0xE816),
                (0xFE52, 0xE817), (0xFE53, 0xE818), (0xFE59, 0xE81E), (0xFE61, 0xE826),
                (0xFE66, 0xE82B), (0xFE67, 0xE82C), (0xFE6C, 0xE831), (0xFE6D, 0xE832),
                (0xFE76, 0xE83B), (0xFE7E, 0xE843), (0xFE90, 0xE854), (0xFE91, 0xE855),
                (0xFEA0, 0xE864),
            ]
        default: []
        }
    }

    /// Built on first use of each code page (tens of thousands of one-character iconv
    /// calls, a few milliseconds), never again.
    static func table(for source: Source) -> DoubleByteTable {
        cache.withLock { tables in
            if let table = tables[source] { return table }
            let table = DoubleByteTable(source: source)
            tables[source] = table
            return table
        }
    }

    private static let cache = Mutex<[Source: DoubleByteTable]>([:])
}
