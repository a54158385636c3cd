/// Reads a data set from a byte range, iteratively: sequences and items push and
/// pop frames on an explicit stack. Every length is checked against the bytes its
/// level has left before it is used.
struct DataSetParser {
    static let undefinedLength: UInt32 = 0xFFFF_FFFF

    let storage: ByteStorage
    let options: ParseOptions
    private(set) var elementCount = 0
    /// Deviations read through rather than refused (odd lengths, unless rejected).
    private(set) var warnings: [DICOMError] = []
    /// Where the top-level Pixel Data element's header starts, when headers-only stopped there.
    private(set) var stopOffset: Int?

    init(storage: ByteStorage, options: ParseOptions) {
        self.storage = storage
        self.options = options
    }

    /// Parses `range` as one data set. `stoppedAtPixelData` reports whether the
    /// headers-only mode stopped early.
    mutating func parse(
        _ range: Range<Int>, explicitVR: Bool, bigEndian: Bool, stoppedAtPixelData: inout Bool
    ) throws -> DataSet {
        try storage.bytes.withUnsafeBytes { raw in
            try parse(raw: raw, range, explicitVR: explicitVR, bigEndian: bigEndian, stopped: &stoppedAtPixelData)
        }
    }

    private mutating func parse(
        raw: UnsafeRawBufferPointer, _ range: Range<Int>, explicitVR: Bool, bigEndian: Bool, stopped: inout Bool
    ) throws -> DataSet {
        var stack = [
            ParseFrame(
                kind: .dataSet, end: range.upperBound, limit: range.upperBound, explicitVR: explicitVR,
                bigEndian: bigEndian, path: .root, headerOffset: range.lowerBound,
                characterSet: .defaultRepertoire)
        ]
        var position = range.lowerBound
        var depth = 0
        // Private creators decoded so far, by value offset (see creator(of:in:raw:cache:)).
        var creators: [Int: String] = [:]
        while true {
            let top = stack.count - 1
            let frame = stack[top].withoutChildren
            let reader = ByteReader(raw: raw, bigEndian: frame.bigEndian)
            if let end = frame.end, position >= end {
                guard position == end else {
                    throw DICOMError(.missingDelimiter("end of item at \(end)"), path: frame.path, offset: position)
                }
                if top == 0 { break }
                close(&stack, depth: &depth)
                continue
            }
            guard reader.has(8, at: position), position + 8 <= frame.limit else {
                throw missingEnd(frame, position: position, available: frame.limit - position)
            }
            let tag = reader.tag(position)
            if frame.kind == .sequence {
                let length = reader.u32(position + 4)
                switch tag {
                case .item:
                    let index = stack[top].items.count
                    // Items count as elements: an empty item is as cheap to write as
                    // an empty element and costs as much memory to hold.
                    elementCount += 1
                    guard elementCount <= options.maxElements else {
                        throw DICOMError(
                            .tooManyElements(limit: options.maxElements), path: frame.path.appending(item: index),
                            offset: position)
                    }
                    let start = position + 8
                    var end: Int? = nil
                    if length != Self.undefinedLength {
                        guard Int(length) <= frame.limit - start else {
                            throw DICOMError(
                                .itemBeyondParent(length: UInt64(length), available: frame.limit - start),
                                path: frame.path.appending(item: index), offset: position)
                        }
                        end = start + Int(length)
                    }
                    let parentSet = stack[top - 1].characterSet
                    stack.append(
                        ParseFrame(
                            kind: .dataSet, end: end, limit: end ?? frame.limit, explicitVR: frame.explicitVR,
                            bigEndian: frame.bigEndian, path: frame.path.appending(item: index),
                            headerOffset: position, characterSet: parentSet))
                    position = start
                case .sequenceDelimitation where frame.isUndefinedLength:
                    position += 8
                    close(&stack, depth: &depth)
                default:
                    throw DICOMError(
                        .unexpectedTag(tag, expected: "an item (FFFE,E000)"), path: frame.path, offset: position)
                }
                continue
            }
            // A data set level.
            if tag == .itemDelimitation {
                guard top > 0, frame.isUndefinedLength else {
                    throw DICOMError(
                        .unexpectedTag(tag, expected: "a data element"), path: frame.path, offset: position)
                }
                position += 8
                close(&stack, depth: &depth)
                continue
            }
            if tag.isDelimiter {
                throw DICOMError(.unexpectedTag(tag, expected: "a data element"), path: frame.path, offset: position)
            }
            let path = frame.path.appending(tag)
            if let last = frame.lastTag, tag <= last {
                let kind: DICOMError.Kind = tag == last ? .duplicateTag : .tagOutOfOrder(previous: last)
                throw DICOMError(kind, path: path, offset: position)
            }
            if top == 0 && options.stopBeforePixelData && tag == .pixelData {
                stopped = true
                stopOffset = position
                break
            }
            elementCount += 1
            guard elementCount <= options.maxElements else {
                throw DICOMError(.tooManyElements(limit: options.maxElements), path: path, offset: position)
            }
            let header = try ElementHeader.read(
                reader, at: position, limit: frame.limit, explicitVR: frame.explicitVR, path: path,
                privateCreator: { creatorTag in
                    Self.creator(of: creatorTag, in: stack[top].elements, raw: raw, cache: &creators)
                },
                pixelRepresentation: { Self.pixelRepresentation(stack: stack, raw: raw) })
            stack[top].lastTag = tag
            let valueStart = position + header.headerLength
            if header.isSequence {
                depth += 1
                guard depth <= options.maxSequenceDepth else {
                    throw DICOMError(.nestingTooDeep(limit: options.maxSequenceDepth), path: path, offset: position)
                }
                let end = header.length == Self.undefinedLength ? nil : valueStart + Int(header.length)
                // CP-246: a UN sequence's content is always Implicit VR Little Endian.
                let implicitContent = header.sourceVR == .UN
                var sequence = ParseFrame(
                    kind: .sequence, end: end, limit: end ?? frame.limit,
                    explicitVR: implicitContent ? false : frame.explicitVR,
                    bigEndian: implicitContent ? false : frame.bigEndian, path: path, headerOffset: position,
                    characterSet: frame.characterSet)
                sequence.tag = tag
                sequence.sourceVR = header.sourceVR
                stack.append(sequence)
                position = valueStart
                continue
            }
            if header.length == Self.undefinedLength {
                let walked = try FragmentWalker.walk(
                    storage: storage, reader: reader, start: valueStart, limit: frame.limit, path: path,
                    maxFragments: max(0, options.maxElements - elementCount))
                elementCount += walked.pixels.fragments.count
                stack[top].elements.append(
                    Element(
                        tag: tag, vr: header.vr, value: .encapsulated(walked.pixels), offset: position,
                        hasUndefinedLength: true, sourceVR: header.sourceVR))
                position = walked.end
                continue
            }
            if header.length & 1 == 1 {
                let odd = DICOMError(.oddLength(header.length), path: path, offset: position)
                if options.rejectOddLengths { throw odd }
                warnings.append(odd)
            }
            let value = ValueBytes(
                storage: storage, range: valueStart..<(valueStart + Int(header.length)),
                isBigEndian: frame.bigEndian)
            let element = Element(
                tag: tag, vr: header.vr, value: .bytes(value), offset: position, sourceVR: header.sourceVR)
            if tag == .specificCharacterSet {
                stack[top].characterSet = value.withUnsafeBytes { SpecificCharacterSet(value: $0) }
            }
            stack[top].elements.append(element)
            position = valueStart + Int(header.length)
        }
        return stack[0].dataSet()
    }

    /// Pops the top frame into its parent: an item into its sequence, a sequence
    /// into its data set as an SQ element.
    private func close(_ stack: inout [ParseFrame], depth: inout Int) {
        let frame = stack.removeLast()
        let parent = stack.count - 1
        switch frame.kind {
        case .dataSet:
            stack[parent].items.append(
                Item(dataSet: frame.dataSet(), offset: frame.headerOffset, hasUndefinedLength: frame.isUndefinedLength))
        case .sequence:
            depth -= 1
            stack[parent].elements.append(
                Element(
                    tag: frame.tag, vr: .SQ, value: .sequence(frame.items), offset: frame.headerOffset,
                    hasUndefinedLength: frame.isUndefinedLength, sourceVR: frame.sourceVR))
        }
    }

    private func missingEnd(_ frame: ParseFrame, position: Int, available: Int) -> DICOMError {
        if frame.isUndefinedLength {
            let what = frame.kind == .sequence ? "sequence delimitation item" : "item delimitation item"
            if available <= 0 { return DICOMError(.missingDelimiter(what), path: frame.path, offset: position) }
        }
        return DICOMError(.truncatedHeader(needed: 8, available: max(0, available)), path: frame.path, offset: position)
    }

    /// Each creator is decoded once: every private element of its block asks for it,
    /// and decoding a long (malformed) creator value each time cost its length each time.
    static func creator(
        of tag: Tag, in elements: [Element], raw: UnsafeRawBufferPointer, cache: inout [Int: String]
    ) -> String? {
        guard let element = find(tag, in: elements), let bytes = element.bytes else { return nil }
        if let known = cache[bytes.range.lowerBound] { return known }
        let text = String(decoding: raw[bytes.range], as: UTF8.self).trimmingCharacters(in: " \0")
        cache[bytes.range.lowerBound] = text
        return text
    }

    /// A frame's elements are sorted (the order check sees to it), so a lookup is a
    /// binary search: a linear one per private or US-or-SS element would make a file
    /// of many such elements cost quadratic time.
    static func find(_ tag: Tag, in elements: [Element]) -> Element? {
        var low = 0
        var high = elements.count
        while low < high {
            let middle = (low + high) / 2
            let found = elements[middle].tag
            if found == tag { return elements[middle] }
            if found < tag { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// Pixel Representation from the nearest data set that has it (for US or SS).
    static func pixelRepresentation(stack: [ParseFrame], raw: UnsafeRawBufferPointer) -> UInt16? {
        for frame in stack.reversed() where frame.kind == .dataSet {
            if let element = find(Tag(0x0028_0103), in: frame.elements), let bytes = element.bytes,
                bytes.count >= 2
            {
                let reader = ByteReader(raw: raw, bigEndian: bytes.isBigEndian)
                return reader.u16(bytes.range.lowerBound)
            }
        }
        return nil
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        // removeLast: Substring's dropLast() is O(n), which made trimming quadratic.
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
