import DICOM
import Foundation

/// What a file holds about whom it shows, searched for in the rest of its text: the words of
/// every person name that is not a pseudonym or a dummy (rule `name`), and the identifiers
/// the file holds in elements the table removes, empties or replaces (rule `identifier`): a
/// patient ID, an accession number, a name component with digits such as `PANCREAS_0001`.
/// A description, a file path or a label that repeats them identifies as much as the
/// element they came from, and an anonymizer that cleans the element leaves the copy.
///
/// Only elements that no other rule refuses are searched (a patient ID that repeats the
/// accession number is one finding, not two), and a repeat that a pattern rule reported
/// already (a personnummer typed into a comment) is not reported again.
struct RepeatCheck {
    /// Upper-cased name words: 3 letters or more, from a name component without digits,
    /// and not a word of the standard's own vocabulary (``StandardVocabulary``): a PN that
    /// holds "Modality^LUT^Test" or "Phantom" names no one, and would otherwise make every
    /// description that uses those words a finding.
    private(set) var names: Set<String> = []
    /// Upper-cased identifiers (4 characters or more, a digit among them), each with the
    /// paths of the elements it was read from.
    private(set) var identifiers: [String: Set<String>] = [:]

    var isEmpty: Bool { names.isEmpty && identifiers.isEmpty }

    /// One person name: a component with a digit is an identifier as a whole (an ID typed
    /// into the name field); the others give their words.
    mutating func add(_ name: PersonName, path: String) {
        for group in [name.alphabetic, name.ideographic, name.phonetic] {
            for component in group.split(separator: "^") {
                if component.contains(where: \.isNumber) {
                    add(identifier: String(component), path: path)
                    continue
                }
                for word in Self.words(component) where word.count >= 3 && !StandardVocabulary.words.contains(word) {
                    names.insert(word)
                }
            }
        }
    }

    /// One value of an element the table removes, empties or replaces.
    mutating func add(identifier value: String, path: String) {
        let token = value.trimmingCharacters(in: .whitespaces).uppercased()
        guard token.count >= 4, token.contains(where: \.isNumber) else { return }
        identifiers[token, default: []].insert(path)
    }

    /// The repeats in one value of the text element at `path`. Names are not sought in
    /// person names (they are the names) nor in code strings (defined terms, such as
    /// PERFUSION or PANCREAS, not typed text); identifiers are sought in every text VR,
    /// a file path in a CS included. `reported`: what the pattern rules found in the value.
    func findings(in value: String, vr: VR, path: TagPath, file: String, reported: [TextCheck.Match]) -> [Finding] {
        if isEmpty { return [] }
        var findings: [Finding] = []
        if vr != .PN, vr != .CS, !names.isEmpty {
            for word in Self.words(value[...]) where names.contains(word) {
                findings.append(
                    Finding(
                        file: file, path: path.description, rule: "name",
                        message: "a name from this file's person-name elements", value: Finding.mask(word)))
            }
        }
        guard !identifiers.isEmpty else { return findings }
        let upper = value.uppercased()
        let here = path.description
        let found = identifiers.filter { token, sources in
            sources != [here] && Self.occurs(token, in: upper)
                && !reported.contains { $0.text.uppercased().contains(token) }
        }
        for token in found.keys.sorted() {
            findings.append(
                Finding(
                    file: file, path: here, rule: "identifier",
                    message: "an identifier this file holds in an element the profile removes or replaces",
                    value: Finding.mask(token)))
        }
        return findings
    }

    /// Whether `token` occurs in `text` with no letter or digit right before or after it.
    static func occurs(_ token: String, in text: String) -> Bool {
        var start = text.startIndex
        while let range = text.range(of: token, range: start..<text.endIndex) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            if !(before.isLetter || before.isNumber || after.isLetter || after.isNumber) { return true }
            start = text.index(after: range.lowerBound)
        }
        return false
    }

    /// Upper-cased runs of letters.
    static func words(_ text: Substring) -> [String] {
        text.split(whereSeparator: { !$0.isLetter }).map { $0.uppercased() }
    }
}
