/// The file meta group (PS3.10 7.1) to write with a data set: the group as read,
/// with its group length recomputed and the transfer syntax naming the encoding
/// the writer produces. Everything else is kept as read, so an unchanged Explicit
/// VR Little Endian file keeps its meta group byte for byte.
public enum FileMetaBuilder {
    static let versionTag = Tag(0x0002_0001)
    static let mediaStorageSOPClassUID = Tag(0x0002_0002)
    static let mediaStorageSOPInstanceUID = Tag(0x0002_0003)
    static let sopClassUID = Tag(0x0008_0016)
    static let sopInstanceUID = Tag(0x0008_0018)
    static let implementationClassUIDTag = Tag(0x0002_0012)
    static let implementationVersionNameTag = Tag(0x0002_0013)

    /// aida's Implementation Class UID (PS3.7 D.3.3.2): a `2.25.` UUID UID, made once
    /// for aida, so it needs no registered root.
    public static let implementationClassUID = "2.25.113574165011699566389438312105459590719"
    public static let implementationVersionName = "AIDA_0_1"

    static func meta(for file: DICOMFile) throws -> DataSet {
        var meta = file.meta
        if let stray = meta.elements.first(where: { !$0.tag.isFileMeta }) {
            throw DICOMError(
                .invalidValue("the file meta group holds an element of another group"),
                path: TagPath.root.appending(stray.tag), offset: 0)
        }
        if meta.isEmpty { addRequired(to: &meta, from: file.dataSet) }
        // Any 4-byte value will do: the encoder recomputes group lengths.
        if meta[.fileMetaInformationGroupLength]?.bytes?.count != 4 {
            meta.set(Element(tag: .fileMetaInformationGroupLength, vr: .UL, bytes: [0, 0, 0, 0]))
        }
        // Compared trimmed, so a kept UID keeps its padding as read.
        let uid = targetSyntaxUID(file.transferSyntax) ?? file.transferSyntax.uid
        if meta[.transferSyntaxUID].flatMap({ meta.string($0) }).map(TransferSyntax.trimmed) != uid {
            meta.set(Element(tag: .transferSyntaxUID, vr: .UI, bytes: uidBytes(uid)))
        }
        return meta
    }

    /// The transfer syntax of the written file, nil to keep the one read. The
    /// writer always produces Explicit VR Little Endian, which encapsulated syntaxes
    /// and JPIP Referenced also use for the data set: those are kept (their pixel
    /// data is written unchanged). Deflated JPIP becomes plain JPIP Referenced;
    /// everything else (implicit VR, big endian, deflated) becomes 1.2.840.10008.1.2.1.
    static func targetSyntaxUID(_ syntax: TransferSyntax) -> String? {
        if syntax.isEncapsulated || syntax.uid == jpipReferenced { return nil }
        if syntax.uid == jpipReferencedDeflate { return jpipReferenced }
        return TransferSyntax.explicitVRLittleEndian.uid
    }

    static let jpipReferenced = "1.2.840.10008.1.2.4.94"
    static let jpipReferencedDeflate = "1.2.840.10008.1.2.4.95"

    /// A bare data set (read without a meta group) gets the Type 1 elements it can
    /// be given without inventing anything: the version and the SOP Class and
    /// Instance UIDs copied from the data set, and aida as the implementation; the
    /// caller adds the transfer syntax.
    static func addRequired(to meta: inout DataSet, from dataSet: DataSet) {
        meta.set(Element(tag: versionTag, vr: .OB, bytes: [0x00, 0x01]))
        for (source, target) in [(sopClassUID, mediaStorageSOPClassUID), (sopInstanceUID, mediaStorageSOPInstanceUID)] {
            guard let element = dataSet[source], let bytes = element.bytes, !bytes.isEmpty else { continue }
            meta.set(Element(tag: target, vr: .UI, bytes: bytes.array))
        }
        meta.set(Element(tag: implementationClassUIDTag, vr: .UI, bytes: uidBytes(implementationClassUID)))
        var name = Array(implementationVersionName.utf8)
        if name.count & 1 == 1 { name.append(0x20) }
        meta.set(Element(tag: implementationVersionNameTag, vr: .SH, bytes: name))
    }

    /// A UID value padded with NUL to an even length (PS3.5 9.1).
    static func uidBytes(_ uid: String) -> [UInt8] {
        var bytes = Array(uid.utf8)
        if bytes.count & 1 == 1 { bytes.append(0) }
        return bytes
    }
}
