/// One row of PS3.15 Table E.1-1: what the Basic Profile does to the tags of
/// `pattern`, and what each option that has a say does instead.
public struct ConfidentialityRule: Sendable, Hashable {
    public let pattern: TagPattern
    /// The attribute's name as the table prints it.
    public let name: String
    /// The Basic Application Confidentiality Profile's action.
    public let basic: Action
    /// The action of each option that overrides `basic` for this row.
    public let options: [ProfileOption: Action]

    public init(pattern: TagPattern, name: String, basic: Action, options: [ProfileOption: Action]) {
        self.pattern = pattern
        self.name = name
        self.basic = basic
        self.options = options
    }

    /// The options of `selected` that override `basic` here, with their actions,
    /// in `ProfileOption.allCases` order.
    public func overrides(under selected: Set<ProfileOption>) -> [(option: ProfileOption, action: Action)] {
        ProfileOption.allCases.compactMap { option in
            guard selected.contains(option), let action = options[option] else { return nil }
            return (option, action)
        }
    }

    /// Whether two options of `selected` give different actions here.
    public func hasConflict(under selected: Set<ProfileOption>) -> Bool {
        Set(overrides(under: selected).map(\.action)).count > 1
    }

    /// The action under `selected`: `basic` if no selected option has a say; the
    /// option's action if one has (or all that have agree); otherwise the most
    /// protective of theirs (X > Z > D > U > C > K, see `Action.isMoreProtective`).
    /// PS3.15 E.3 sets no precedence between options, so the gate takes the one
    /// choice that never keeps a value another selected option would change.
    public func action(under selected: Set<ProfileOption>) -> Action {
        let actions = overrides(under: selected).map(\.action)
        guard var winner = actions.first else { return basic }
        for action in actions.dropFirst() where action.isMoreProtective(than: winner) {
            winner = action
        }
        return winner
    }
}
