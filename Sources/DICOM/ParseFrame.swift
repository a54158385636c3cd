/// One level of the parser's explicit stack: a data set (the root or an item)
/// being filled, or a sequence collecting items. A stack instead of recursion
/// keeps a 10,000-deep file from exhausting the thread's stack.
struct ParseFrame {
    enum Kind {
        case dataSet
        case sequence
    }

    let kind: Kind
    /// Where this level's bytes end when its length is defined; nil: delimited.
    let end: Int?
    /// No byte of this level may lie past here (its end, or its parent's limit).
    let limit: Int
    let explicitVR: Bool
    let bigEndian: Bool
    let path: TagPath
    /// Offset of the item or element header that opened this level.
    let headerOffset: Int

    // Data set levels.
    var elements: [Element] = []
    var characterSet: SpecificCharacterSet
    var lastTag: Tag?

    // Sequence levels.
    var tag = Tag(0)
    var vr = VR.SQ
    var sourceVR: VR?
    var items: [Item] = []

    init(
        kind: Kind, end: Int?, limit: Int, explicitVR: Bool, bigEndian: Bool, path: TagPath,
        headerOffset: Int, characterSet: SpecificCharacterSet
    ) {
        self.kind = kind
        self.end = end
        self.limit = limit
        self.explicitVR = explicitVR
        self.bigEndian = bigEndian
        self.path = path
        self.headerOffset = headerOffset
        self.characterSet = characterSet
    }

    var isUndefinedLength: Bool { end == nil }

    /// This level without its elements and items, for the parser to read while it
    /// appends to the level on the stack: a full copy held across the append would
    /// share the arrays and make every append copy them (quadratic parsing in an
    /// unoptimised build, where the copy lives to the end of the loop body).
    var withoutChildren: ParseFrame {
        var copy = self
        copy.elements = []
        copy.items = []
        return copy
    }

    func dataSet() -> DataSet {
        DataSet(sortedElements: elements, characterSet: characterSet)
    }
}
