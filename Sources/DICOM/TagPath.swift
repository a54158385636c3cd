/// Where an element sits: the tags of the sequences and the item indices on the
/// way down, printed as `(0040,0275)[0].(0008,0050)`.
public struct TagPath: Hashable, Sendable, CustomStringConvertible {
    public enum Step: Hashable, Sendable {
        case tag(Tag)
        case item(Int)
    }

    public private(set) var steps: [Step]

    public init(_ steps: [Step] = []) { self.steps = steps }

    public static let root = TagPath()

    public func appending(_ tag: Tag) -> TagPath { appending(step: .tag(tag)) }
    public func appending(item index: Int) -> TagPath { appending(step: .item(index)) }

    /// One allocation per path (`steps + [step]` made two; paths are built per element).
    private func appending(step: Step) -> TagPath {
        var longer: [Step] = []
        longer.reserveCapacity(steps.count + 1)
        longer.append(contentsOf: steps)
        longer.append(step)
        return TagPath(longer)
    }

    public var isEmpty: Bool { steps.isEmpty }

    /// The last tag on the path, if any.
    public var lastTag: Tag? {
        for step in steps.reversed() { if case .tag(let tag) = step { return tag } }
        return nil
    }

    public var description: String {
        var text = ""
        for step in steps {
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
