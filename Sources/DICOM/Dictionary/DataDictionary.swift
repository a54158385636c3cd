/// The PS3.6 data dictionary: VR, VM, keyword and name of each standard element,
/// looked up as pydicom 3.0.2 does (`get_entry`), from the tables generate.py
/// writes into `StandardDictionaryData`.
public enum DataDictionary {
    /// The entry for `tag`: the exact tag first; then, outside private groups, the
    /// repeating-group masks (`60xx3000` gives (6002,3000) OverlayData); then any
    /// `(gggg,0000)` as UL GroupLength, private groups included (pydicom reads only
    /// the standard groups' so; PS3.5 7.2 makes all of them UL). Nil for other
    /// private elements and for unknown ones.
    public static func entry(for tag: Tag) -> DictionaryEntry? {
        let tables = Self.tables
        if let entry = tables.exact[tag.rawValue] { return entry }
        // pydicom leaves odd groups out of the masks: (6001,3000) is private data.
        if tag.group & 1 == 0, let entry = tables.repeater(for: tag.rawValue) { return entry }
        if tag.element == 0 { return DictionaryEntry.groupLength }
        return nil
    }

    /// The tag of a keyword such as "PatientName". Like pydicom's
    /// `tag_for_keyword`, only exact elements: a repeating-group keyword such as
    /// "OverlayData" names many tags, so it gives nil.
    public static func tag(forKeyword keyword: String) -> Tag? {
        keywords[keyword].map(Tag.init)
    }

    /// The keyword of `tag`, repeating groups and group lengths included; nil when
    /// the dictionary has none (unknown, private, or one of the few blank rows).
    public static func keyword(for tag: Tag) -> String? {
        guard let keyword = entry(for: tag)?.keyword, !keyword.isEmpty else { return nil }
        return keyword
    }

    /// Read on first use, once: a `static let` is initialised under a lock, so
    /// concurrent first lookups wait for one reader instead of racing.
    static let tables = Tables()

    /// Built apart, from `tables`, on the first keyword lookup: reading a file only
    /// needs tags, so it does not pay for this table.
    static let keywords: [String: UInt32] = {
        var keywords: [String: UInt32] = [:]
        keywords.reserveCapacity(tables.exact.count)
        for (tag, entry) in tables.exact where !entry.keyword.isEmpty {
            keywords[entry.keyword] = tag
        }
        return keywords
    }()

    final class Tables: Sendable {
        let exact: [UInt32: DictionaryEntry]
        /// One table per distinct set of `x` digits (a handful), keyed by the tag
        /// with those digits cleared: a lookup is a few hash probes, not a scan of
        /// 88 masks as in pydicom.
        let masks: [(fixed: UInt32, entries: [UInt32: DictionaryEntry])]
        /// One bit per group, set for the groups some mask covers (0020, 0028, 1000,
        /// 1010, 50xx, 60xx, 7Fxx): most misses need no probe at all.
        let maskedGroups: [UInt64]

        init() {
            var vrCache: [String: [VR]] = [:]
            var exact: [UInt32: DictionaryEntry] = [:]
            exact.reserveCapacity(StandardDictionaryData.elementCount)
            DictionaryRow.forEach(in: StandardDictionaryData.elements) { row in
                guard let (tag, _) = row.pattern(0) else { return }
                exact[tag] = Self.entry(row, &vrCache)
            }

            var masks: [(fixed: UInt32, entries: [UInt32: DictionaryEntry])] = []
            var maskedGroups = [UInt64](repeating: 0, count: 65536 / 64)
            DictionaryRow.forEach(in: StandardDictionaryData.repeaters) { row in
                guard let (value, fixed) = row.pattern(0) else { return }
                let entry = Self.entry(row, &vrCache)
                // generate.py checks that no two masks overlap, so which table a
                // tag is found in first does not matter.
                if let index = masks.firstIndex(where: { $0.fixed == fixed }) {
                    masks[index].entries[value] = entry
                } else {
                    masks.append((fixed, [value: entry]))
                }
                // Every group the mask covers: each subset of its free bits.
                let free = ~fixed >> 16 & 0xFFFF
                var subset: UInt32 = 0
                repeat {
                    let group = value >> 16 | subset
                    maskedGroups[Int(group >> 6)] |= 1 << (group & 63)
                    subset = (subset &- free) & free
                } while subset != 0
            }
            self.exact = exact
            self.masks = masks
            self.maskedGroups = maskedGroups
        }

        func repeater(for tag: UInt32) -> DictionaryEntry? {
            let group = tag >> 16
            guard maskedGroups[Int(group >> 6)] & (1 << (group & 63)) != 0 else { return nil }
            for mask in masks {
                if let entry = mask.entries[tag & mask.fixed] { return entry }
            }
            return nil
        }

        /// Columns: tag, VR, VM, "R" if retired, keyword, name.
        private static func entry(_ row: DictionaryRow, _ vrCache: inout [String: [VR]]) -> DictionaryEntry {
            DictionaryEntry(
                vrs: row.vrs(1, cache: &vrCache), vm: row.string(2), keyword: row.string(4),
                name: row.string(5), isRetired: !row.isEmpty(3))
        }
    }
}
