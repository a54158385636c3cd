import DICOM

/// What ``Anonymizer`` made of one file: the anonymized file with where it goes, or the
/// reasons it is not shared at all.
public enum AnonymizationResult: Sendable {
    case anonymized(AnonymizedFile)
    /// The gate's image rules refuse the file (denied SOP class, burned-in annotation, ...),
    /// or the anonymized file still fails the gate: each reason a finding's rule and message.
    case leftOut(reasons: [String])
}

/// One anonymized file and the values its output path is made of (all already replaced).
public struct AnonymizedFile: Sendable {
    public var file: DICOMFile
    public let pseudonym: String
    public let studyUID: String
    public let seriesUID: String
    public let sopInstanceUID: String
    /// What was done to which tag, and how often in this file.
    public var changes: [AnonymizationChange: Int]

    /// `<pseudonym>/<study>/<series>/<sop>.dcm`; the parts are pseudonyms and `2.25.` UIDs,
    /// so none holds a `/`.
    public var relativePath: String {
        "\(pseudonym)/\(studyUID)/\(seriesUID)/\(sopInstanceUID).dcm"
    }
}

/// One kind of change to one tag (wherever it sits), for the run's report.
public struct AnonymizationChange: Sendable, Hashable, Comparable {
    public enum Kind: String, Sendable, Hashable {
        case removed, emptied, dummy, pseudonym, uid, shifted, cleaned, set
        /// Emptied after the gate still refused the value the rules produced.
        case gateFallback = "gate-fallback"
    }

    public let tag: Tag
    public let kind: Kind

    public init(tag: Tag, kind: Kind) {
        self.tag = tag
        self.kind = kind
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.tag != rhs.tag ? lhs.tag < rhs.tag : lhs.kind.rawValue < rhs.kind.rawValue
    }
}
