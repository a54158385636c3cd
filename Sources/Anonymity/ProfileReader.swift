import Yams

/// Reads a profile from YAML, strictly: unknown keys, wrong types and bad values are
/// errors naming the line and the field, since a typo in a privacy rule must not
/// silently fall back to a default.
struct ProfileReader {
    static let maxSize = 256 << 10

    let file: String

    func read(_ text: String) throws -> Profile {
        guard text.utf8.count <= Self.maxSize else {
            throw ProfileError(file: file, line: nil, field: "", message: "larger than \(Self.maxSize) bytes")
        }
        if let line = Self.anchorLine(text) {
            throw ProfileError(
                file: file, line: line, field: "", message: "YAML anchors and aliases are not allowed in a profile")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ProfileError(file: file, line: nil, field: "", message: "not valid YAML: \(error)")
        }
        guard let root, root.mapping != nil else {
            throw ProfileError(file: file, line: root?.mark?.line, field: "", message: "expected a mapping of settings")
        }
        let fields = try mapping(
            root, at: "",
            allowed: [
                "table", "options", "pseudonym-pattern", "pseudonym-format", "dummy-values", "uid-roots",
                "private-elements", "tables",
                "images", "review", "allowed-files",
            ])
        let table = try string(required(fields, "table", in: root, at: ""), at: "table")
        guard table == Profile.tableEdition else {
            throw error(
                fields["table"], "table", "names \"\(table)\"; this aida implements \"\(Profile.tableEdition)\"")
        }
        var options = Set<ProfileOption>()
        for (index, node) in try list(required(fields, "options", in: root, at: ""), at: "options").enumerated() {
            let name = try string(node, at: "options[\(index)]")
            guard let option = ProfileOption(rawValue: name) else {
                let known = ProfileOption.allCases.map(\.rawValue).joined(separator: ", ")
                throw error(node, "options[\(index)]", "unknown option \"\(name)\" (known: \(known))")
            }
            guard options.insert(option).inserted else { throw error(node, "options[\(index)]", "listed twice") }
        }
        let patternNode = try required(fields, "pseudonym-pattern", in: root, at: "")
        let pattern = try string(patternNode, at: "pseudonym-pattern")
        guard (try? Regex(pattern)) != nil, !pattern.isEmpty else {
            throw error(patternNode, "pseudonym-pattern", "not a valid regular expression")
        }
        let format = try pseudonymFormat(fields["pseudonym-format"], pattern: pattern)
        let dummies =
            try fields["dummy-values"].map { try strings($0, at: "dummy-values") } ?? Profile.defaultDummyValues
        let roots = try fields["uid-roots"].map { try strings($0, at: "uid-roots") } ?? []
        for (index, uidRoot) in roots.enumerated() where !Self.isUIDRoot(uidRoot) {
            throw error(
                fields["uid-roots"], "uid-roots[\(index)]",
                "\"\(uidRoot)\" is not a UID root (digits and dots, e.g. 1.2.752.123)")
        }
        return Profile(
            table: table, options: options, pseudonymPattern: pattern, pseudonymFormat: format, dummyValues: dummies,
            uidRoots: roots,
            privateElements: try fields["private-elements"].map(privateElements) ?? [],
            tables: try fields["tables"].map(tables)
                ?? Profile.TableRules(quasiIdentifiers: [], sensitive: [], k: 5, l: 2),
            images: try fields["images"].map(images)
                ?? Profile.ImageRules(uniformFraction: 0.95, deniedSOPClasses: Profile.defaultDeniedSOPClasses),
            review: try fields["review"].map(review)
                ?? Profile.ReviewRules(required: true, sampleOneIn: 100, threshold: 100),
            allowedFiles: try fields["allowed-files"].map(allowedFiles) ?? [])
    }

    /// The line of the first anchor (`&a`) or alias (`*a`) outside quotes and comments.
    /// Refused before parsing: Yams expands aliases into copies, so a small file could
    /// grow without bound ("billion laughs").
    static func anchorLine(_ text: String) -> Int? {
        var line = 1
        var quote: Character? = nil
        var comment = false
        var previous: Character = " "
        for character in text {
            if character == "\n" {
                line += 1
                comment = false
                if quote == "'" || quote == "\"" { previous = character; continue }
            } else if comment {
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                if " \t[{,:-".contains(previous) || previous == "\n" { quote = character }
            } else if character == "#" && (previous == " " || previous == "\t" || previous == "\n") {
                comment = true
            } else if (character == "&" || character == "*") && (" \t[{,:-".contains(previous) || previous == "\n") {
                return line
            }
            previous = character
        }
        return nil
    }

    /// Digits and dots, no empty component, not the `2.25` UUID arc (always accepted,
    /// and no one's own root).
    static func isUIDRoot(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && text.count <= 48 && text != "2.25"
            && parts.allSatisfy {
                !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && ($0 == "0" || $0.first != "0")
            }
    }

    // MARK: Sections

    /// The format as given, refused if malformed or if it can write a pseudonym the
    /// pattern refuses (the gate would then refuse aida's own output). Absent: the
    /// default format when it matches the pattern, else none.
    private func pseudonymFormat(_ node: Node?, pattern: String) throws -> String? {
        guard let node else {
            // A constant that parses; the pattern compiled above, so no throw either.
            let fallback = try! PseudonymFormat(PseudonymFormat.defaultText)
            return try fallback.firstMismatch(pattern: pattern) == nil ? PseudonymFormat.defaultText : nil
        }
        let text = try string(node, at: "pseudonym-format")
        let format: PseudonymFormat
        do { format = try PseudonymFormat(text) } catch { throw self.error(node, "pseudonym-format", error.message) }
        if let mismatch = try format.firstMismatch(pattern: pattern) {
            throw error(node, "pseudonym-format", "writes \"\(mismatch)\", which pseudonym-pattern does not match")
        }
        return text
    }

    private func privateElements(_ node: Node) throws -> [Profile.AllowedPrivateElement] {
        try list(node, at: "private-elements").enumerated().map { index, item in
            let at = "private-elements[\(index)]"
            let fields = try mapping(item, at: at, allowed: ["creator", "element", "group", "reason"])
            let creator = try string(required(fields, "creator", in: item, at: at), at: at + ".creator")
            let elementNode = try required(fields, "element", in: item, at: at)
            guard let element = elementNode.int, (0...0xFF).contains(element) else {
                throw error(
                    elementNode, at + ".element", "must be 0x00 to 0xFF: the element within the creator's block")
            }
            var group: UInt16? = nil
            if let groupNode = fields["group"] {
                guard let value = groupNode.int, (0x0009...0xFFFF).contains(value), value & 1 == 1 else {
                    throw error(groupNode, at + ".group", "must be an odd (private) group such as 0x0009")
                }
                group = UInt16(value)
            }
            let reason = try string(required(fields, "reason", in: item, at: at), at: at + ".reason")
            return Profile.AllowedPrivateElement(
                creator: creator, element: UInt8(element), group: group, reason: reason)
        }
    }

    private func tables(_ node: Node) throws -> Profile.TableRules {
        let fields = try mapping(node, at: "tables", allowed: ["quasi-identifiers", "sensitive", "k", "l"])
        let k = try fields["k"].map { try integer($0, at: "tables.k", in: 2...1_000_000) } ?? 5
        let l = try fields["l"].map { try integer($0, at: "tables.l", in: 1...1_000_000) } ?? 2
        return Profile.TableRules(
            quasiIdentifiers: try fields["quasi-identifiers"].map { try strings($0, at: "tables.quasi-identifiers") }
                ?? [],
            sensitive: try fields["sensitive"].map { try strings($0, at: "tables.sensitive") } ?? [], k: k, l: l)
    }

    private func images(_ node: Node) throws -> Profile.ImageRules {
        let fields = try mapping(node, at: "images", allowed: ["uniform-fraction", "denied-sop-classes"])
        var fraction = 0.95
        if let fractionNode = fields["uniform-fraction"] {
            guard let value = fractionNode.float, value > 0, value <= 1 else {
                throw error(fractionNode, "images.uniform-fraction", "must be a number above 0 and at most 1")
            }
            fraction = value
        }
        let denied = try fields["denied-sop-classes"].map { try strings($0, at: "images.denied-sop-classes") }
        return Profile.ImageRules(
            uniformFraction: fraction, deniedSOPClasses: denied ?? Profile.defaultDeniedSOPClasses)
    }

    private func review(_ node: Node) throws -> Profile.ReviewRules {
        let fields = try mapping(node, at: "review", allowed: ["required", "sample-one-in", "threshold"])
        var required = true
        if let requiredNode = fields["required"] {
            guard let value = requiredNode.bool else {
                throw error(requiredNode, "review.required", "must be true or false")
            }
            required = value
        }
        return Profile.ReviewRules(
            required: required,
            sampleOneIn: try fields["sample-one-in"].map {
                try integer($0, at: "review.sample-one-in", in: 1...1_000_000)
            } ?? 100,
            threshold: try fields["threshold"].map { try integer($0, at: "review.threshold", in: 1...1_000_000_000) }
                ?? 100)
    }

    private func allowedFiles(_ node: Node) throws -> [Profile.AllowedFile] {
        try list(node, at: "allowed-files").enumerated().map { index, item in
            let at = "allowed-files[\(index)]"
            let fields = try mapping(item, at: at, allowed: ["pattern", "reason"])
            return Profile.AllowedFile(
                pattern: try string(required(fields, "pattern", in: item, at: at), at: at + ".pattern"),
                reason: try string(required(fields, "reason", in: item, at: at), at: at + ".reason"))
        }
    }
}
