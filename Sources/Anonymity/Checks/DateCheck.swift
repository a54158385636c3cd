import DICOM

/// Dates and times that the profile keeps only because its date option says they are
/// shifted, in a file that does not say it shifted them: each one is reported, not just
/// the missing flag, since an unshifted examination date is an identifying value. (The
/// shift itself cannot be seen in one file: the gate checks the claim and its scope,
/// `aida anonymize` makes the shift.) The device dates that Retain Device Identity would
/// keep are among them: with the date option the table's conflict resolves to C (shifted,
/// Docs/gate.md, Option conflicts), since a real calibration date beside shifted
/// examination dates would give the shift away.
struct DateCheck {
    let profile: Profile
    static let temporalVRs: Set<VR> = [.DA, .DT, .TM]

    func check(_ dataSet: DataSet, file: String) -> [Finding] {
        guard profile.options.contains(.retainLongitudinalModifiedDates),
            dataSet.string(FlagCheck.temporalModified) != "MODIFIED"
        else { return [] }
        var unshifted = profile.options
        unshifted.remove(.retainLongitudinalModifiedDates)
        var findings: [Finding] = []
        dataSet.forEachElement { path, element, holder in
            guard Self.temporalVRs.contains(element.vr), !element.tag.isPrivate, !HeaderCheck.isEmpty(element),
                let kept = ConfidentialityTable.action(for: element.tag, options: profile.options),
                let without = ConfidentialityTable.action(for: element.tag, options: unshifted),
                kept != without
            else { return }
            let name = ConfidentialityTable.rule(for: element.tag)?.name ?? element.tag.description
            findings.append(
                Finding(
                    file: file, path: path.description, rule: "date-not-shifted",
                    message: "\(name): kept as a shifted date, but Longitudinal Temporal Information Modified "
                        + "is not MODIFIED",
                    value: Finding.mask(holder.strings(element).joined(separator: "\\"))))
        }
        return findings
    }
}
