import DICOM

/// The values a pass writes: dummies by VR, empty values, remapped UIDs, shifted dates.
extension AnonymizationPass {
    /// D: the pseudonym for the patient's name and ID, the profile's dummy for other text,
    /// zeros for binary numbers. A date, time or number string gets a profile dummy value that
    /// fits its VR (`19000101` listed in dummy-values), else is emptied: the gate accepts in a
    /// D element only a pseudonym, a listed dummy or nothing, so a made-up date would fail it.
    mutating func dummy(_ element: Element, in holder: DataSet, parent: Tag?, path: TagPath) -> Element? {
        let tag = element.tag
        if element.items != nil {
            // A D sequence keeps its items with their own elements anonymized.
            return keep(element, in: holder, parent: parent, path: path)
        }
        if element.vr == .UI { return remapped(element, in: holder) }
        if HeaderCheck.textVRs.contains(element.vr) {
            if tag == Self.patientName || tag == Self.patientID {
                return replaced(element, with: pseudonym, .pseudonym)
            }
            let dummy = anonymizer.profile.dummyValues.first ?? Profile.defaultDummyValues[0]
            return replaced(element, with: dummy, .dummy)
        }
        if !element.vr.isString, let bytes = element.bytes {
            var copy = element
            copy.value = .bytes(ValueBytes([UInt8](repeating: 0, count: bytes.count)))
            record(tag, .dummy)
            return copy
        }
        // A dummy the gate accepts: one of the profile's dummy values that fits the VR.
        if let fitting = anonymizer.profile.dummyValues.first(where: { Self.fits($0, element.vr) }) {
            return replaced(element, with: fitting, .dummy)
        }
        return emptied(element)
    }

    /// Whether `value` is a valid value of a date, time or number VR (PS3.5 6.2).
    static func fits(_ value: String, _ vr: VR) -> Bool {
        let digits = value.allSatisfy(\.isASCII) && value.allSatisfy(\.isNumber)
        switch vr {
        case .DA: return digits && value.count == 8
        case .TM: return digits && [2, 4, 6].contains(value.count)
        case .DT: return digits && [4, 6, 8, 10, 12, 14].contains(value.count)
        case .IS: return Int32(value) != nil
        case .DS: return value.count <= 16 && Double(value) != nil
        case .AS: return value.count == 4 && value.prefix(3).allSatisfy(\.isNumber) && "DWMY".contains(value.last!)
        default: return false
        }
    }

    /// Z: present with zero length (a sequence without items).
    mutating func emptied(_ element: Element, kind: AnonymizationChange.Kind = .emptied) -> Element {
        record(element.tag, kind)
        return Self.empty(element)
    }

    static func empty(_ element: Element) -> Element {
        var copy = element
        copy.value = element.vr == .SQ || element.items != nil ? .sequence([]) : .bytes(ValueBytes([]))
        return copy
    }

    mutating func replaced(_ element: Element, with text: String, _ kind: AnonymizationChange.Kind) -> Element {
        record(element.tag, kind)
        return Self.with(element, text: text)
    }

    /// `text` (ASCII: pseudonyms, dummies, UIDs, dates) padded to even length by the VR's rule.
    static func with(_ element: Element, text: String) -> Element {
        var bytes = Array(text.utf8)
        if bytes.count & 1 == 1 { bytes.append(element.vr.paddingByte) }
        var copy = element
        copy.value = .bytes(ValueBytes(bytes))
        return copy
    }

    /// U: every value through the key's UID map, so references between files still resolve.
    mutating func remapped(_ element: Element, in holder: DataSet) -> Element {
        let values = holder.strings(element)
        guard values.contains(where: { !$0.isEmpty }) else { return element }
        let mapped = values.map { $0.isEmpty ? "" : anonymizer.derivations.uid(for: $0) }
        return replaced(element, with: mapped.joined(separator: "\\"), .uid)
    }

    /// C on a date or date-time: moved by the patient's shift; a value that is no date is emptied.
    mutating func shifted(_ element: Element, in holder: DataSet) -> Element {
        guard let value = holder.string(element), !value.isEmpty else { return element }
        do {
            let moved = element.vr == .DA ? try shift.shift(date: value) : try shift.shift(dateTime: value)
            return replaced(element, with: moved, .shifted)
        } catch {
            return emptied(element)
        }
    }
}
