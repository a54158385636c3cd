/// Walks encapsulated pixel data (PS3.5 A.4): a basic offset table item, then
/// fragment items, then a sequence delimiter. Checks the structure, decodes nothing.
enum FragmentWalker {
    struct Walked {
        let pixels: EncapsulatedPixelData
        /// Just past the sequence delimitation item.
        let end: Int
    }

    static func walk(
        storage: ByteStorage, reader: ByteReader, start: Int, limit: Int, path: TagPath, maxFragments: Int
    ) throws -> Walked {
        var position = start
        var offsetTable: [UInt32]? = nil
        var fragments: [ValueBytes] = []
        var fragmentStarts: [Int] = []
        while true {
            let index = fragments.count + (offsetTable == nil ? 0 : 1)
            let itemPath = path.appending(item: index)
            guard reader.has(8, at: position), position + 8 <= limit else {
                let left = max(0, limit - position)
                if left == 0 {
                    throw DICOMError(
                        .missingDelimiter("sequence delimitation item after the fragments"), path: path,
                        offset: position)
                }
                throw DICOMError(.truncatedHeader(needed: 8, available: left), path: itemPath, offset: position)
            }
            // Fragments count as elements: 8-byte empty fragments cost memory too.
            guard fragments.count < maxFragments else {
                throw DICOMError(.tooManyElements(limit: maxFragments), path: itemPath, offset: position)
            }
            let tag = reader.tag(position)
            let length = reader.u32(position + 4)
            if tag == .sequenceDelimitation {
                guard offsetTable != nil else {
                    throw DICOMError(
                        .invalidOffsetTable("encapsulated pixel data has no basic offset table item"), path: path,
                        offset: position)
                }
                let value = ValueBytes(storage: storage, range: start..<position, isBigEndian: false)
                let table = offsetTable ?? []
                try check(table, fragmentStarts: fragmentStarts, path: path, offset: start)
                return Walked(
                    pixels: EncapsulatedPixelData(value: value, offsetTable: table, fragments: fragments),
                    end: position + 8)
            }
            guard tag == .item else {
                throw DICOMError(
                    .unexpectedTag(tag, expected: "a fragment item (FFFE,E000)"), path: itemPath, offset: position)
            }
            guard length != DataSetParser.undefinedLength else {
                throw DICOMError(.undefinedLengthNotAllowed(.OB), path: itemPath, offset: position)
            }
            let valueStart = position + 8
            guard Int(length) <= limit - valueStart else {
                throw DICOMError(
                    .valueBeyondEnd(length: UInt64(length), available: limit - valueStart), path: itemPath,
                    offset: position)
            }
            let range = valueStart..<(valueStart + Int(length))
            if offsetTable == nil {
                guard length % 4 == 0 else {
                    throw DICOMError(
                        .invalidOffsetTable("length \(length) is not a multiple of 4"), path: itemPath,
                        offset: position)
                }
                let entries = Int(length) / 4
                offsetTable = (0..<entries).map { reader.with(bigEndian: false).u32(valueStart + 4 * $0) }
            } else {
                fragmentStarts.append(position)
                fragments.append(ValueBytes(storage: storage, range: range))
            }
            position = range.upperBound
        }
    }

    /// Offsets must start at 0, increase, and each land on a fragment's item header.
    static func check(_ table: [UInt32], fragmentStarts: [Int], path: TagPath, offset: Int) throws {
        guard !table.isEmpty else { return }
        guard let first = fragmentStarts.first else {
            throw DICOMError(.invalidOffsetTable("offsets given but no fragments"), path: path, offset: offset)
        }
        let starts = Set(fragmentStarts.map { $0 - first })
        var previous: UInt32? = nil
        for (index, entry) in table.enumerated() {
            if let previous, entry <= previous {
                throw DICOMError(
                    .invalidOffsetTable("offset \(index) (\(entry)) does not increase"), path: path, offset: offset)
            }
            guard starts.contains(Int(entry)) else {
                throw DICOMError(
                    .invalidOffsetTable("offset \(index) (\(entry)) is not the start of a fragment"), path: path,
                    offset: offset)
            }
            previous = entry
        }
    }
}
