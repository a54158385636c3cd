extension Gate {
    /// The version of the gate's rules, part of every cached verdict's key. Bump it with any
    /// change to what the checks find, so no verdict of older rules is served. (A rebuilt
    /// executable invalidates the cache too; this is for builds that keep their size and date.)
    public static let rulesVersion = "gate-12"
}
