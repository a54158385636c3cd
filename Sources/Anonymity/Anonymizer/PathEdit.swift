import DICOM

/// Edits one element given its full path (`(0040,0275)[0].(0008,0050)`): the gate reports
/// findings by path, and the anonymizer's last step acts on them.
enum PathEdit {
    /// Removes the element at `steps`, or empties it; false when the path leads nowhere.
    static func apply(to dataSet: inout DataSet, _ steps: ArraySlice<TagPath.Step>, remove: Bool) -> Bool {
        guard case .tag(let tag)? = steps.first, let index = dataSet.index(of: tag) else { return false }
        let rest = steps.dropFirst()
        if rest.isEmpty {
            if remove {
                dataSet.remove(tag)
            } else {
                dataSet.update(at: index) { $0 = AnonymizationPass.empty($0) }
            }
            return true
        }
        guard case .item(let item)? = rest.first else { return false }
        var done = false
        dataSet.update(at: index) { element in
            guard var items = element.items, items.indices.contains(item) else { return }
            done = apply(to: &items[item].dataSet, rest.dropFirst(), remove: remove)
            element.value = .sequence(items)
        }
        return done
    }
}
