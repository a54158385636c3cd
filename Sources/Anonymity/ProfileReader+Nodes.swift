import Yams

/// Typed access to YAML nodes, each failure naming the line and the field.
extension ProfileReader {
    func error(_ node: Node?, _ field: String, _ message: String) -> ProfileError {
        ProfileError(file: file, line: node?.mark?.line, field: field, message: message)
    }

    /// A mapping's entries by key; unknown and repeated keys are errors. Anchors and
    /// aliases are refused: they let a small file expand without bound.
    func mapping(_ node: Node, at field: String, allowed: Set<String>) throws -> [String: Node] {
        guard let mapping = node.mapping else { throw error(node, field, "expected a mapping") }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw error(key, field, "keys must be plain words") }
            let path = field.isEmpty ? name : field + "." + name
            guard allowed.contains(name) else {
                throw error(key, path, "unknown setting (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard fields[name] == nil else { throw error(key, path, "given twice") }
            if case .alias = value { throw error(value, path, "YAML aliases are not allowed in a profile") }
            fields[name] = value
        }
        return fields
    }

    func required(_ fields: [String: Node], _ name: String, in parent: Node, at field: String) throws -> Node {
        guard let node = fields[name] else {
            throw error(parent, field.isEmpty ? name : field + "." + name, "missing")
        }
        return node
    }

    func string(_ node: Node, at field: String) throws -> String {
        guard let scalar = node.scalar else { throw error(node, field, "expected a single value") }
        return scalar.string
    }

    func list(_ node: Node, at field: String) throws -> [Node] {
        guard let sequence = node.sequence else { throw error(node, field, "expected a list") }
        return Array(sequence)
    }

    func strings(_ node: Node, at field: String) throws -> [String] {
        try list(node, at: field).enumerated().map { index, item in try string(item, at: "\(field)[\(index)]") }
    }

    func integer(_ node: Node, at field: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = node.int, range.contains(value) else {
            throw error(node, field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
