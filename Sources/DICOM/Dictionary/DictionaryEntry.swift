/// What a data dictionary says about one element: how to read it (VR, VM) and what
/// to call it. Shared by the standard dictionary and the private one.
public struct DictionaryEntry: Sendable, Hashable {
    /// The VRs the element may have, in the standard's order: `[.OB, .OW]` for
    /// "OB or OW", `[.US, .SS]` for "US or SS". Empty for items and delimiters
    /// (VR "NONE"), which have no VR of their own.
    public let vrs: [VR]
    /// Value multiplicity as the standard writes it: "1", "1-n", "2-2n".
    public let vm: String
    /// Empty for private elements and for the few standard ones without one.
    public let keyword: String
    public let name: String
    public let isRetired: Bool

    /// The first VR the standard lists, which is the one to use for implicit VR
    /// when nothing else (Pixel Representation, Bits Allocated) tells otherwise.
    public var vr: VR? { vrs.first }

    public init(vrs: [VR], vm: String, keyword: String, name: String, isRetired: Bool) {
        self.vrs = vrs
        self.vm = vm
        self.keyword = keyword
        self.name = name
        self.isRetired = isRetired
    }

    /// `(gggg,0000)` in any group: PS3.5 7.2 gives every group length UL, and
    /// pydicom reads the ones its dictionary lacks (retired since DICOM 3) so.
    static let groupLength = DictionaryEntry(
        vrs: [.UL], vm: "1", keyword: "GroupLength", name: "Group Length", isRetired: false)
}
