/// The PS3.6 UID registry as tabulated by pydicom 3.0.2, from the table generate.py
/// writes into `UIDRegistryData`: what a transfer syntax or SOP class UID means.
public enum UIDRegistry {
    /// The registry's row for `uid`. Trailing NUL and space padding (UI values are
    /// padded to even length with NUL) is ignored, so a value can be passed as read.
    public static func entry(for uid: String) -> UIDEntry? {
        tables.byUID[unpadded(uid)]
    }

    /// The UID of a registry keyword, e.g. "ExplicitVRLittleEndian" gives
    /// "1.2.840.10008.1.2.1".
    public static func uid(forKeyword keyword: String) -> String? {
        tables.byKeyword[keyword]
    }

    static func unpadded(_ uid: String) -> String {
        guard let last = uid.utf8.last, last == 0x00 || last == 0x20 else { return uid }
        var bytes = Array(uid.utf8)
        while let last = bytes.last, last == 0x00 || last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Read on first use, once, under the `static let` lock.
    static let tables = Tables()

    final class Tables: Sendable {
        let byUID: [String: UIDEntry]
        let byKeyword: [String: String]

        init() {
            var byUID: [String: UIDEntry] = [:]
            var byKeyword: [String: String] = [:]
            byUID.reserveCapacity(UIDRegistryData.count)
            byKeyword.reserveCapacity(UIDRegistryData.count)
            // Columns: UID, keyword, type, name.
            DictionaryRow.forEach(in: UIDRegistryData.rows) { row in
                let uid = row.string(0)
                let entry = UIDEntry(keyword: row.string(1), name: row.string(3), type: row.string(2))
                byUID[uid] = entry
                if !entry.keyword.isEmpty { byKeyword[entry.keyword] = uid }
            }
            self.byUID = byUID
            self.byKeyword = byKeyword
        }
    }
}
