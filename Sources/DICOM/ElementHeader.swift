/// A data element's header: VR, length and header size, read and checked.
struct ElementHeader {
    let vr: VR
    /// The VR as the file declared it, when the reader chose another (UN read as
    /// its dictionary VR, a CP-246 UN sequence).
    let sourceVR: VR?
    let length: UInt32
    let headerLength: Int

    var isSequence: Bool { vr == .SQ }

    static func read(
        _ reader: ByteReader, at offset: Int, limit: Int, explicitVR: Bool, path: TagPath,
        privateCreator: (Tag) -> String?, pixelRepresentation: () -> UInt16?
    ) throws -> ElementHeader {
        let tag = reader.tag(offset)
        var vr: VR
        var sourceVR: VR? = nil
        var length: UInt32
        var headerLength: Int
        if explicitVR {
            guard let declared = VR(bytes: reader[offset + 4], reader[offset + 5]) else {
                throw DICOMError(.invalidVR(reader[offset + 4], reader[offset + 5]), path: path, offset: offset)
            }
            vr = declared
            if declared.hasLongLength {
                guard reader.has(12, at: offset), offset + 12 <= limit else {
                    throw DICOMError(
                        .truncatedHeader(needed: 12, available: max(0, limit - offset)), path: path, offset: offset)
                }
                length = reader.u32(offset + 8)
                headerLength = 12
            } else {
                length = UInt32(reader.u16(offset + 6))
                headerLength = 8
            }
            if declared == .UN {
                // Known public elements sent as UN are read as their dictionary VR,
                // as pydicom and DCMTK do; a UN of undefined length is a CP-246 sequence.
                if length == DataSetParser.undefinedLength {
                    vr = .SQ
                    sourceVR = .UN
                } else {
                    // Private ones too, through their creator, and creators as LO.
                    let known = implicitVR(
                        tag, privateCreator: privateCreator, pixelRepresentation: pixelRepresentation)
                    if known != .UN {
                        vr = known
                        sourceVR = .UN
                    }
                }
            }
        } else {
            length = reader.u32(offset + 4)
            headerLength = 8
            vr = implicitVR(tag, privateCreator: privateCreator, pixelRepresentation: pixelRepresentation)
        }
        let valueStart = offset + headerLength
        let available = limit - valueStart
        if length == DataSetParser.undefinedLength {
            // Only sequences, CP-246 UN and encapsulated pixel data may be delimited.
            if vr == .SQ {
                return ElementHeader(vr: .SQ, sourceVR: sourceVR, length: length, headerLength: headerLength)
            }
            if vr == .UN && !explicitVR {
                return ElementHeader(vr: .SQ, sourceVR: .UN, length: length, headerLength: headerLength)
            }
            guard tag == .pixelData else {
                throw DICOMError(.undefinedLengthNotAllowed(vr), path: path, offset: offset)
            }
            // Encapsulated pixel data is OB (PS3.5 A.4), whatever an implicit reading guessed.
            return ElementHeader(
                vr: explicitVR ? vr : .OB, sourceVR: sourceVR, length: length, headerLength: headerLength)
        }
        guard UInt64(length) <= UInt64(max(0, available)) else {
            throw DICOMError(
                .valueBeyondEnd(length: UInt64(length), available: max(0, available)), path: path, offset: offset)
        }
        return ElementHeader(vr: vr, sourceVR: sourceVR, length: length, headerLength: headerLength)
    }

    /// The VR an implicit-VR element has: group lengths are UL, private creators LO,
    /// private elements as the private dictionary knows them, the rest from PS3.6.
    static func implicitVR(_ tag: Tag, privateCreator: (Tag) -> String?, pixelRepresentation: () -> UInt16?) -> VR {
        if tag.isGroupLength { return .UL }
        if tag.isPrivate {
            if tag.isPrivateCreator { return .LO }
            guard let creatorTag = tag.privateCreatorTag, let creator = privateCreator(creatorTag),
                let entry = PrivateDictionary.entry(creator: creator, tag: tag)
            else { return .UN }
            return resolve(entry.vrs, tag: tag, implicit: true, pixelRepresentation: pixelRepresentation) ?? .UN
        }
        return dictionaryVR(tag, implicit: true, pixelRepresentation: pixelRepresentation) ?? .UN
    }

    static func dictionaryVR(_ tag: Tag, implicit: Bool = false, pixelRepresentation: () -> UInt16?) -> VR? {
        guard let entry = DataDictionary.entry(for: tag) else { return nil }
        return resolve(entry.vrs, tag: tag, implicit: implicit, pixelRepresentation: pixelRepresentation)
    }

    /// Settles the dictionary's ambiguous VRs the way pydicom does when reading.
    static func resolve(_ vrs: [VR], tag: Tag, implicit: Bool, pixelRepresentation: () -> UInt16?) -> VR? {
        guard let first = vrs.first else { return nil }
        if vrs.count == 1 { return first }
        let set = Set(vrs)
        if set == [.US, .SS] || set == [.US, .SS, .OW] {
            return pixelRepresentation() == 1 ? .SS : .US
        }
        if set == [.OB, .OW] { return implicit ? .OW : .OB }
        if set.contains(.OW) { return .OW }
        return first
    }
}
