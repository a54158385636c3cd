/// How a data set after the file meta group is encoded (PS3.5 10).
public struct TransferSyntax: Hashable, Sendable, CustomStringConvertible {
    public let uid: String
    public let isExplicitVR: Bool
    public let isBigEndian: Bool
    /// The data set is a raw deflate stream (PS3.5 A.5).
    public let isDeflated: Bool
    /// Pixel data is a sequence of fragments (PS3.5 A.4), walked but never decoded.
    public let isEncapsulated: Bool

    public init(uid: String, explicitVR: Bool, bigEndian: Bool, deflated: Bool, encapsulated: Bool) {
        self.uid = uid
        isExplicitVR = explicitVR
        isBigEndian = bigEndian
        isDeflated = deflated
        isEncapsulated = encapsulated
    }

    public static let implicitVRLittleEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2", explicitVR: false, bigEndian: false, deflated: false, encapsulated: false)
    public static let explicitVRLittleEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2.1", explicitVR: true, bigEndian: false, deflated: false, encapsulated: false)
    public static let explicitVRBigEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2.2", explicitVR: true, bigEndian: true, deflated: false, encapsulated: false)
    public static let deflatedExplicitVRLittleEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2.1.99", explicitVR: true, bigEndian: false, deflated: true, encapsulated: false)

    /// The transfer syntax a UID names, or nil for one this reader does not know:
    /// guessing an unknown encoding could misread every element after the meta group.
    public init?(uid rawUID: String) {
        let uid = TransferSyntax.trimmed(rawUID)
        switch uid {
        case Self.implicitVRLittleEndian.uid: self = .implicitVRLittleEndian
        case Self.explicitVRLittleEndian.uid: self = .explicitVRLittleEndian
        case Self.explicitVRBigEndian.uid: self = .explicitVRBigEndian
        case Self.deflatedExplicitVRLittleEndian.uid: self = .deflatedExplicitVRLittleEndian
        // JPIP Referenced Deflate: deflated, pixel data referenced, not encapsulated.
        case "1.2.840.10008.1.2.4.95":
            self.init(uid: uid, explicitVR: true, bigEndian: false, deflated: true, encapsulated: false)
        // JPIP Referenced: native encoding, pixel data referenced by URL.
        case "1.2.840.10008.1.2.4.94":
            self.init(uid: uid, explicitVR: true, bigEndian: false, deflated: false, encapsulated: false)
        default:
            guard Self.encapsulatedUIDs.contains(uid) else { return nil }
            self.init(uid: uid, explicitVR: true, bigEndian: false, deflated: false, encapsulated: true)
        }
    }

    /// Every registered encapsulated transfer syntax (PS3.6 Table A-1, 2025).
    static let encapsulatedUIDs: Set<String> = [
        "1.2.840.10008.1.2.1.98",  // Encapsulated Uncompressed Explicit VR LE
        "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.52",
        "1.2.840.10008.1.2.4.53", "1.2.840.10008.1.2.4.54", "1.2.840.10008.1.2.4.55",
        "1.2.840.10008.1.2.4.56", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.58",
        "1.2.840.10008.1.2.4.59", "1.2.840.10008.1.2.4.60", "1.2.840.10008.1.2.4.61",
        "1.2.840.10008.1.2.4.62", "1.2.840.10008.1.2.4.63", "1.2.840.10008.1.2.4.64",
        "1.2.840.10008.1.2.4.65", "1.2.840.10008.1.2.4.66", "1.2.840.10008.1.2.4.70",
        "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90",
        "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93",
        "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.100.1", "1.2.840.10008.1.2.4.101",
        "1.2.840.10008.1.2.4.101.1", "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.102.1",
        "1.2.840.10008.1.2.4.103", "1.2.840.10008.1.2.4.103.1", "1.2.840.10008.1.2.4.104",
        "1.2.840.10008.1.2.4.104.1", "1.2.840.10008.1.2.4.105", "1.2.840.10008.1.2.4.105.1",
        "1.2.840.10008.1.2.4.106", "1.2.840.10008.1.2.4.106.1", "1.2.840.10008.1.2.4.107",
        "1.2.840.10008.1.2.4.108", "1.2.840.10008.1.2.4.110", "1.2.840.10008.1.2.4.111",
        "1.2.840.10008.1.2.4.112", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
        "1.2.840.10008.1.2.4.203", "1.2.840.10008.1.2.4.204", "1.2.840.10008.1.2.4.205",
        "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.6.1", "1.2.840.10008.1.2.6.2",
        "1.2.840.10008.1.2.8.1", "1.2.840.10008.1.2.8.2", "1.2.840.10008.1.2.8.3",
        "1.2.840.10008.1.2.8.4", "1.2.840.10008.1.2.8.5", "1.2.840.10008.1.2.8.6",
        "1.2.840.10008.1.2.8.7",
    ]

    /// UI values are padded with NUL (and, in the wild, spaces).
    static func trimmed(_ uid: String) -> String {
        var text = Substring(uid)
        // removeLast: Substring's dropLast() is O(n), which made trimming quadratic.
        while let last = text.last, last == "\0" || last == " " { text.removeLast() }
        while let first = text.first, first == " " { text = text.dropFirst() }
        return String(text)
    }

    public var description: String { uid }
}
