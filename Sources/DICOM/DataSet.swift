/// An ordered set of elements, sorted by tag, as in a file or a sequence item.
///
/// A value type: changing a copy leaves the parsed original untouched, and both
/// share the source bytes of the values neither changed.
public struct DataSet: Sendable {
    public private(set) var elements: [Element]
    /// The character set for this data set's text: its own (0008,0005), or the
    /// enclosing data set's when it has none (PS3.5 6.1.2.5.1).
    public var characterSet: SpecificCharacterSet

    public init(elements: [Element] = [], characterSet: SpecificCharacterSet = .defaultRepertoire) {
        self.elements = elements.sorted { $0.tag < $1.tag }
        self.characterSet = characterSet
    }

    /// Elements already known to be sorted and unique (the parser checks).
    init(sortedElements: [Element], characterSet: SpecificCharacterSet) {
        self.elements = sortedElements
        self.characterSet = characterSet
    }

    public var count: Int { elements.count }
    public var isEmpty: Bool { elements.isEmpty }

    public func index(of tag: Tag) -> Int? {
        var low = 0
        var high = elements.count
        while low < high {
            let middle = (low + high) / 2
            let found = elements[middle].tag
            if found == tag { return middle }
            if found < tag { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    public subscript(tag: Tag) -> Element? {
        guard let index = index(of: tag) else { return nil }
        return elements[index]
    }

    public func contains(_ tag: Tag) -> Bool { index(of: tag) != nil }

    /// Inserts or replaces an element, keeping the order.
    public mutating func set(_ element: Element) {
        var low = 0
        var high = elements.count
        while low < high {
            let middle = (low + high) / 2
            if elements[middle].tag < element.tag { low = middle + 1 } else { high = middle }
        }
        if low < elements.count && elements[low].tag == element.tag {
            elements[low] = element
        } else {
            elements.insert(element, at: low)
        }
    }

    @discardableResult
    public mutating func remove(_ tag: Tag) -> Element? {
        guard let index = index(of: tag) else { return nil }
        return elements.remove(at: index)
    }

    public mutating func removeAll(where shouldRemove: (Element) throws -> Bool) rethrows {
        try elements.removeAll(where: shouldRemove)
    }

    /// Replaces the element at `index` in place (same tag), e.g. to rewrite its items.
    public mutating func update(at index: Int, _ body: (inout Element) throws -> Void) rethrows {
        let tag = elements[index].tag
        try body(&elements[index])
        precondition(elements[index].tag == tag, "update must keep the tag")
    }

    /// The private creator string that reserved `tag`'s block, e.g. "SIEMENS CSA HEADER"
    /// for (0029,1010) when (0029,0010) holds it.
    public func privateCreator(of tag: Tag) -> String? {
        guard let creatorTag = tag.privateCreatorTag, let creator = self[creatorTag] else { return nil }
        return string(creator)
    }
}
