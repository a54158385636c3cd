import DICOM

/// A patient as the anonymizer tells patients apart: Patient ID and, when not empty,
/// Issuer of Patient ID (two hospitals may give one ID to different people).
public struct PatientKey: Hashable, Sendable, Comparable {
    public let id: String
    public let issuer: String?

    public init(id: String, issuer: String?) {
        self.id = id
        self.issuer = issuer.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The patient of a data set; a missing Patient ID is the empty one.
    public init(of dataSet: DataSet) {
        self.init(
            id: dataSet.string(AnonymizationPass.patientID) ?? "", issuer: dataSet.string(Anonymizer.issuerOfPatientID))
    }

    public static func < (a: PatientKey, b: PatientKey) -> Bool {
        (a.id, a.issuer ?? "") < (b.id, b.issuer ?? "")
    }
}

/// Each patient's earliest examination date, collected over all inputs by a first,
/// headers-only pass, so that `--scale-intervals` scales every date of a patient from
/// one anchor whatever file it is in and whatever order the files are done in.
public struct IntervalAnchors: Sendable, Equatable {
    public private(set) var dates: [PatientKey: String] = [:]

    public init() {}

    /// Where a file's examination date is read from, in order: the first that holds a date.
    public static let dateTags = [
        Tag(0x0008_0020),  // Study Date
        Tag(0x0008_0021),  // Series Date
        Tag(0x0008_0022),  // Acquisition Date
        Tag(0x0008_0023),  // Content Date
    ]

    /// The file's examination date (YYYYMMDD): Study Date, else Series, Acquisition or
    /// Content Date; the first of several values; nil when none holds a valid date.
    public static func examinationDate(of dataSet: DataSet) -> String? {
        for tag in dateTags {
            guard let element = dataSet[tag], element.vr == .DA else { continue }
            let first = PatientTimeShift.trimmed(
                Substring(dataSet.string(element) ?? "").split(separator: "\\").first ?? "")
            if first.count == 8, CivilTime(dateTime: first) != nil { return String(first) }
        }
        return nil
    }

    /// Takes `date` for `patient` if it is earlier than the one held.
    public mutating func add(_ date: String, for patient: PatientKey) {
        if let held = dates[patient], held <= date { return }
        dates[patient] = date
    }

    /// Takes the data set's examination date, if it has one.
    public mutating func add(_ dataSet: DataSet) {
        guard let date = Self.examinationDate(of: dataSet) else { return }
        add(date, for: PatientKey(of: dataSet))
    }

    public func anchor(for patient: PatientKey) -> String? { dates[patient] }
}
