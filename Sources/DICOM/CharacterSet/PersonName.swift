/// One Person Name (PN) value: up to three component groups, alphabetic, ideographic
/// and phonetic, separated by '=' (PS3.5 6.2.1). Each group is decoded text whose
/// components (family, given, middle, prefix, suffix) are still separated by '^'.
///
/// Naming: DICOM's "component group" is pydicom's "component", and DICOM's
/// "component" is a '^'-separated part. `groups` is pydicom's `components`.
public struct PersonName: Sendable, Hashable, CustomStringConvertible {
    public let alphabetic: String
    public let ideographic: String
    public let phonetic: String
    /// Groups after the third, which the standard does not allow but pydicom keeps.
    public let extraGroups: [String]

    /// From decoded groups; trailing empty groups are dropped, as pydicom does.
    public init(groups: [String]) {
        var groups = groups
        while let last = groups.last, last.isEmpty { groups.removeLast() }
        alphabetic = groups.count > 0 ? groups[0] : ""
        ideographic = groups.count > 1 ? groups[1] : ""
        phonetic = groups.count > 2 ? groups[2] : ""
        extraGroups = Array(groups.dropFirst(3))
    }

    /// From a decoded value: groups split at '='.
    public init(_ text: String) {
        self.init(groups: SpecificCharacterSet.split(text, at: 0x3D))
    }

    /// One PN value's raw bytes, as pydicom decodes a `PersonName` made from bytes: the
    /// bytes are split at '=' (0x3D) first and each group decoded alone, starting in the
    /// first code element, with '^' as the only delimiter. Nothing is trimmed.
    ///
    /// pydicom's reader decodes differently (`SpecificCharacterSet.decodePersonNames`),
    /// and the two disagree where a group leaves a code element active without an
    /// escape back, where a two-byte JIS character has 0x3D as a byte, and where a '^'
    /// is not followed by the escape sequence PS3.5 6.1.2.5.3 requires.
    public init(value bytes: some Collection<UInt8>, characterSet: SpecificCharacterSet) {
        let bytes = Array(bytes)
        self.init(
            groups: bytes.split(separator: 0x3D, omittingEmptySubsequences: false).map {
                characterSet.decode($0, delimiters: SpecificCharacterSet.personNameDelimiters)
            })
    }

    /// The groups as pydicom's `components`: all of them up to the last non-empty one.
    public var groups: [String] {
        var groups = [alphabetic, ideographic, phonetic] + extraGroups
        while let last = groups.last, last.isEmpty { groups.removeLast() }
        return groups
    }

    /// The alphabetic group's components: family name, given name, middle name, prefix,
    /// suffix (as many as are present).
    public var components: [String] {
        SpecificCharacterSet.split(alphabetic, at: 0x5E)
    }

    public var familyName: String { component(0) }
    public var givenName: String { component(1) }
    public var middleName: String { component(2) }
    public var namePrefix: String { component(3) }
    public var nameSuffix: String { component(4) }

    private func component(_ index: Int) -> String {
        let components = components
        return index < components.count ? components[index] : ""
    }

    /// The value as pydicom prints it: the groups joined by '='.
    public var description: String { groups.joined(separator: "=") }
}
