import DICOM

/// Table E.1-1 resolved once for one profile's options: the action of every exact row
/// in one dictionary, so the per-element lookup is a single hash probe (resolving the
/// options row by row was a tenth of a check), and the masks and the private row too.
struct ResolvedTable: Sendable {
    let options: Set<ProfileOption>
    private let exact: [Tag: Action]
    private let masks: [(pattern: TagPattern, action: Action)]
    private let privateGroups: Action?

    init(options: Set<ProfileOption>) {
        self.options = options
        let tables = ConfidentialityTable.tables
        var exact: [Tag: Action] = [:]
        for (tag, rule) in tables.exact { exact[tag] = rule.action(under: options) }
        self.exact = exact
        masks = tables.masks.map { ($0.pattern, $0.action(under: options)) }
        privateGroups = tables.privateGroups?.action(under: options)
    }

    /// As `ConfidentialityTable.action(for:options:)`, in the same order: the exact row, a
    /// repeating-group mask (even groups), the private row.
    func action(for tag: Tag) -> Action? {
        if let action = exact[tag] { return action }
        if tag.group & 1 == 0, let mask = masks.first(where: { $0.pattern.matches(tag) }) { return mask.action }
        return tag.isPrivate ? privateGroups : nil
    }
}
