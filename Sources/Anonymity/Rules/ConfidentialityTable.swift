import DICOM

/// PS3.15 Table E.1-1 (Application Level Confidentiality Profile Attributes),
/// edition 2024b plus the rows later editions added, from the tables
/// generate.py writes into `ConfidentialityTableData`.
public enum ConfidentialityTable {
    /// The rule for `tag`: the exact row first; then a repeating-group mask such
    /// as (50xx,xxxx) or (60xx,3000), even groups only; then, in an odd group,
    /// the private attributes row. Nil for tags the table does not list (which
    /// the Basic Profile keeps).
    public static func rule(for tag: Tag) -> ConfidentialityRule? {
        let tables = Self.tables
        if let rule = tables.exact[tag] { return rule }
        if tag.group & 1 == 0 {
            if let rule = tables.masks.first(where: { $0.pattern.matches(tag) }) { return rule }
        }
        if tag.isPrivate { return tables.privateGroups }
        return nil
    }

    /// Every row, in tag order (masks and the private row after the exact tags
    /// they sort beside, by their key).
    public static var rules: [ConfidentialityRule] { tables.all }

    /// The action for `tag` under the Basic Profile with `options`; nil where the
    /// table has no row. Where two options disagree, the most protective action
    /// wins: see `ConfidentialityRule.action(under:)` and Docs/gate.md (Option conflicts).
    public static func action(for tag: Tag, options: Set<ProfileOption>) -> Action? {
        rule(for: tag)?.action(under: options)
    }

    /// The rows where two options of `options` disagree (with all options and
    /// the two date variants left out of one set, the eleven of Docs/gate.md (Option conflicts)).
    public static func conflicts(under options: Set<ProfileOption>) -> [ConfidentialityRule] {
        rules.filter { $0.hasConflict(under: options) }
    }

    /// Parsed once, on first use: a `static let` is initialised under a lock.
    static let tables = Tables(ConfidentialityTableData.rows)

    final class Tables: Sendable {
        let all: [ConfidentialityRule]
        let exact: [Tag: ConfidentialityRule]
        /// Three masks in the table: a scan costs less than a hash table per mask.
        let masks: [ConfidentialityRule]
        let privateGroups: ConfidentialityRule?

        init(_ text: String) {
            var all: [ConfidentialityRule] = []
            var exact: [Tag: ConfidentialityRule] = [:]
            var masks: [ConfidentialityRule] = []
            var privateGroups: ConfidentialityRule?
            let columns = ProfileOption.allCases.count
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                // generate.py checks every field; a failure here is a broken build.
                guard fields.count == columns + 3,
                    let pattern = TagPattern(key: fields[0]),
                    let basic = Action(code: fields[1])
                else { preconditionFailure("ConfidentialityTableData: bad row \(line)") }
                var options: [ProfileOption: Action] = [:]
                for (index, option) in ProfileOption.allCases.enumerated() where !fields[2 + index].isEmpty {
                    guard let action = Action(code: fields[2 + index]) else {
                        preconditionFailure("ConfidentialityTableData: bad action in \(line)")
                    }
                    options[option] = action
                }
                let rule = ConfidentialityRule(
                    pattern: pattern, name: String(fields[columns + 2]), basic: basic, options: options)
                all.append(rule)
                switch pattern {
                case .tag(let tag): exact[tag] = rule
                case .mask: masks.append(rule)
                case .privateGroups: privateGroups = rule
                }
            }
            self.all = all
            self.exact = exact
            self.masks = masks
            self.privateGroups = privateGroups
        }
    }
}
