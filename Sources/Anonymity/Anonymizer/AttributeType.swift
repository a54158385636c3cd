/// An attribute's type in an IOD (PS3.3 5.4): whether it must be present, and
/// whether it may be empty. It decides how an anonymizer applies a choice such as
/// X/Z/D: a Type 1 attribute removed or emptied would make the object invalid.
public enum AttributeType: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Present with a value.
    case type1 = "1"
    /// Present with a value when its condition holds.
    case type1C = "1C"
    /// Present, possibly empty.
    case type2 = "2"
    /// Present, possibly empty, when its condition holds.
    case type2C = "2C"
    /// Optional.
    case type3 = "3"

    /// Whether the attribute must keep a value (Type 1 or 1C).
    public var needsValue: Bool { self == .type1 || self == .type1C }

    /// Whether the attribute must stay present (Types 1, 1C, 2 and 2C).
    public var mustBePresent: Bool { self != .type3 }

    /// Ordered from the strongest requirement (1) to the weakest (3).
    public static func < (lhs: AttributeType, rhs: AttributeType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
