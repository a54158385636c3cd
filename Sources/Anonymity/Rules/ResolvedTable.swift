import DICOM

/// Table E.1-1 resolved once for one profile's options: the action of every exact row
/// in one dictionary, so the per-element lookup is a single hash probe (resolving the
/// options row by row was a tenth of a check). Masks and the private row, rare in
/// real files, are resolved on demand.
struct ResolvedTable: Sendable {
    let options: Set<ProfileOption>
    private let exact: [Tag: Action]

    init(options: Set<ProfileOption>) {
        self.options = options
        var exact: [Tag: Action] = [:]
        for (tag, rule) in ConfidentialityTable.tables.exact { exact[tag] = rule.action(under: options) }
        self.exact = exact
    }

    func action(for tag: Tag) -> Action? {
        if let action = exact[tag] { return action }
        return ConfidentialityTable.action(for: tag, options: options)
    }
}
