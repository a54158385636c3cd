/// An action code of PS3.15 Table E.1-1. A combination such as X/Z/D lets the
/// de-identifier choose by the attribute's type in the IOD, so a check asks
/// whether the form it found is among `forms` rather than compare codes.
public enum Action: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case remove  // X
    case empty  // Z
    case dummy  // D
    case keep  // K
    case clean  // C
    case uid  // U
    case removeOrEmpty  // X/Z
    case removeOrDummy  // X/D
    case emptyOrDummy  // Z/D
    case removeEmptyOrDummy  // X/Z/D
    /// X/Z/U*: a sequence that is removed, emptied, or kept with the UIDs of
    /// the instances it references replaced.
    case removeEmptyOrUID  // X/Z/U*

    /// Parses the table's code: "X", "X/Z/D", "X/Z/U*".
    public init?(code: some StringProtocol) {
        guard let action = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = action
    }

    /// The code as the table prints it.
    public var code: String {
        switch self {
        case .remove: "X"
        case .empty: "Z"
        case .dummy: "D"
        case .keep: "K"
        case .clean: "C"
        case .uid: "U"
        case .removeOrEmpty: "X/Z"
        case .removeOrDummy: "X/D"
        case .emptyOrDummy: "Z/D"
        case .removeEmptyOrDummy: "X/Z/D"
        case .removeEmptyOrUID: "X/Z/U*"
        }
    }

    public var description: String { code }

    /// The forms a de-identified element may take under this action.
    public var forms: Set<ActionForm> {
        switch self {
        case .remove: [.remove]
        case .empty: [.empty]
        case .dummy: [.dummy]
        case .keep: [.keep]
        case .clean: [.clean]
        case .uid: [.uid]
        case .removeOrEmpty: [.remove, .empty]
        case .removeOrDummy: [.remove, .dummy]
        case .emptyOrDummy: [.empty, .dummy]
        case .removeEmptyOrDummy: [.remove, .empty, .dummy]
        case .removeEmptyOrUID: [.remove, .empty, .uid]
        }
    }

    /// Whether an element found in `form` satisfies this action.
    public func allows(_ form: ActionForm) -> Bool { forms.contains(form) }

    /// Whether `self` protects more than `other`: compared by most protective
    /// form, then the next, and so on; an action that allows fewer forms wins a
    /// tie on all the forms both allow (X over X/Z). A total order on actions,
    /// so resolving a conflict never depends on the order of the options.
    public func isMoreProtective(than other: Action) -> Bool {
        let mine = forms.sorted()
        let theirs = other.forms.sorted()
        for (a, b) in zip(mine, theirs) where a != b { return a < b }
        return mine.count < theirs.count
    }
}
