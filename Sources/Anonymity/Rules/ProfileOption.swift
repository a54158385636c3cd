/// The options of PS3.15 Annex E that Table E.1-1 has a column for. Each names
/// the code a de-identified file declares in De-identification Method Code
/// Sequence (0012,0064), so a check can compare a file's claim with its content.
public enum ProfileOption: String, CaseIterable, Sendable {
    case cleanDescriptors = "clean-descriptors"
    case cleanStructuredContent = "clean-structured-content"
    case cleanGraphics = "clean-graphics"
    case retainLongitudinalFullDates = "retain-longitudinal-full-dates"
    case retainLongitudinalModifiedDates = "retain-longitudinal-modified-dates"
    case retainPatientCharacteristics = "retain-patient-characteristics"
    case retainDeviceIdentity = "retain-device-identity"
    case retainUIDs = "retain-uids"
    case retainSafePrivate = "retain-safe-private"
    case retainInstitutionIdentity = "retain-institution-identity"

    /// The coding scheme of `codeValue`: DICOM's own (PS3.16 CID 7050).
    public static let codingSchemeDesignator = "DCM"

    /// Code Value in the DCM scheme (PS3.16 CID 7050).
    public var codeValue: String {
        switch self {
        case .cleanGraphics: "113103"
        case .cleanStructuredContent: "113104"
        case .cleanDescriptors: "113105"
        case .retainLongitudinalFullDates: "113106"
        case .retainLongitudinalModifiedDates: "113107"
        case .retainPatientCharacteristics: "113108"
        case .retainDeviceIdentity: "113109"
        case .retainUIDs: "113110"
        case .retainSafePrivate: "113111"
        case .retainInstitutionIdentity: "113112"
        }
    }

    /// Code Meaning as PS3.16 gives it, "Option" included (what `gen_dataset.py`
    /// and common de-identifiers write).
    public var codeMeaning: String {
        switch self {
        case .cleanGraphics: "Clean Graphics Option"
        case .cleanStructuredContent: "Clean Structured Content Option"
        case .cleanDescriptors: "Clean Descriptors Option"
        case .retainLongitudinalFullDates: "Retain Longitudinal Temporal Information Full Dates Option"
        case .retainLongitudinalModifiedDates: "Retain Longitudinal Temporal Information Modified Dates Option"
        case .retainPatientCharacteristics: "Retain Patient Characteristics Option"
        case .retainDeviceIdentity: "Retain Device Identity Option"
        case .retainUIDs: "Retain UIDs Option"
        case .retainSafePrivate: "Retain Safe Private Option"
        case .retainInstitutionIdentity: "Retain Institution Identity Option"
        }
    }

    /// The option whose code is `codeValue`, for reading a file's declaration.
    public init?(codeValue: String) {
        guard let option = Self.allCases.first(where: { $0.codeValue == codeValue }) else { return nil }
        self = option
    }

    /// The Basic Application Confidentiality Profile itself, declared beside
    /// the options (DCM 113100).
    public static let basicProfileCodeValue = "113100"
    public static let basicProfileCodeMeaning = "Basic Application Confidentiality Profile"

    /// The two Retain Longitudinal Temporal Information variants are alternatives
    /// (PS3.15 E.3.6): dates are kept as they are or shifted, not both.
    public static let alternatives: [Set<ProfileOption>] = [
        [.retainLongitudinalFullDates, .retainLongitudinalModifiedDates]
    ]
}
