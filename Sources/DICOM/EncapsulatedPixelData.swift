/// Encapsulated pixel data (PS3.5 A.4) as found: the basic offset table and each
/// fragment as a range of the source, checked for structure only.
public struct EncapsulatedPixelData: Sendable {
    /// The whole value: every item with its header, without the sequence delimiter
    /// (what pydicom holds as the element's value).
    public let value: ValueBytes
    /// Byte offsets of frames, relative to the first fragment's item header; may be empty.
    public let offsetTable: [UInt32]
    /// Each fragment's bytes, headers excluded.
    public let fragments: [ValueBytes]
}
