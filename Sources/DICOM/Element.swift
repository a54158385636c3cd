/// One data element. Its value stays a range of the source bytes until asked for
/// (see ``DataSet`` for decoding), so parsing a file copies no value.
public struct Element: Sendable {
    public enum Value: Sendable {
        /// Any non-sequence value, pixel data in native encoding included.
        case bytes(ValueBytes)
        case sequence([Item])
        /// Encapsulated pixel data: offset table and fragments, walked, not decoded.
        case encapsulated(EncapsulatedPixelData)
    }

    public var tag: Tag
    public var vr: VR
    public var value: Value
    /// Offset of the element's header in the source; nil for elements made in memory.
    public var offset: Int?
    /// Sequences and encapsulated pixel data: written with undefined length, as read.
    public var hasUndefinedLength: Bool
    /// The VR the file itself declared (explicit VR), when it differed from `vr`:
    /// a UN element read as its dictionary VR, a CP-246 sequence.
    public var sourceVR: VR?

    public init(
        tag: Tag, vr: VR, value: Value, offset: Int? = nil, hasUndefinedLength: Bool = false,
        sourceVR: VR? = nil
    ) {
        self.tag = tag
        self.vr = vr
        self.value = value
        self.offset = offset
        self.hasUndefinedLength = hasUndefinedLength
        self.sourceVR = sourceVR
    }

    /// A new element holding little-endian bytes.
    public init(tag: Tag, vr: VR, bytes: [UInt8]) {
        self.init(tag: tag, vr: vr, value: .bytes(ValueBytes(bytes)))
    }

    public var bytes: ValueBytes? {
        if case .bytes(let bytes) = value { return bytes }
        return nil
    }

    public var items: [Item]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    public var encapsulated: EncapsulatedPixelData? {
        if case .encapsulated(let pixels) = value { return pixels }
        return nil
    }

    /// The length of the value in its source form (the fragments' encoding for
    /// encapsulated pixel data); 0 for sequences, whose length is their items'.
    public var valueLength: Int {
        switch value {
        case .bytes(let bytes): bytes.count
        case .encapsulated(let pixels): pixels.value.count
        case .sequence: 0
        }
    }
}
