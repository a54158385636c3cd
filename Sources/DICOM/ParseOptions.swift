/// Limits and modes for one parse. Every limit bounds work or memory that a
/// hostile file could otherwise make unbounded.
public struct ParseOptions: Sendable {
    /// Stop at the top-level Pixel Data element (7FE0,0010), reading nothing after it.
    public var stopBeforePixelData: Bool
    /// Sequences nested deeper than this are refused; real files stay far below.
    public var maxSequenceDepth: Int
    /// Elements in the whole data set, sequence items and the elements in them included.
    public var maxElements: Int
    /// A Deflated data set may inflate to at most this many bytes.
    public var maxInflatedSize: Int
    /// Check that native pixel data holds what Rows, Columns, Bits Allocated,
    /// Samples per Pixel and Number of Frames declare.
    public var checkPixelData: Bool
    /// Refuse odd value lengths (PS3.5 7.1.1 requires even ones). Off by default:
    /// real vendor files have them (deid-data's CT brain has a 5-byte private
    /// value), so they are reported in ``DICOMFile/warnings`` instead.
    public var rejectOddLengths: Bool

    public init(
        stopBeforePixelData: Bool = false, maxSequenceDepth: Int = 128, maxElements: Int = 1 << 22,
        maxInflatedSize: Int = 256 << 20, checkPixelData: Bool = true, rejectOddLengths: Bool = false
    ) {
        self.rejectOddLengths = rejectOddLengths
        self.stopBeforePixelData = stopBeforePixelData
        self.maxSequenceDepth = maxSequenceDepth
        self.maxElements = maxElements
        self.maxInflatedSize = maxInflatedSize
        self.checkPixelData = checkPixelData
    }

    public static let `default` = ParseOptions()
    public static let headersOnly = ParseOptions(stopBeforePixelData: true)
}
