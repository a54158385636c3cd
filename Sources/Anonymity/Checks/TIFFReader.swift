/// The structure of a TIFF or BigTIFF file, as far as the gate needs it: directories
/// (IFDs), their entries and the entries' values, every offset, count and size checked
/// against the file before it is used, so a truncated or hostile file gives a
/// ``Failure``, never a crash or an unbounded allocation.
///
/// Hamamatsu NDPI is classic TIFF grown past 4 GiB: once IFD 0 shows its tag 65420,
/// next-IFD offsets are 8 bytes and each entry's high 32 offset bits follow the IFD,
/// as tifffile and OpenSlide read it.
struct TIFFReader {
    struct Failure: Error {
        let message: String
    }

    struct Entry {
        let tag: UInt16
        let type: UInt16
        let count: UInt64
        /// The value/offset field as stored (4 or 8 bytes), NDPI's high bits appended.
        let field: [UInt8]
    }

    struct Directory {
        let entries: [Entry]
        let next: UInt64
    }

    let file: BoundedFile
    let bigEndian: Bool
    /// BigTIFF: 8-byte counts and offsets, 20-byte entries.
    let big: Bool
    let firstDirectory: UInt64
    var ndpi = false

    /// More entries than this in one IFD is no image any writer makes.
    static let maxEntries: UInt64 = 1 << 16

    init(_ file: BoundedFile) throws {
        self.file = file
        guard let head = file.read(at: 0, count: min(16, file.size)), head.count >= 8 else {
            throw Failure(message: "shorter than a TIFF header")
        }
        bigEndian = head[0] == 0x4D
        big = head[2] == 0x2B || head[3] == 0x2B
        if big {
            guard head.count >= 16, Self.number(head[4..<6], bigEndian) == 8 else {
                throw Failure(message: "a BigTIFF header with an offset size other than 8")
            }
            firstDirectory = Self.number(head[8..<16], bigEndian)
        } else {
            firstDirectory = Self.number(head[4..<8], bigEndian)
        }
        // Zero would mean no image at all, and a directory cannot overlap the header: either
        // way this is no TIFF (a DICOM file shifted under a stale TIFF preamble looks so).
        guard firstDirectory >= (big ? 16 : 8), firstDirectory < file.size else {
            throw Failure(message: "the first IFD offset \(firstDirectory) is not inside the file: no image")
        }
    }

    func directory(at offset: UInt64) throws -> Directory {
        let countSize: UInt64 = big ? 8 : 2
        guard let countBytes = file.read(at: offset, count: countSize) else {
            throw Failure(message: "IFD offset \(offset) is past the end of the file (\(file.size) bytes)")
        }
        let count = Self.number(countBytes[...], bigEndian)
        guard count <= Self.maxEntries else { throw Failure(message: "IFD at \(offset) claims \(count) entries") }
        let entrySize: UInt64 = big ? 20 : 12
        let nextSize: UInt64 = big || ndpi ? 8 : 4
        guard let block = file.read(at: offset + countSize, count: count * entrySize + nextSize) else {
            throw Failure(message: "IFD at \(offset) with \(count) entries runs past the end of the file")
        }
        // NDPI: 4 high bytes per entry after the next-IFD offset; absent means zero.
        let high = ndpi ? file.read(upTo: count * 4, at: offset + countSize + count * entrySize + nextSize) : []
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let at = index * Int(entrySize)
            let fieldSize = big ? 8 : 4
            var field = Array(block[(at + Int(entrySize) - fieldSize)..<(at + Int(entrySize))])
            if ndpi {
                let extra = high.count >= index * 4 + 4 ? Array(high[(index * 4)..<(index * 4 + 4)]) : [0, 0, 0, 0]
                field = bigEndian ? extra + field : field + extra
            }
            entries.append(
                Entry(
                    tag: UInt16(Self.number(block[at..<(at + 2)], bigEndian)),
                    type: UInt16(Self.number(block[(at + 2)..<(at + 4)], bigEndian)),
                    count: Self.number(block[(at + 4)..<(at + (big ? 12 : 8))], bigEndian), field: field))
        }
        let tail = Int(count * entrySize)
        return Directory(entries: entries, next: Self.number(block[tail..<(tail + Int(nextSize))], bigEndian))
    }

    /// Bytes per value of each TIFF type (6.0, BigTIFF); nil for a type unknown.
    static func typeSize(_ type: UInt16) -> UInt64? {
        switch type {
        case 1, 2, 6, 7: 1
        case 3, 8: 2
        case 4, 9, 11, 13: 4
        case 5, 10, 12, 16, 17, 18: 8
        default: nil
        }
    }

    /// An entry's value bytes: in the field when they fit (4 bytes, 8 in BigTIFF),
    /// else at the offset the field holds.
    func value(_ entry: Entry, limit: UInt64) throws -> [UInt8] {
        guard let unit = Self.typeSize(entry.type) else { throw Failure(message: "unknown type \(entry.type)") }
        let (size, overflow) = unit.multipliedReportingOverflow(by: entry.count)
        guard !overflow, size <= limit else {
            throw Failure(
                message: "a value of \(entry.count) x \(unit) bytes, more than aida reads (\(limit >> 20) MiB)")
        }
        if size <= (big ? 8 : 4) { return Array(entry.field.prefix(Int(size))) }
        let offset = Self.number(entry.field[...], bigEndian)
        guard let bytes = file.read(at: offset, count: size, limit: limit) else {
            throw Failure(message: "a value of \(size) bytes at offset \(offset) runs past the end of the file")
        }
        return bytes
    }

    /// Unsigned integers (BYTE, SHORT, LONG, IFD, LONG8, IFD8), e.g. sub-IFD offsets.
    func integers(_ entry: Entry, limit: UInt64) throws -> [UInt64] {
        guard [1, 3, 4, 13, 16, 18].contains(entry.type), let unit = Self.typeSize(entry.type) else { return [] }
        let bytes = try value(entry, limit: limit)
        return stride(from: 0, to: bytes.count, by: Int(unit)).map {
            Self.number(bytes[$0..<($0 + Int(unit))], bigEndian)
        }
    }

    /// The first value of a numeric entry as a Double (NDPI's source lens is a FLOAT).
    func firstNumber(_ entry: Entry) -> Double? {
        guard let unit = Self.typeSize(entry.type), let bytes = try? value(entry, limit: 1 << 16),
            bytes.count >= unit
        else { return nil }
        let raw = Self.number(bytes[0..<Int(unit)], bigEndian)
        switch entry.type {
        case 1, 3, 4, 16: return Double(raw)
        case 6: return Double(Int8(truncatingIfNeeded: raw))
        case 8: return Double(Int16(truncatingIfNeeded: raw))
        case 9: return Double(Int32(truncatingIfNeeded: raw))
        case 11: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))
        case 12: return Double(bitPattern: raw)
        default: return nil
        }
    }

    /// An unsigned number from 1 to 8 bytes in the file's byte order.
    static func number(_ bytes: ArraySlice<UInt8>, _ bigEndian: Bool) -> UInt64 {
        let ordered = bigEndian ? Array(bytes) : bytes.reversed()
        return ordered.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
