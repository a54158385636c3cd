/// Reads the file meta group (PS3.10 7.1): Explicit VR Little Endian, group 0002.
/// A group length that disagrees with the elements that follow is refused: two
/// readers could otherwise see two different data sets in one file.
enum MetaGroupReader {
    struct Parsed {
        let meta: DataSet
        let end: Int
        let warnings: [DICOMError]
    }

    static func read(_ storage: ByteStorage, at start: Int, options: ParseOptions) throws -> Parsed {
        let end = try storage.bytes.withUnsafeBytes { raw in
            try groupEnd(ByteReader(raw: raw, bigEndian: false), start: start)
        }
        var parser = DataSetParser(storage: storage, options: options)
        var stopped = false
        let meta = try parser.parse(start..<end, explicitVR: true, bigEndian: false, stoppedAtPixelData: &stopped)
        guard let first = meta.elements.first else {
            throw DICOMError(.metaGroupMissing("no elements"), offset: start)
        }
        if first.tag == .fileMetaInformationGroupLength {
            guard first.vr == .UL, let bytes = first.bytes, bytes.count == 4 else {
                throw DICOMError(
                    .metaGroupMissing("group length is not one UL"), path: TagPath.root.appending(first.tag),
                    offset: start)
            }
            let declared = storage.bytes.withUnsafeBytes {
                ByteReader(raw: $0, bigEndian: false).u32(bytes.range.lowerBound)
            }
            let actual = end - bytes.range.upperBound
            guard declared == UInt32(actual) else {
                throw DICOMError(
                    .groupLengthMismatch(declared: declared, actual: actual),
                    path: TagPath.root.appending(first.tag), offset: start)
            }
        }
        return Parsed(meta: meta, end: end, warnings: parser.warnings)
    }

    /// Walks the headers while the group is 0002; the group ends at the first other group.
    static func groupEnd(_ reader: ByteReader, start: Int) throws -> Int {
        var position = start
        while reader.has(8, at: position), reader.u16(position) == 0x0002 {
            let tag = reader.tag(position)
            guard let vr = VR(bytes: reader[position + 4], reader[position + 5]) else {
                throw DICOMError(
                    .invalidVR(reader[position + 4], reader[position + 5]), path: TagPath.root.appending(tag),
                    offset: position)
            }
            var length: Int
            var header = 8
            if vr.hasLongLength {
                guard reader.has(12, at: position) else {
                    throw DICOMError(
                        .truncatedHeader(needed: 12, available: reader.available(at: position)),
                        path: TagPath.root.appending(tag), offset: position)
                }
                let long = reader.u32(position + 8)
                guard long != DataSetParser.undefinedLength else {
                    throw DICOMError(
                        .undefinedLengthNotAllowed(vr), path: TagPath.root.appending(tag), offset: position)
                }
                length = Int(long)
                header = 12
            } else {
                length = Int(reader.u16(position + 6))
            }
            guard length <= reader.available(at: position + header) else {
                throw DICOMError(
                    .valueBeyondEnd(length: UInt64(length), available: reader.available(at: position + header)),
                    path: TagPath.root.appending(tag), offset: position)
            }
            position += header + length
        }
        guard position > start else {
            throw DICOMError(.metaGroupMissing("no group 0002 element after the \"DICM\" prefix"), offset: start)
        }
        return position
    }
}
