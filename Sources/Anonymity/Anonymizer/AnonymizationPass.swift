import DICOM

/// One file's walk through the rules: every element at every depth, the action Table E.1-1
/// gives it under the profile's options (the gate's own ``ResolvedTable``), the choice among
/// X, Z and D made by the attribute's type in the file's IOD. Collects what it changed.
struct AnonymizationPass {
    let anonymizer: Anonymizer
    let sopClass: String
    let pseudonym: String
    let shift: PatientTimeShift
    /// The names and identifiers the input holds, sought in the text that is kept.
    let repeats: RepeatCheck
    var changes: [AnonymizationChange: Int] = [:]

    static let patientName = Tag(0x0010_0010)
    static let patientID = Tag(0x0010_0020)

    mutating func record(_ tag: Tag, _ kind: AnonymizationChange.Kind) {
        changes[AnonymizationChange(tag: tag, kind: kind), default: 0] += 1
    }

    mutating func clean(_ dataSet: DataSet, parent: Tag?, path: TagPath) -> DataSet {
        // Private elements the profile allows keep the creators that reserve them.
        var allowed: Set<Tag> = []
        for element in dataSet.elements where element.tag.isPrivate && !element.tag.isPrivateCreator {
            if allowsPrivate(element.tag, in: dataSet) { allowed.insert(element.tag) }
        }
        let creators = Set(allowed.compactMap(\.privateCreatorTag))
        var kept: [Element] = []
        kept.reserveCapacity(dataSet.count)
        for element in dataSet.elements {
            let tag = element.tag
            let here = path.appending(tag)
            if tag.group & 1 == 1 {
                if creators.contains(tag) {
                    kept.append(element)
                } else if allowed.contains(tag) {
                    if let out = keep(element, in: dataSet, parent: parent, path: here) { kept.append(out) }
                } else {
                    record(tag, .removed)
                }
                continue
            }
            if let out = clean(element, in: dataSet, parent: parent, path: here) { kept.append(out) }
        }
        return DataSet(elements: kept, characterSet: dataSet.characterSet)
    }

    func allowsPrivate(_ tag: Tag, in dataSet: DataSet) -> Bool {
        let creator = dataSet.privateCreator(of: tag)
        let block = UInt8(truncatingIfNeeded: tag.element)
        return anonymizer.profile.privateElements.contains { rule in
            rule.creator == creator && rule.element == block && (rule.group == nil || rule.group == tag.group)
        }
    }

    mutating func clean(_ element: Element, in holder: DataSet, parent: Tag?, path: TagPath) -> Element? {
        let tag = element.tag
        if HeaderCheck.forbidden(tag) != nil {
            record(tag, .removed)
            return nil
        }
        guard let action = anonymizer.table.action(for: tag) else {
            return keep(element, in: holder, parent: parent, path: path)
        }
        switch form(of: action, tag: tag, parent: parent) {
        case .remove:
            // X on an attribute the IOD makes Type 2 or 2C (Responsible Person of an animal):
            // zero length, which holds nothing (the gate accepts it where X stands) and keeps
            // the attribute the IOD requires present.
            if let type = type(of: tag, parent: parent), type == .type2 || type == .type2C {
                return emptied(element)
            }
            record(tag, .removed)
            return nil
        case .empty:
            // PS3.15 lets Z hold a dummy: the patient's pseudonym keeps the files of a patient together.
            if tag == Self.patientName || tag == Self.patientID, element.vr.isString {
                return replaced(element, with: pseudonym, .pseudonym)
            }
            return emptied(element)
        case .dummy:
            return dummy(element, in: holder, parent: parent, path: path)
        case .uid:
            if element.vr == .UI { return remapped(element, in: holder) }
            return keep(element, in: holder, parent: parent, path: path)
        case .clean:
            if element.vr == .DA || element.vr == .DT { return shifted(element, in: holder) }
            return keep(element, in: holder, parent: parent, path: path)
        case .keep:
            return keep(element, in: holder, parent: parent, path: path)
        }
    }

    /// A single form as it is; a choice by the attribute's type (Type 1 → D, 2 → Z, else X).
    func form(of action: Action, tag: Tag, parent: Tag?) -> ActionForm {
        let forms = action.forms
        if forms.count == 1 { return forms.first! }
        return IODAttributeTypes.form(for: action, type: type(of: tag, parent: parent))
    }

    func type(of tag: Tag, parent: Tag?) -> AttributeType? {
        IODAttributeTypes.type(of: tag, sopClass: sopClass, within: parent)
    }

    /// Kept: a sequence's items walked, free text searched for what the gate looks for.
    mutating func keep(_ element: Element, in holder: DataSet, parent: Tag?, path: TagPath) -> Element? {
        if let items = element.items {
            var copy = element
            copy.value = .sequence(
                items.enumerated().map { index, item in
                    var item = item
                    item.dataSet = clean(item.dataSet, parent: element.tag, path: path.appending(item: index))
                    return item
                })
            return copy
        }
        guard HeaderCheck.textVRs.contains(element.vr), identifies(element, in: holder, path: path) else {
            return element
        }
        // Free text that names or identifies someone: gone where the IOD lets it go.
        let type = type(of: element.tag, parent: parent)
        if IODAttributeTypes.form(for: .removeOrEmpty, type: type) == .remove {
            record(element.tag, .removed)
            return nil
        }
        // Type 1 (Structure Set Label, an SR Text Value): a value must remain, so the
        // profile's dummy where the VR takes free text; coded strings are only emptied.
        if type == .type1 || type == .type1C, let dummy = textDummy(for: element.vr) {
            return replaced(element, with: dummy, .cleaned)
        }
        return emptied(element, kind: .cleaned)
    }

    /// The profile's first dummy value where `vr` holds free text and the value fits it.
    func textDummy(for vr: VR) -> String? {
        let limit: Int
        switch vr {
        case .SH: limit = 16
        case .LO, .PN: limit = 64
        case .ST, .LT, .UT, .UC: limit = 1024
        default: return nil
        }
        let dummy = anonymizer.profile.dummyValues.first ?? Profile.defaultDummyValues[0]
        return dummy.count <= limit && !dummy.contains("\\") ? dummy : nil
    }

    /// What the gate's text checks would find: an identifier pattern, or a name or identifier
    /// from the input's own elements.
    func identifies(_ element: Element, in holder: DataSet, path: TagPath) -> Bool {
        for value in HeaderCheck.values(element, in: holder) where !value.isEmpty {
            if anonymizer.header.isPseudonym(value) || anonymizer.profile.dummyValues.contains(value) { continue }
            let matches = TextCheck().matches(in: value)
            if !matches.isEmpty { return true }
            if !repeats.findings(in: value, vr: element.vr, path: path, file: "", reported: []).isEmpty {
                return true
            }
        }
        return false
    }
}
