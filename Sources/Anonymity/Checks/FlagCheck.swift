import DICOM

/// The de-identification flags, cross-checked: Patient Identity Removed must say
/// YES, the method must be recorded, the method codes must be exactly 113100 and one
/// per option of the profile, and Longitudinal Temporal Information Modified must
/// match the date option. A flag alone never clears a file: the element checks run
/// regardless; a wrong flag is one more finding.
struct FlagCheck {
    let profile: Profile

    static let identityRemoved = Tag(0x0012_0062)
    static let method = Tag(0x0012_0063)
    static let methodCodes = Tag(0x0012_0064)
    static let codeValue = Tag(0x0008_0100)
    static let temporalModified = Tag(0x0028_0303)

    func check(_ dataSet: DataSet, file: String) -> [Finding] {
        var findings: [Finding] = []
        func add(_ tag: Tag, _ message: String) {
            findings.append(
                Finding(
                    file: file, path: TagPath.root.appending(tag).description, rule: "deidentification-flag",
                    message: message))
        }
        if dataSet.string(Self.identityRemoved) != "YES" {
            add(Self.identityRemoved, "Patient Identity Removed is not YES")
        }
        if (dataSet.string(Self.method) ?? "").isEmpty && dataSet[Self.methodCodes] == nil {
            add(Self.method, "no De-identification Method or Method Code Sequence")
        }
        let expected = Set(["113100"] + profile.options.map(\.codeValue))
        if let items = dataSet[Self.methodCodes]?.items {
            let codes = Set(items.compactMap { $0.dataSet.string(Self.codeValue) })
            if codes != expected {
                let missing = expected.subtracting(codes).sorted().joined(separator: ", ")
                let extra = codes.subtracting(expected).sorted().joined(separator: ", ")
                add(
                    Self.methodCodes,
                    "method codes differ from the profile's options (missing: [\(missing)], extra: [\(extra)])")
            }
        } else {
            add(
                Self.methodCodes,
                "no De-identification Method Code Sequence (expected \(expected.sorted().joined(separator: ", ")))")
        }
        let modified = dataSet.string(Self.temporalModified)
        if profile.options.contains(.retainLongitudinalModifiedDates), modified != "MODIFIED" {
            add(
                Self.temporalModified,
                "Longitudinal Temporal Information Modified is not MODIFIED, as the date option requires")
        }
        if profile.options.contains(.retainLongitudinalFullDates), modified == "MODIFIED" {
            add(Self.temporalModified, "dates say MODIFIED but the profile retains full dates")
        }
        return findings
    }
}
