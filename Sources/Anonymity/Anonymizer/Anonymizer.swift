import DICOM

/// Makes a file the gate accepts: the same Table E.1-1 rules under the same profile
/// options (the gate's ``ResolvedTable``), applied at every depth, file meta group
/// included; private elements the profile does not allow, overlays, curves, icons,
/// original attributes and signatures removed; free text that identifies emptied or
/// removed; pseudonym, UIDs and date shift from the key. Pixel data is never touched.
/// Files the gate's image rules refuse are left out. As a last step the gate's element
/// checks run on the result: what they still refuse is emptied (reported as a gate
/// fallback) and, if that is not enough, the file is left out, so nothing written fails.
public struct Anonymizer: Sendable {
    public let profile: Profile
    public let derivations: KeyedDerivations
    let format: PseudonymFormat
    let header: HeaderCheck
    var table: ResolvedTable { header.table }
    /// With anchors (`--scale-intervals`), each patient's dates are also scaled by the
    /// patient's factor from their earliest examination; without, only shifted.
    public var intervalAnchors: IntervalAnchors?

    public init(profile: Profile, derivations: KeyedDerivations, intervalAnchors: IntervalAnchors? = nil) throws {
        guard let text = profile.pseudonymFormat else { throw AnonymizerError.noPseudonymFormat }
        do { format = try PseudonymFormat(text) } catch { throw AnonymizerError.badPseudonymFormat(error.message) }
        self.profile = profile
        self.derivations = derivations
        self.intervalAnchors = intervalAnchors
        header = try HeaderCheck(profile: profile)
    }

    static let issuerOfPatientID = Tag(0x0010_0021)
    static let studyUID = Tag(0x0020_000D)
    static let seriesUID = Tag(0x0020_000E)
    static let sopInstanceUID = Tag(0x0008_0018)
    static let mediaStorageSOPClassUID = Tag(0x0002_0002)
    static let mediaStorageSOPInstanceUID = Tag(0x0002_0003)
    static let mediaStorageDirectory = "1.2.840.10008.1.3.10"
    static let implementationClass = Tag(0x0002_0012)
    static let implementationVersion = Tag(0x0002_0013)

    /// `file` must be read whole (pixel data included): the image rules judge its pixels
    /// and the writer copies them.
    public func anonymize(_ file: DICOMFile, name: String = "") -> AnonymizationResult {
        if file.meta.string(Self.mediaStorageSOPClassUID) == Self.mediaStorageDirectory {
            // Its records point at the input's file names and layout, which the output does not keep.
            return .leftOut(reasons: ["a DICOMDIR: it indexes the input's layout, not the output's"])
        }
        let refused = ImageCheck(profile: profile).check(file.dataSet, file: name)
        if !refused.isEmpty { return .leftOut(reasons: refused.map { "\($0.rule): \($0.message)" }) }
        let patient = PatientKey(of: file.dataSet)
        let shift: PatientTimeShift
        do {
            shift = try derivations.timeShift(
                forPatient: patient.id, issuer: patient.issuer, scalingFrom: intervalAnchors?.anchor(for: patient))
        } catch {
            return .leftOut(reasons: ["the patient's intervals cannot be scaled from \(error)"])
        }
        var pass = AnonymizationPass(
            anonymizer: self, sopClass: file.dataSet.string(ImageCheck.sopClass) ?? "",
            pseudonym: derivations.pseudonym(forPatient: patient.id, issuer: patient.issuer, format: format),
            shift: shift, repeats: repeats(in: file))
        var output = file
        output.preamble = nil  // 128 zero bytes: a preamble can hold anything (a TIFF header)
        output.meta = pass.clean(file.meta, parent: nil, path: .root)
        if !output.meta.isEmpty {
            // aida wrote the file: the implementation that made the input says where it came from.
            output.meta.set(
                DeidentificationFlags.text(Self.implementationClass, .UI, FileMetaBuilder.implementationClassUID))
            output.meta.set(
                DeidentificationFlags.text(Self.implementationVersion, .SH, FileMetaBuilder.implementationVersionName))
        }
        output.dataSet = pass.clean(file.dataSet, parent: nil, path: .root)
        var changes = pass.changes
        DeidentificationFlags(profile: profile).set(in: &output, changes: &changes)
        let remaining = applyGateFallback(to: &output, changes: &changes)
        if !remaining.isEmpty {
            return .leftOut(reasons: remaining.map { "\($0.path) \($0.rule): \($0.message)" })
        }
        // A file without one in its data set is named by its meta group's (remapped) instance UID.
        let sop = [output.dataSet.string(Self.sopInstanceUID), output.meta.string(Self.mediaStorageSOPInstanceUID)]
            .compactMap { $0 }.first { !$0.isEmpty }
        guard let sop else { return .leftOut(reasons: ["no SOP Instance UID to name the output after"]) }
        return .anonymized(
            AnonymizedFile(
                file: output, pseudonym: pass.pseudonym,
                studyUID: output.dataSet.string(Self.studyUID).flatMap { $0.isEmpty ? nil : $0 } ?? "no-study",
                seriesUID: output.dataSet.string(Self.seriesUID).flatMap { $0.isEmpty ? nil : $0 } ?? "no-series",
                sopInstanceUID: sop, changes: changes))
    }

    /// The names and identifiers the input holds, gathered as the gate gathers them.
    func repeats(in file: DICOMFile) -> RepeatCheck {
        var repeats = RepeatCheck()
        for dataSet in [file.meta, file.dataSet] {
            dataSet.forEachElement { path, element, holder in
                let refused = !header.checkElement(element, path: path, in: holder, file: "").isEmpty
                header.gather(element, path: path, in: holder, refused: refused, into: &repeats)
            }
        }
        return repeats
    }

    /// The gate's element, flag and date checks on the output. Each element still refused is
    /// emptied (a private or forbidden one removed) and the checks run again; what remains
    /// after that is returned.
    func applyGateFallback(to file: inout DICOMFile, changes: inout [AnonymizationChange: Int]) -> [Finding] {
        var findings = gateFindings(file)
        guard !findings.isEmpty else { return [] }
        for finding in findings {
            guard let path = TagPath(parsing: finding.path), case .tag(let first)? = path.steps.first else { continue }
            let remove = finding.rule == "private-element" || finding.rule == "forbidden"
            let edited =
                first.isFileMeta
                ? PathEdit.apply(to: &file.meta, path.steps[...], remove: remove)
                : PathEdit.apply(to: &file.dataSet, path.steps[...], remove: remove)
            if edited, let tag = path.lastTag {
                changes[AnonymizationChange(tag: tag, kind: .gateFallback), default: 0] += 1
            }
        }
        findings = gateFindings(file)
        return findings
    }

    func gateFindings(_ file: DICOMFile) -> [Finding] {
        header.checkElements(of: [file.meta, file.dataSet], file: "")
            + FlagCheck(profile: profile).check(file.dataSet, file: "")
            + DateCheck(profile: profile).check(file.dataSet, file: "")
    }
}
