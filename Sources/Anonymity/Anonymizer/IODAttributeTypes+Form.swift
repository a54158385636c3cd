/// How an anonymizer applies an action that offers a choice (X/Z, X/D, Z/D, X/Z/D,
/// X/Z/U*): by the attribute's type, so Type 1 attributes keep a value and Type 2
/// attributes stay present, and everything optional goes.
extension IODAttributeTypes {
    /// The form to apply: Type 1/1C a dummy (D), Type 2/2C empty (Z), Type 3 or
    /// unknown removed (X); when the action does not allow that form, the nearest
    /// one it allows that keeps the type's promise. Always one of `action.forms`.
    public static func form(for action: Action, type: AttributeType?) -> ActionForm {
        let preference: [ActionForm]
        switch type {
        case .type1?, .type1C?:
            // A value must remain: a dummy, or for a sequence its items with UIDs
            // replaced; only then empty, and removal last.
            preference = [.dummy, .uid, .empty, .remove]
        case .type2?, .type2C?:
            preference = [.empty, .dummy, .uid, .remove]
        case .type3?, nil:
            preference = [.remove, .empty, .dummy, .uid]
        }
        if let form = preference.first(where: action.allows) { return form }
        // K, C: a single form, no choice to make.
        return action.forms.min()!
    }
}
