import DICOM

/// The header half of the gate: every element at every depth, file meta group
/// included, against PS3.15 Table E.1-1 under the profile's options, the profile's
/// private-element allowances and UID roots, and the de-identification flags,
/// which are cross-checked, never trusted.
/// `@unchecked Sendable`: everything is immutable after init but the pseudonym memo,
/// which has its own lock, so one checker serves every worker thread.
public struct HeaderCheck: @unchecked Sendable {
    public let profile: Profile
    let pseudonym: PseudonymMatcher
    let table: ResolvedTable
    /// `2.25.` and the profile's roots with their dot, as bytes.
    let ownRoots: [[UInt8]]

    public init(profile: Profile) throws {
        self.profile = profile
        pseudonym = try PseudonymMatcher(pattern: profile.pseudonymPattern)
        table = ResolvedTable(options: profile.options)
        ownRoots = (["2.25"] + profile.uidRoots).map { Array(($0 + ".").utf8) }
    }

    /// Reads and checks one file. A file that cannot be read is a finding: the gate
    /// fails closed.
    public func check(path: String, name: String? = nil) -> [Finding] {
        let label = name ?? path
        do {
            // Headers only; the image rules sample pixels with a few short reads.
            let file = try DICOMFile(path: path, options: .headersOnly)
            return check(file, name: label, pixelSample: ImageCheck.sample(path: path, file: file))
        } catch let error as DICOMError {
            return [Finding(file: label, path: error.path.description, rule: "unreadable", message: error.message)]
        } catch {
            return [Finding(file: label, path: "", rule: "unreadable", message: "\(error)")]
        }
    }

    /// `pixelSample`: pixel values sampled from the file when `file` was read headers-only.
    public func check(_ file: DICOMFile, name: String, pixelSample: [UInt16]? = nil) -> [Finding] {
        var findings = checkElements(of: [file.meta, file.dataSet], file: name)
        findings += FlagCheck(profile: profile).check(file.dataSet, file: name)
        findings += DateCheck(profile: profile).check(file.dataSet, file: name)
        findings += ImageCheck(profile: profile).check(file.dataSet, file: name, pixelSample: pixelSample)
        return findings
    }

    /// Every element of `dataSets` at every depth: first against the table and the profile,
    /// gathering the names and identifiers the file holds; then the text of every element,
    /// where they must not be repeated. A finding's place in the report is its element's.
    func checkElements(of dataSets: [DataSet], file name: String) -> [Finding] {
        var repeats = RepeatCheck()
        var visited: [(path: TagPath, element: Element, holder: DataSet, findings: [Finding])] = []
        for dataSet in dataSets {
            dataSet.forEachElement { path, element, holder in
                let found = checkElement(element, path: path, in: holder, file: name)
                gather(element, path: path, in: holder, refused: !found.isEmpty, into: &repeats)
                if !found.isEmpty || Self.textVRs.contains(element.vr) {
                    visited.append((path, element, holder, found))
                }
            }
        }
        var findings: [Finding] = []
        for (path, element, holder, found) in visited {
            findings += found
            // An element refused already is not searched for repeats: one finding is enough.
            findings += checkText(element, path: path, in: holder, file: name, repeats: found.isEmpty ? repeats : nil)
        }
        return findings
    }

    func checkElement(_ element: Element, path: TagPath, in dataSet: DataSet, file: String) -> [Finding] {
        let tag = element.tag
        // Odd groups: private data, or groups 0001-0007 and FFFF, which PS3.5 7.8.1 gives to
        // no one; Table E.1-1's odd-group row covers them all.
        if tag.group & 1 == 1 { return checkPrivate(element, path: path, in: dataSet, file: file) }
        if let forbidden = Self.forbidden(tag) {
            return [
                Finding(file: file, path: path.description, rule: "forbidden", message: "\(forbidden) must be absent")
            ]
        }
        guard let action = table.action(for: tag) else { return [] }
        if action.allows(.keep) { return [] }
        // UIDs, the commonest replaced element, judged on their bytes: no String unless one fails.
        if element.vr == .UI, action.allows(.uid), let bytes = element.bytes, isOwnUIDList(bytes) { return [] }
        let values = Self.values(element, in: dataSet)
        // The name and the masked value only when there is a finding: most elements pass.
        func finding(_ message: String) -> [Finding] {
            let name = ConfidentialityTable.rule(for: tag)?.name ?? tag.description
            return [
                Finding(
                    file: file, path: path.description, rule: "table-e1-1",
                    message: "\(name) (\(action.code)): \(message)", value: Finding.mask(values.joined(separator: "\\")))
            ]
        }
        // Empty, or nothing but padding and delimiters ("^^^^", "----"): what Z means, and
        // harmless where X stands too (a sequence without items included): nothing in it
        // can identify anyone.
        if Self.isEmpty(element) || Self.isBlank(element, values) { return [] }
        if action.allows(.clean) { return [] }  // free text is the text checks' business
        if element.vr == .UI, action.allows(.uid) {
            let bad = values.filter { !isOwnUID($0) }
            return bad.isEmpty ? [] : finding("UID not under 2.25. or the profile's roots")
        }
        if element.vr == .SQ {
            // D keeps the sequence with dummy content, U* with its references' UIDs replaced:
            // either way its items are what is checked, element by element, at every depth.
            if action.allows(.dummy) || action.allows(.uid) { return [] }
            return finding(action.allows(.empty) ? "sequence must be empty" : "sequence must be absent")
        }
        if action.allows(.empty) || action.allows(.dummy) {
            let allowed = values.allSatisfy { value in
                pseudonym.matches(value)
                    || action.allows(.dummy) && profile.dummyValues.contains(value)
            }
            if allowed { return [] }
            return finding(action.allows(.dummy) ? "not a pseudonym or a dummy value" : "must be empty or a pseudonym")
        }
        return finding("must be absent")
    }

    func checkPrivate(_ element: Element, path: TagPath, in dataSet: DataSet, file: String) -> [Finding] {
        let tag = element.tag
        // A creator is reported through the elements it reserves; a sequence in its slot is data.
        if tag.isPrivateCreator && element.vr != .SQ || tag.isGroupLength { return [] }
        let creator = dataSet.privateCreator(of: tag)
        let block = UInt8(truncatingIfNeeded: tag.element)
        let allowed = profile.privateElements.contains { rule in
            rule.creator == creator && rule.element == block && (rule.group == nil || rule.group == tag.group)
        }
        if allowed { return [] }
        let owner = !tag.isPrivate ? "a group reserved to no one" : creator.map { "creator \"\($0)\"" } ?? "no creator"
        return [
            Finding(
                file: file, path: path.description, rule: "private-element",
                message: "private element (\(owner)) not allowed by the profile",
                value: Finding.mask(Self.values(element, in: dataSet).joined(separator: "\\")))
        ]
    }

    /// UIDs from `2.25.` (UUID-derived) or under one of the profile's own roots.
    func isOwnUID(_ uid: String) -> Bool {
        uid.hasPrefix("2.25.") || profile.uidRoots.contains { uid.hasPrefix($0 + ".") }
    }

    /// `isOwnUID` of every value of a UI element, read from its bytes (values split at `\`,
    /// trailing NUL and space padding dropped, as the string reading does). False for an
    /// empty value among them, which the string path then reports.
    func isOwnUIDList(_ bytes: ValueBytes) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard !raw.isEmpty else { return false }
            return raw.split(separator: 0x5C, omittingEmptySubsequences: false).allSatisfy { value in
                var end = value.endIndex
                while end > value.startIndex, value[end - 1] == 0 || value[end - 1] == 0x20 { end -= 1 }
                let uid = value[value.startIndex..<end]
                return ownRoots.contains { root in uid.count > root.count && uid.starts(with: root) }
            }
        }
    }

    static func isEmpty(_ element: Element) -> Bool {
        switch element.value {
        case .bytes(let bytes): bytes.withUnsafeBytes { raw in raw.allSatisfy { $0 == 0x20 || $0 == 0x00 } }
        case .sequence(let items): items.isEmpty
        case .encapsulated: false
        }
    }

    /// A string value with no letter and no digit in any of its values.
    static func isBlank(_ element: Element, _ values: [String]) -> Bool {
        element.vr.isString && values.allSatisfy { !$0.contains { $0.isLetter || $0.isNumber } }
    }

    static func values(_ element: Element, in dataSet: DataSet) -> [String] {
        if element.vr == .PN { return dataSet.personNames(element).map(\.description) }
        if element.vr.isString { return dataSet.strings(element) }
        return []
    }

    /// Elements that must never reach the hub whatever the table says: overlays and
    /// curves (burned-in text, annotations), icon images, the original and modified
    /// attributes (they hold the values before de-identification), signatures.
    static func forbidden(_ tag: Tag) -> String? {
        switch tag.group & 0xFF00 {
        case 0x6000 where tag.group & 1 == 0: return "overlay \(tag)"
        case 0x5000 where tag.group & 1 == 0: return "curve \(tag)"
        default: break
        }
        switch tag.rawValue {
        case 0x0088_0200: return "Icon Image Sequence"
        case 0x0400_0561: return "Original Attributes Sequence"
        case 0x0400_0550: return "Modified Attributes Sequence"
        case 0xFFFA_FFFA: return "Digital Signatures Sequence"
        case 0x4FFE_0001: return "MAC Parameters Sequence"
        case 0x0400_0500: return "Encrypted Attributes Sequence"
        default: return nil
        }
    }

    /// VRs that hold free text or codes a person could type an identifier into; dates,
    /// numbers, ages and UIDs have formats that cannot.
    static let textVRs: Set<VR> = [.SH, .LO, .ST, .LT, .UT, .UC, .PN, .CS, .AE, .UR]

    func checkText(_ element: Element, path: TagPath, in dataSet: DataSet, file: String, repeats: RepeatCheck?)
        -> [Finding]
    {
        guard Self.textVRs.contains(element.vr) else { return [] }
        // The prefilter on the raw bytes first: in every character set DICOM allows, a digit
        // or an @ of the decoded text is that ASCII byte, so the bytes never count fewer.
        if repeats?.isEmpty ?? true, let bytes = element.bytes, !bytes.withUnsafeBytes(TextCheck.mightMatch) {
            return []
        }
        var findings: [Finding] = []
        for value in Self.values(element, in: dataSet) where !value.isEmpty {
            let searched = TextCheck.mightMatch(value)
            if !searched && (repeats?.isEmpty ?? true) { continue }
            // A pseudonym is fine by definition, whatever digits it holds (asked only now:
            // most values cannot hold an identifier at all).
            if isPseudonym(value) { continue }
            let matches = searched ? TextCheck().matches(in: value) : []
            let repeated =
                repeats?.findings(in: value, vr: element.vr, path: path, file: file, reported: matches) ?? []
            for match in matches {
                findings.append(
                    Finding(
                        file: file, path: path.description, rule: match.rule,
                        message: "\(Self.ruleNames[match.rule] ?? match.rule) in the text",
                        value: Finding.mask(match.text)))
            }
            findings += repeated
        }
        return findings
    }

    static let ruleNames = [
        "personnummer": "a Swedish personal identity or coordination number", "hsa-id": "an HSA-id",
        "phone": "a phone number", "email": "an e-mail address",
    ]

    /// What identifies someone, for ``RepeatCheck``: every person name that is not a
    /// pseudonym or a dummy (whatever the table says of its element), and the values of the
    /// standard elements refused here (what the table removes, empties or replaces).
    func gather(_ element: Element, path: TagPath, in holder: DataSet, refused: Bool, into repeats: inout RepeatCheck) {
        if element.vr == .PN {
            for name in holder.personNames(element) {
                let whole = name.description
                if !whole.contains(where: { $0.isLetter || $0.isNumber }) || isPseudonym(whole)
                    || profile.dummyValues.contains(whole)
                {
                    continue
                }
                repeats.add(name, path: path.description)
            }
        } else if refused, element.tag.group & 1 == 0, Self.textVRs.contains(element.vr) {
            for value in Self.values(element, in: holder) where !isPseudonym(value) {
                if !profile.dummyValues.contains(value) { repeats.add(identifier: value, path: path.description) }
            }
        }
    }

    func isPseudonym(_ value: String) -> Bool { pseudonym.matches(value) }
}
