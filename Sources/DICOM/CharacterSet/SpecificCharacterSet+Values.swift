extension SpecificCharacterSet {
    /// Decodes an element value into its values, as pydicom's reader does (values.py):
    /// - SH, LO, UC: decoded whole, split at backslashes, trailing spaces and NULs
    ///   removed from each value;
    /// - ST, LT, UT: decoded whole, one value, trailing spaces and NULs removed;
    /// - PN: as `decodePersonNames(_:)`, each value as pydicom prints it;
    /// - other VRs: ISO 8859-1, trailing spaces and NULs removed, split at backslashes.
    ///
    /// Splitting happens after decoding for every character set. That is what keeps
    /// GBK and GB18030 (where 0x5C can be the second byte of a character), Shift_JIS and
    /// the JIS X 0208 bytes of ISO 2022 IR 87 intact. (pydicom's `DataElement` made from
    /// bytes splits the bytes first and breaks them; its reader does not.)
    /// A value that is empty once decoded and trimmed has no values (VM 0), as in
    /// pydicom; "\\" has two empty ones.
    public func decodeValues(_ bytes: some Collection<UInt8>, vr: VR) -> [String] {
        let values: [String]
        switch vr {
        case .PN:
            values = decodePersonNames(bytes).map(\.description)
        case .ST, .LT, .UT:
            values = [Self.trimmingPadding(decode(bytes, vr: vr))]
        case .SH, .LO, .UC:
            values = Self.splitValues(decode(bytes, vr: vr)).map(Self.trimmingPadding)
        default:
            values = Self.splitValues(Self.trimmingPadding(decode(bytes, vr: vr)))
        }
        return values == [""] ? [] : values
    }

    /// The values of a PN element as pydicom's reader decodes them: trailing spaces and
    /// NULs removed from the bytes, the whole value decoded as text (delimiters CR, LF,
    /// TAB, FF), split at backslashes, then each value at '='. One empty name is none.
    public func decodePersonNames(_ bytes: some Collection<UInt8>) -> [PersonName] {
        var bytes = Array(bytes)[...]
        while let last = bytes.last, last == 0x20 || last == 0x00 { bytes.removeLast() }
        let names = Self.splitValues(decode(bytes, delimiters: Self.textDelimiters)).map(PersonName.init)
        return names.count == 1 && names[0].groups.isEmpty ? [] : names
    }

    /// Python's `str.split("\\")`, empty values kept. Working on UTF-8 bytes is exact:
    /// 0x5C there is always the scalar U+005C (and faster than the scalar view).
    static func splitValues(_ text: String) -> [String] {
        split(text, at: 0x5C)
    }

    static func split(_ text: String, at separator: UInt8) -> [String] {
        guard text.utf8.contains(separator) else { return [text] }
        return text.utf8.split(separator: separator, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// Python's `rstrip("\0 ")`.
    static func trimmingPadding(_ text: String) -> String {
        let utf8 = text.utf8
        guard let end = utf8.lastIndex(where: { $0 != 0x20 && $0 != 0x00 }) else { return "" }
        let kept = utf8.index(after: end)
        return kept == utf8.endIndex ? text : String(decoding: utf8[..<kept], as: UTF8.self)
    }
}
