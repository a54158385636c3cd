/// A TIFF, BigTIFF or NDPI-style file built byte by byte: IFDs with their entries,
/// out-of-line values after each IFD, a main chain through the IFDs listed in `chain`,
/// and entries that point at other IFDs (SubIFDs, Exif) by index.
struct TIFFBytes {
    enum Value {
        case ascii(String)
        /// Raw values of a type (1 BYTE, 7 UNDEFINED, ...), count derived from the size.
        case bytes(UInt16, [UInt8])
        case long(UInt32)
        case float(Float)
        /// Offsets of IFDs by index (LONG, or IFD8 in BigTIFF).
        case ifds([Int])
        /// A hostile entry: type, count and the value/offset field exactly as given.
        case raw(type: UInt16, count: UInt64, field: UInt64)
    }

    var bigEndian = false
    var big = false
    var ndpi = false
    var ifds: [[(UInt16, Value)]]
    /// The main chain; nil: every IFD in order.
    var chain: [Int]?

    init(bigEndian: Bool = false, big: Bool = false, ndpi: Bool = false, _ ifds: [[(UInt16, Value)]]) {
        self.bigEndian = bigEndian
        self.big = big
        self.ndpi = ndpi
        self.ifds = ifds
    }

    func put(_ value: UInt64, _ size: Int) -> [UInt8] { OtherFileBytes.put(value, size, bigEndian: bigEndian) }
    var fieldSize: Int { big ? 8 : 4 }

    /// (type, count, bytes) of a value; `ifdOffsets` resolves IFD pointers.
    func encode(_ value: Value, _ ifdOffsets: [Int]) -> (UInt16, UInt64, [UInt8]) {
        switch value {
        case .ascii(let text): return (2, UInt64(text.utf8.count + 1), Array(text.utf8) + [0])
        case .bytes(let type, let bytes): return (type, UInt64(bytes.count), bytes)
        case .long(let value): return (4, 1, put(UInt64(value), 4))
        case .float(let value): return (11, 1, put(UInt64(value.bitPattern), 4))
        case .ifds(let indices):
            let unit = big ? 8 : 4
            return (big ? 18 : 4, UInt64(indices.count), indices.flatMap { put(UInt64(ifdOffsets[$0]), unit) })
        case .raw(let type, let count, _): return (type, count, [])
        }
    }

    func build() -> [UInt8] {
        let header = big ? 16 : 8
        let entrySize = big ? 20 : 12
        let countSize = big ? 8 : 2
        let nextSize = big || ndpi ? 8 : 4
        // First pass: where each IFD goes (values sized with placeholder offsets).
        var offsets: [Int] = []
        var position = header
        let placeholder = [Int](repeating: 0, count: ifds.count)
        for entries in ifds {
            offsets.append(position)
            position += countSize + entries.count * entrySize + nextSize + (ndpi ? 4 * entries.count : 0)
            for (_, value) in entries {
                let bytes = encode(value, placeholder).2
                if bytes.count > fieldSize { position += (bytes.count + 1) / 2 * 2 }
            }
        }
        let order = chain ?? Array(ifds.indices)
        var out: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        out += put(big ? 43 : 42, 2)
        out +=
            big
            ? put(8, 2) + put(0, 2) + put(UInt64(order.first.map { offsets[$0] } ?? 0), 8)
            : put(UInt64(order.first.map { offsets[$0] } ?? 0), 4)
        for (index, entries) in ifds.enumerated() {
            var data: [UInt8] = []
            var block = put(UInt64(entries.count), countSize)
            let dataStart =
                offsets[index] + countSize + entries.count * entrySize + nextSize + (ndpi ? 4 * entries.count : 0)
            for (tag, value) in entries {
                let (type, count, bytes) = encode(value, offsets)
                block += put(UInt64(tag), 2) + put(UInt64(type), 2) + put(count, big ? 8 : 4)
                if case .raw(_, _, let field) = value {
                    block += put(field, fieldSize)
                } else if bytes.count <= fieldSize {
                    // Inline values sit at the start of the field, in file order.
                    block += bytes + [UInt8](repeating: 0, count: fieldSize - bytes.count)
                } else {
                    block += put(UInt64(dataStart + data.count), fieldSize)
                    data += bytes + (bytes.count % 2 == 1 ? [0] : [])
                }
            }
            let next = order.firstIndex(of: index).flatMap { $0 + 1 < order.count ? offsets[order[$0 + 1]] : nil } ?? 0
            block += put(UInt64(next), nextSize)
            if ndpi { block += [UInt8](repeating: 0, count: 4 * entries.count) }
            out += block + data
        }
        return out
    }
}
