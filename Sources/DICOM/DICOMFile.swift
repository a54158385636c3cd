/// A parsed DICOM file: the preamble, the file meta group and the data set.
public struct DICOMFile: Sendable {
    /// The 128-byte preamble, nil for a bare data set (no "DICM" prefix).
    public var preamble: [UInt8]?
    /// Group 0002, always Explicit VR Little Endian; empty for a bare data set.
    public var meta: DataSet
    public var dataSet: DataSet
    public var transferSyntax: TransferSyntax
    /// The headers-only mode stopped at the top-level Pixel Data element.
    public let stoppedBeforePixelData: Bool
    /// The bytes the data set's values point into: the file, or the inflated data
    /// set of a Deflated file.
    public let source: ByteStorage
    /// Value offsets are offsets in the file (false for Deflated data sets).
    public let offsetsAreFileOffsets: Bool
    /// Where the data set starts in `source`.
    public let dataSetOffset: Int
    /// What the reader tolerated, each with its path and offset (odd lengths).
    public var warnings: [DICOMError] = []
    /// The data set's VR encoding as read (the first element decides, see DICOMReader).
    public var isExplicitVR = true
    /// When headers-only stopped at the top-level Pixel Data: its header's offset in the
    /// file, so its bytes can be sampled without reading them all (the gate's pixel sample).
    public var pixelDataOffset: Int?

    public init(
        preamble: [UInt8]?, meta: DataSet, dataSet: DataSet, transferSyntax: TransferSyntax,
        stoppedBeforePixelData: Bool, source: ByteStorage, offsetsAreFileOffsets: Bool, dataSetOffset: Int
    ) {
        self.preamble = preamble
        self.meta = meta
        self.dataSet = dataSet
        self.transferSyntax = transferSyntax
        self.stoppedBeforePixelData = stoppedBeforePixelData
        self.source = source
        self.offsetsAreFileOffsets = offsetsAreFileOffsets
        self.dataSetOffset = dataSetOffset
    }

    /// Parses a file in memory.
    public init(bytes: [UInt8], options: ParseOptions = .default) throws {
        self = try DICOMReader(options: options).read(ByteStorage(bytes))
    }

    /// Reads and parses a file. In headers-only mode only a prefix is read when the
    /// headers fit in it, so pixel data is neither read nor copied.
    public init(path: String, options: ParseOptions = .default) throws {
        self = try DICOMReader(options: options).read(path: path)
    }
}
