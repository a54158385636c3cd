/// One row of the PS3.6 UID registry (Table A-1 and friends).
public struct UIDEntry: Sendable, Hashable {
    /// Such as "ExplicitVRLittleEndian"; empty for the few rows the standard
    /// leaves blank.
    public let keyword: String
    /// Such as "Explicit VR Little Endian".
    public let name: String
    /// Such as "Transfer Syntax", "SOP Class", "Well-known frame of reference".
    public let type: String

    public init(keyword: String, name: String, type: String) {
        self.keyword = keyword
        self.name = name
        self.type = type
    }
}
