/// Encodes data sets as Explicit VR Little Endian (the content of a CP-246
/// sequence kept as read: implicit VR) into one growing buffer, in a single pass. Sequences and items are walked with an explicit stack (as the
/// parser does), so nesting depth costs heap, never thread stack. Defined lengths
/// (items, sequences, group lengths) are written as placeholders and patched once
/// their content is written: they always match the content, and equal the lengths
/// read when nothing changed.
struct DataSetEncoder {
    private(set) var output: [UInt8] = []
    /// See ``ElementEncoder/isAsRead(_:keptSource:)``.
    let keptSource: ByteStorage?

    init(capacity: Int, keptSource: ByteStorage?) {
        output.reserveCapacity(capacity)
        self.keptSource = keptSource
    }

    mutating func append(_ bytes: [UInt8]) { output.append(contentsOf: bytes) }

    /// An upper bound of the encoded size, to reserve the output once instead of
    /// growing (and copying) a pixel-data-sized buffer: each value plus a long header
    /// and a delimiter per element and item. Walked with a stack, like `encode`.
    static func estimatedSize(_ dataSet: DataSet) -> Int {
        var total = 0
        var pending = [dataSet.elements]
        while let elements = pending.popLast() {
            for element in elements {
                total += 20
                switch element.value {
                case .bytes(let bytes): total += bytes.count + 1
                case .encapsulated(let pixels): total += pixels.value.count + 8
                case .sequence(let items):
                    total += 16 * items.count
                    pending.append(contentsOf: items.map(\.dataSet.elements))
                }
            }
        }
        return total
    }

    /// How one level ends: the root just stops; a level of undefined length gets
    /// its delimiter; a defined length is patched at `lengthAt`.
    private enum End {
        case root
        case delimiter(Tag)
        case patch(lengthAt: Int)
    }

    /// One level of the stack: a data set (root or item) or a sequence's items.
    private struct Frame {
        var elements: [Element] = []
        var items: [Item] = []
        let isSequence: Bool
        var next = 0
        let end: End
        let path: TagPath
        var lastTag: Tag?
        /// Content of a CP-246 sequence written as read: implicit VR headers.
        var implicitVR = false
        /// The open group length element of this data set: its group, where its
        /// value goes, and where the group's following elements start.
        var group: (number: UInt16, valueAt: Int, start: Int)?
    }

    mutating func encode(_ dataSet: DataSet) throws {
        var stack = [Frame(elements: dataSet.elements, isSequence: false, end: .root, path: .root)]
        while !stack.isEmpty {
            let top = stack.count - 1
            if stack[top].isSequence {
                guard stack[top].next < stack[top].items.count else {
                    try close(stack.removeLast())
                    continue
                }
                let index = stack[top].next
                stack[top].next += 1
                let item = stack[top].items[index]
                let end = openItem(undefined: item.hasUndefinedLength)
                stack.append(
                    Frame(
                        elements: item.dataSet.elements, isSequence: false, end: end,
                        path: stack[top].path.appending(item: index), implicitVR: stack[top].implicitVR))
                continue
            }
            guard stack[top].next < stack[top].elements.count else {
                try closeGroup(&stack[top])
                try close(stack.removeLast())
                continue
            }
            let element = stack[top].elements[stack[top].next]
            stack[top].next += 1
            try checkOrder(element.tag, in: &stack[top])
            if let group = stack[top].group, group.number != element.tag.group { try closeGroup(&stack[top]) }
            switch element.value {
            case .bytes(let bytes):
                try encodeValue(element, bytes, in: &stack[top])
            case .encapsulated(let pixels):
                try encodeFragments(element, pixels, in: stack[top])
            case .sequence(let items):
                stack.append(openSequence(element, items, in: stack[top]))
            }
        }
    }

    /// Writes a sequence's header; the returned frame writes its items. A CP-246
    /// sequence (declared UN, content implicit VR) whose values are all as read is
    /// written as read; any other, changed or converted, is written as the SQ it is,
    /// its items explicit VR like the rest.
    private mutating func openSequence(_ element: Element, _ items: [Item], in parent: Frame) -> Frame {
        let keptUN =
            !parent.implicitVR && element.sourceVR == .UN
            && ElementEncoder.isAsRead(items, keptSource: keptSource)
        let undefined = element.hasUndefinedLength
        ElementEncoder.appendHeader(
            tag: element.tag, vr: keptUN ? .UN : .SQ, length: undefined ? ElementEncoder.undefinedLength : 0,
            implicitVR: parent.implicitVR, to: &output)
        let end: End = undefined ? .delimiter(.sequenceDelimitation) : .patch(lengthAt: output.count - 4)
        return Frame(
            items: items, isSequence: true, end: end, path: parent.path.appending(element.tag),
            implicitVR: parent.implicitVR || keptUN)
    }

    /// Tags must increase within a data set (PS3.5 7.1): a duplicate (possible in
    /// a DataSet built with `init(elements:)`) or a delimiter tag would make a file
    /// no reader parses as we meant it.
    private func checkOrder(_ tag: Tag, in frame: inout Frame) throws {
        if tag.isDelimiter {
            throw failure(.unexpectedTag(tag, expected: "a data element"), frame.path, tag)
        }
        if let last = frame.lastTag, tag <= last {
            throw failure(tag == last ? .duplicateTag : .tagOutOfOrder(previous: last), frame.path, tag)
        }
        frame.lastTag = tag
    }

    /// Paths are built only for errors: appending to one allocates.
    private func failure(_ kind: DICOMError.Kind, _ path: TagPath, _ tag: Tag) -> DICOMError {
        DICOMError(kind, path: path.appending(tag), offset: output.count)
    }

    private mutating func encodeValue(_ element: Element, _ bytes: ValueBytes, in frame: inout Frame) throws {
        let asRead = ElementEncoder.isAsRead(bytes, keptSource: keptSource)
        let length = asRead ? bytes.count : ElementEncoder.paddedLength(bytes)
        guard length <= ElementEncoder.maxLength else {
            throw failure(.invalidValue("\(length) bytes do not fit a 32-bit length"), frame.path, element.tag)
        }
        if element.vr == .SQ {
            // An SQ holds items, not bytes; only an empty one can be written as such.
            guard bytes.isEmpty else {
                throw failure(.invalidValue("an SQ element holds bytes, not items"), frame.path, element.tag)
            }
            ElementEncoder.appendHeader(tag: element.tag, vr: .SQ, length: 0, implicitVR: frame.implicitVR, to: &output)
            return
        }
        let declared = asRead ? element.sourceVR ?? element.vr : element.vr
        let vr = ElementEncoder.fittingVR(declared, length: length)
        ElementEncoder.appendHeader(
            tag: element.tag, vr: vr, length: UInt32(length), implicitVR: frame.implicitVR, to: &output)
        if element.tag.isGroupLength && bytes.count == 4 {
            // Recomputed when the group ends: the elements after it may have changed.
            frame.group = (element.tag.group, output.count, output.count + 4)
            ElementEncoder.appendU32(0, to: &output)
            return
        }
        ElementEncoder.appendValue(bytes, vr: element.vr, pad: !asRead, to: &output)
    }

    /// Encapsulated pixel data (PS3.5 A.4) is always of undefined length: the basic
    /// offset table item, each fragment as an item, the sequence delimiter. Built
    /// from the walked table and fragments, which for a little-endian source is the
    /// value as read, byte for byte. The VR is OB (A.4), unless an Explicit VR
    /// Little Endian source declared OW and the value is as read.
    private mutating func encodeFragments(_ element: Element, _ pixels: EncapsulatedPixelData, in frame: Frame) throws {
        let asRead = ElementEncoder.isAsRead(pixels.value, keptSource: keptSource)
        let vr: VR = asRead && element.vr == .OW ? .OW : .OB
        ElementEncoder.appendHeader(
            tag: element.tag, vr: vr, length: ElementEncoder.undefinedLength, implicitVR: frame.implicitVR, to: &output)
        ElementEncoder.appendItemHeader(.item, length: UInt32(4 * pixels.offsetTable.count), to: &output)
        for offset in pixels.offsetTable { ElementEncoder.appendU32(offset, to: &output) }
        for fragment in pixels.fragments {
            guard fragment.count <= ElementEncoder.maxLength else {
                throw failure(.invalidValue("a fragment does not fit a 32-bit length"), frame.path, element.tag)
            }
            ElementEncoder.appendItemHeader(.item, length: UInt32(fragment.count), to: &output)
            fragment.withUnsafeBytes { output.append(contentsOf: $0) }
        }
        ElementEncoder.appendItemHeader(.sequenceDelimitation, length: 0, to: &output)
    }

    /// Writes an item header with its length: undefined, or a zero placeholder that
    /// `close` fills in.
    private mutating func openItem(undefined: Bool) -> End {
        ElementEncoder.appendItemHeader(.item, length: undefined ? ElementEncoder.undefinedLength : 0, to: &output)
        return undefined ? .delimiter(.itemDelimitation) : .patch(lengthAt: output.count - 4)
    }

    private mutating func close(_ frame: Frame) throws {
        switch frame.end {
        case .root:
            break
        case .delimiter(let tag):
            ElementEncoder.appendItemHeader(tag, length: 0, to: &output)
        case .patch(let lengthAt):
            try patch(lengthAt: lengthAt, from: lengthAt + 4, path: frame.path)
        }
    }

    private mutating func closeGroup(_ frame: inout Frame) throws {
        guard let group = frame.group else { return }
        frame.group = nil
        try patch(lengthAt: group.valueAt, from: group.start, path: frame.path)
    }

    private mutating func patch(lengthAt: Int, from start: Int, path: TagPath) throws {
        let length = output.count - start
        guard length <= ElementEncoder.maxLength else {
            throw DICOMError(.invalidValue("\(length) bytes do not fit a 32-bit length"), path: path, offset: lengthAt)
        }
        ElementEncoder.patchU32(UInt32(length), at: lengthAt, in: &output)
    }
}
