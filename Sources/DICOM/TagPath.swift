/// Where an element sits: the tags of the sequences and the item indices on the
/// way down, printed as `(0040,0275)[0].(0008,0050)`.
public struct TagPath: Hashable, Sendable, CustomStringConvertible {
    public enum Step: Hashable, Sendable {
        case tag(Tag)
        case item(Int)
    }

    /// All steps but the last, and the last: a one-step path (a top-level element, the
    /// commonest by far) needs no array, so walking a data set allocates no path for it.
    private var head: [Step]
    private var last: Step?

    public var steps: [Step] { last.map { head + [$0] } ?? head }

    public init(_ steps: [Step] = []) {
        head = Array(steps.dropLast())
        last = steps.last
    }

    private init(head: [Step], last: Step) {
        self.head = head
        self.last = last
    }

    public static let root = TagPath()

    public func appending(_ tag: Tag) -> TagPath { appending(step: .tag(tag)) }
    public func appending(item index: Int) -> TagPath { appending(step: .item(index)) }

    private func appending(step: Step) -> TagPath {
        guard let last else { return TagPath(head: head, last: step) }
        var longer: [Step] = []
        longer.reserveCapacity(head.count + 1)
        longer.append(contentsOf: head)
        longer.append(last)
        return TagPath(head: longer, last: step)
    }

    public static func == (a: TagPath, b: TagPath) -> Bool { a.last == b.last && a.head == b.head }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(head)
        hasher.combine(last)
    }

    public var isEmpty: Bool { last == nil }

    /// The last tag on the path, if any.
    public var lastTag: Tag? {
        if case .tag(let tag) = last { return tag }
        for step in head.reversed() { if case .tag(let tag) = step { return tag } }
        return nil
    }

    public var description: String {
        var text = ""
        for step in head + (last.map { [$0] } ?? []) {
            switch step {
            case .tag(let tag):
                if !text.isEmpty { text += "." }
                text += tag.description
            case .item(let index):
                text += "[\(index)]"
            }
        }
        return text.isEmpty ? "(dataset)" : text
    }
}
