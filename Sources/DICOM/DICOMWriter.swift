/// Writes DICOM files and data sets as Explicit VR Little Endian (PS3.5 7.1.2,
/// PS3.10 7).
///
/// An unchanged file read as Explicit VR Little Endian is re-written byte for
/// byte: the preamble, the meta group, each element's header VR, and each
/// sequence's and item's defined or undefined length stay as read; defined lengths
/// and group lengths are recomputed from the content, so they equal the lengths
/// read when nothing changed and are right when something did.
///
/// Changed and converted data sets: big-endian values are byte-swapped by VR; an
/// implicit VR source gets the VRs the parser resolved; an element read as UN is
/// written with its dictionary VR; a CP-246 sequence is written as SQ; an
/// odd-length value is padded with its VR's padding byte; a value longer than a
/// 16-bit length field allows is written as UN, as pydicom does. An element that
/// still holds the bytes read from an Explicit VR Little Endian source is written
/// as read (its UN header, its odd length; a CP-246 sequence none of whose values
/// changed stays UN with implicit VR content), see ``ElementEncoder``.
public struct DICOMWriter: Sendable {
    public init() {}

    /// A Part 10 file: preamble (the one read, or 128 zero bytes), "DICM", the
    /// file meta group, then the data set. The transfer syntax UID becomes
    /// Explicit VR Little Endian, except that encapsulated syntaxes are kept, their
    /// pixel data written as the fragments read.
    public func write(_ file: DICOMFile) throws -> [UInt8] {
        guard !file.stoppedBeforePixelData else {
            // The headers-only mode read nothing from Pixel Data on.
            throw DICOMError(
                .invalidValue("the file was read headers-only; writing it would drop its pixel data"), offset: 0)
        }
        let preamble = file.preamble ?? [UInt8](repeating: 0, count: 128)
        guard preamble.count == 128 else {
            throw DICOMError(.invalidValue("the preamble has \(preamble.count) bytes, not 128"), offset: 0)
        }
        if let stray = file.dataSet.elements.first(where: { $0.tag.isFileMeta }) {
            // Readers would take it for part of the meta group that precedes it.
            throw DICOMError(
                .invalidValue("group 0002 belongs in the file meta group, not the data set"),
                path: TagPath.root.appending(stray.tag), offset: 0)
        }
        let meta = try FileMetaBuilder.meta(for: file)
        let capacity = 132 + DataSetEncoder.estimatedSize(meta) + DataSetEncoder.estimatedSize(file.dataSet)
        // The meta group lies in the file's bytes, which for a Deflated file are not
        // `source`; its elements are then written with resolved VRs (never UN in practice).
        var encoder = DataSetEncoder(capacity: capacity, keptSource: Self.keptSource(of: file))
        encoder.append(preamble)
        encoder.append(Array("DICM".utf8))
        try encoder.encode(meta)
        try encoder.encode(file.dataSet)
        return encoder.output
    }

    /// A bare data set (no preamble, no meta group). `source`: the Explicit VR
    /// Little Endian bytes it was read from, if any; its elements that still hold
    /// those bytes keep the VR their header declared (see ``ElementEncoder``).
    public func write(_ dataSet: DataSet, source: ByteStorage? = nil) throws -> [UInt8] {
        var encoder = DataSetEncoder(capacity: DataSetEncoder.estimatedSize(dataSet), keptSource: source)
        try encoder.encode(dataSet)
        return encoder.output
    }

    /// Writes `file` to `path` durably: to a temporary file in the same directory,
    /// flushed, renamed over `path`, the directory flushed. A crash leaves the old
    /// file or the new one, never a part of one.
    public func write(_ file: DICOMFile, to path: String) throws {
        try DurableFile.save(write(file), to: path)
    }

    /// The source whose unchanged elements keep their header VR: only one read as
    /// Explicit VR Little Endian, i.e. one whose headers can be copied as they are.
    /// The data set's own first element decides, as it did for the reader.
    static func keptSource(of file: DICOMFile) -> ByteStorage? {
        guard !file.transferSyntax.isBigEndian else { return nil }
        let explicit = DICOMReader.explicitVR(
            file.source, at: file.dataSetOffset, declared: file.transferSyntax.isExplicitVR)
        return explicit ? file.source : nil
    }
}
