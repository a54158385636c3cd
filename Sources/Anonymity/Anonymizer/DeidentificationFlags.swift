import DICOM

/// The elements that say what was done, set after everything else (PS3.15 E.1.1):
/// Patient Identity Removed, the method as text and as codes (113100 and one per option,
/// exactly what the gate's flag check expects), and whether dates were modified.
struct DeidentificationFlags {
    let profile: Profile

    static let methodText = "aida: PS3.15 Basic Application Confidentiality Profile"
    static let codeValue = Tag(0x0008_0100)
    static let codingScheme = Tag(0x0008_0102)
    static let codeMeaning = Tag(0x0008_0104)

    func set(in file: inout DICOMFile, changes: inout [AnonymizationChange: Int]) {
        func put(_ element: Element) {
            file.dataSet.set(element)
            changes[AnonymizationChange(tag: element.tag, kind: .set), default: 0] += 1
        }
        put(Self.text(FlagCheck.identityRemoved, .CS, "YES"))
        put(Self.text(FlagCheck.method, .LO, Self.methodText))
        var codes = [(ProfileOption.basicProfileCodeValue, ProfileOption.basicProfileCodeMeaning)]
        for option in ProfileOption.allCases where profile.options.contains(option) {
            codes.append((option.codeValue, option.codeMeaning))
        }
        let items = codes.map { value, meaning in
            Item(
                dataSet: DataSet(
                    elements: [
                        Self.text(Self.codeValue, .SH, value),
                        Self.text(Self.codingScheme, .SH, ProfileOption.codingSchemeDesignator),
                        Self.text(Self.codeMeaning, .LO, meaning),
                    ], characterSet: file.dataSet.characterSet))
        }
        put(Element(tag: FlagCheck.methodCodes, vr: .SQ, value: .sequence(items)))
        let temporal =
            profile.options.contains(.retainLongitudinalModifiedDates)
            ? "MODIFIED" : profile.options.contains(.retainLongitudinalFullDates) ? "UNMODIFIED" : "REMOVED"
        put(Self.text(FlagCheck.temporalModified, .CS, temporal))
    }

    static func text(_ tag: Tag, _ vr: VR, _ value: String) -> Element {
        AnonymizationPass.with(Element(tag: tag, vr: vr, bytes: []), text: value)
    }
}
