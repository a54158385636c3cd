/// Known private elements by private creator, as tabulated by pydicom 3.0.2, so
/// that implicit VR private elements get the VR pydicom gives them.
///
/// Matching mirrors pydicom's `get_private_entry` and the reader around it:
/// - the creator is the value of the reserving `(gggg,00bb)` element with trailing
///   spaces and NULs removed (pydicom's LO reading), then compared exactly: case
///   and leading spaces count, so "SIEMENS CSA HEADER" and "Siemens CSA Header"
///   are different creators, as in pydicom;
/// - a creator value with a backslash is several values, which pydicom cannot look
///   up (nil);
/// - keys are tried in pydicom's order: the exact tag `GGGGEEEE`, then
///   `GGGGxxEE` (any block), then `GGxxxxEE` (any group `GGxx`, any block);
/// - keys of any other shape in pydicom's table (`001910xx`) are never tried by
///   pydicom and so are never found here.
public enum PrivateDictionary {
    /// The entry for the private element `tag`, e.g. (0029,1010), whose block is
    /// reserved by `creator`, e.g. "SIEMENS CSA HEADER" in (0029,0010).
    public static func entry(creator: String, tag: Tag) -> DictionaryEntry? {
        let tables = Self.tables
        guard let creator = normalized(creator), let index = tables.creators[creator] else { return nil }
        let low = UInt32(tag.element & 0x00FF)
        let group = UInt32(tag.group)
        return tables.entries[Tables.key(index, .exact, tag.rawValue)]
            ?? tables.entries[Tables.key(index, .anyBlock, group << 16 | low)]
            ?? tables.entries[Tables.key(index, .anyGroupAndBlock, (group >> 8) << 24 | low)]
    }

    /// Whether pydicom's table knows `creator` at all.
    public static func knows(creator: String) -> Bool {
        normalized(creator).map { tables.creators[$0] != nil } ?? false
    }

    /// pydicom reads LO values with `rstrip("\0 ")` and splits them at backslashes.
    static func normalized(_ creator: String) -> String? {
        guard !creator.utf8.contains(UInt8(ascii: "\\")) else { return nil }
        guard let last = creator.utf8.last, last == 0x20 || last == 0x00 else { return creator }
        var bytes = Array(creator.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x00 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The shape of a key in pydicom's table, by where its `xx` stand.
    enum Kind: UInt64 {
        case exact = 0, anyBlock, anyGroupAndBlock
        /// Such as `001910xx`: kept so the table is whole, never looked up.
        case unreachable
    }

    /// Read on first use, once, under the `static let` lock.
    static let tables = Tables()

    final class Tables: Sendable {
        let creators: [String: UInt32]
        /// Keyed by creator index, key kind and the key with `x` digits as 0, packed
        /// into one integer: a single flat table instead of one per creator.
        let entries: [UInt64: DictionaryEntry]

        static func key(_ creator: UInt32, _ kind: Kind, _ value: UInt32) -> UInt64 {
            UInt64(creator) << 34 | kind.rawValue << 32 | UInt64(value)
        }

        init() {
            var vrCache: [String: [VR]] = [:]
            var creators: [String: UInt32] = [:]
            var entries: [UInt64: DictionaryEntry] = [:]
            creators.reserveCapacity(PrivateDictionaryData.creatorCount)
            entries.reserveCapacity(PrivateDictionaryData.elementCount)
            var creator: UInt32 = 0
            DictionaryRow.forEach(in: PrivateDictionaryData.rows) { row in
                // A line of one field names the creator of the lines that follow.
                guard row.count > 1 else {
                    creator = UInt32(creators.count)
                    creators[row.string(0)] = creator
                    return
                }
                guard let (value, fixed) = row.pattern(0) else { return }
                let kind: Kind =
                    switch fixed {
                    case 0xFFFF_FFFF: .exact
                    case 0xFFFF_00FF: .anyBlock
                    case 0xFF00_00FF: .anyGroupAndBlock
                    default: .unreachable
                    }
                // Columns: key, VR, VM, name. pydicom's private entries have no
                // keyword and are never retired.
                entries[Self.key(creator, kind, value)] = DictionaryEntry(
                    vrs: row.vrs(1, cache: &vrCache), vm: row.string(2), keyword: "",
                    name: row.string(3), isRetired: false)
            }
            self.creators = creators
            self.entries = entries
        }
    }
}
