/// An anonymization profile: the file in a dataset that says what "anonymous" means
/// for it. It names PS3.15 Table E.1-1 (edition pinned) and its options, and adds the
/// dataset's own rules. Its hash (``hash``) is sha256 of a canonical form, so layout,
/// comments and key order do not change it; every commit records it.
public struct Profile: Sendable, Equatable {
    /// The edition of Table E.1-1 the rules come from; a profile naming another is refused,
    /// since the same options would then mean other actions.
    public static let tableEdition = "PS3.15 Table E.1-1 2024b + rows to 2026d"
    public static let fileName = "anonymization-profile.yaml"

    public var table: String
    public var options: Set<ProfileOption>
    /// A regular expression a pseudonym in a Z or D element must match entirely.
    public var pseudonymPattern: String
    /// How `aida anonymize` writes pseudonyms (``PseudonymFormat``), checked at load to
    /// match ``pseudonymPattern``. When the file gives none: the default format if it
    /// matches the pattern, else nil (the gate checks; anonymizing needs a format).
    public var pseudonymFormat: String?
    /// Values that count as dummies for D actions, besides a pseudonym.
    public var dummyValues: [String]
    /// UID roots of the dataset's own, besides `2.25.` which is always accepted.
    public var uidRoots: [String]
    public var privateElements: [AllowedPrivateElement]
    public var tables: TableRules
    public var images: ImageRules
    public var review: ReviewRules
    /// Files other than DICOM, tables and text that may be shared, each with why.
    public var allowedFiles: [AllowedFile]

    public struct AllowedPrivateElement: Sendable, Equatable, Hashable {
        public var creator: String
        /// The element within the creator's block: 0x00–0xFF (the `xx` of (gggg,10xx)).
        public var element: UInt8
        /// The group, or nil for any private group the creator reserves.
        public var group: UInt16?
        public var reason: String
    }

    public struct TableRules: Sendable, Equatable {
        public var quasiIdentifiers: [String]
        public var sensitive: [String]
        public var k: Int
        public var l: Int
    }

    public struct ImageRules: Sendable, Equatable {
        /// An image whose most common pixel value covers at least this fraction is
        /// refused (usually a picture of text).
        public var uniformFraction: Double
        public var deniedSOPClasses: [String]
    }

    public struct ReviewRules: Sendable, Equatable {
        public var required: Bool
        /// One examination in this many is picked for full human review.
        public var sampleOneIn: Int
        /// A commit adding at least this many examinations needs a review sign-off.
        public var threshold: Int
    }

    public struct AllowedFile: Sendable, Equatable, Hashable {
        public var pattern: String
        public var reason: String
    }

    /// The dummy values a D action may hold when the profile lists none.
    public static let defaultDummyValues = ["ANONYMOUS"]

    /// SOP classes refused by default: secondary capture, encapsulated PDF, dose SR,
    /// screenshots (PS3.4 and the policy's Appendix 3).
    public static let defaultDeniedSOPClasses = [
        "1.2.840.10008.5.1.4.1.1.7",  // Secondary Capture Image Storage
        "1.2.840.10008.5.1.4.1.1.7.1", "1.2.840.10008.5.1.4.1.1.7.2", "1.2.840.10008.5.1.4.1.1.7.3",
        "1.2.840.10008.5.1.4.1.1.7.4",  // multi-frame secondary capture
        "1.2.840.10008.5.1.4.1.1.104.1",  // Encapsulated PDF Storage
        "1.2.840.10008.5.1.4.1.1.88.67",  // X-Ray Radiation Dose SR Storage
        "1.2.840.10008.5.1.4.1.1.88.68",  // Radiopharmaceutical Radiation Dose SR Storage
    ]
}
