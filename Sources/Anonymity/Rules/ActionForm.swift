/// One thing a de-identifier may do to an element, ordered from the most
/// protective (`remove`) to the least (`keep`): the order resolves option
/// conflicts in `ConfidentialityTable.action(for:options:)`.
public enum ActionForm: Int, CaseIterable, Comparable, Sendable {
    /// X: the element is absent.
    case remove
    /// Z: present with zero length (or, PS3.15 allows, a dummy value).
    case empty
    /// D: replaced by a non-zero-length dummy value consistent with its VR.
    case dummy
    /// U: a UID replaced by a consistent, non-identifying one.
    case uid
    /// C: replaced by values of similar meaning that identify no one.
    case clean
    /// K: kept as it is.
    case keep

    /// The table's letter for the form.
    public var code: Character {
        switch self {
        case .remove: "X"
        case .empty: "Z"
        case .dummy: "D"
        case .uid: "U"
        case .clean: "C"
        case .keep: "K"
        }
    }

    public static func < (lhs: ActionForm, rhs: ActionForm) -> Bool { lhs.rawValue < rhs.rawValue }
}
