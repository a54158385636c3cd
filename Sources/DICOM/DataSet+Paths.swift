/// Reaching elements by their full path, and visiting every element at every depth.
extension DataSet {
    /// The element at a path such as `(0040,0275)[0].(0008,0050)`, with the data set
    /// that holds it (whose character set decodes it).
    public func element(at path: TagPath) -> (element: Element, dataSet: DataSet)? {
        var current = self
        var pendingElement: Element? = nil
        for step in path.steps {
            switch step {
            case .tag(let tag):
                guard pendingElement == nil || pendingElement?.items == nil, let found = current[tag] else {
                    return nil
                }
                pendingElement = found
            case .item(let index):
                guard let items = pendingElement?.items, items.indices.contains(index) else { return nil }
                current = items[index].dataSet
                pendingElement = nil
            }
        }
        guard let pendingElement else { return nil }
        return (pendingElement, current)
    }

    public func element(at text: String) -> (element: Element, dataSet: DataSet)? {
        guard let path = TagPath(parsing: text) else { return nil }
        return element(at: path)
    }

    /// Calls `visit` for every element at every depth, in file order: a sequence
    /// before its items' elements. Iterative, so depth costs no stack.
    public func forEachElement(_ visit: (TagPath, Element, DataSet) throws -> Void) rethrows {
        // Each entry: a data set, its path, and the next element index to visit.
        var stack: [(dataSet: DataSet, path: TagPath, next: Int)] = [(self, .root, 0)]
        // Items still to enter for the sequence at each level: (path of item, data set).
        var pendingItems: [[(TagPath, DataSet)]] = [[]]
        while !stack.isEmpty {
            let top = stack.count - 1
            if !pendingItems[top].isEmpty {
                let (itemPath, itemSet) = pendingItems[top].removeFirst()
                stack.append((itemSet, itemPath, 0))
                pendingItems.append([])
                continue
            }
            let (dataSet, path, next) = stack[top]
            guard next < dataSet.elements.count else {
                stack.removeLast()
                pendingItems.removeLast()
                continue
            }
            stack[top].next = next + 1
            let element = dataSet.elements[next]
            let elementPath = path.appending(element.tag)
            try visit(elementPath, element, dataSet)
            if let items = element.items {
                pendingItems[top] = items.enumerated().map {
                    (elementPath.appending(item: $0.offset), $0.element.dataSet)
                }
            }
        }
    }
}

extension TagPath {
    /// Parses the printed form, `(0040,0275)[0].(0008,0050)`, so paths round-trip.
    public init?(parsing text: String) {
        var steps: [Step] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.first == "." && !steps.isEmpty { rest = rest.dropFirst() }
            if rest.first == "(" {
                guard rest.count >= 11, let tag = Tag(parsing: rest.prefix(11)) else { return nil }
                steps.append(.tag(tag))
                rest = rest.dropFirst(11)
            } else if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                    index >= 0, case .tag = steps.last
                else { return nil }
                steps.append(.item(index))
                rest = rest[rest.index(after: close)...]
            } else {
                return nil
            }
        }
        guard !steps.isEmpty else { return nil }
        self.init(steps)
    }
}
