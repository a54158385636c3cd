/// A readable dump in the manner of DCMTK's `dcmdump`: one line per element,
/// indented by depth, value (shortened), length, VM and keyword.
public struct TextDump {
    /// Values longer than this many characters are cut with "...".
    public var maxValueWidth: Int

    public init(maxValueWidth: Int = 64) { self.maxValueWidth = maxValueWidth }

    public func render(_ file: DICOMFile) -> String {
        var out = "# Dicom-File-Format\n\n# Dicom-Meta-Information-Header\n"
        out += "# Used TransferSyntax: Little Endian Explicit\n"
        lines(file.meta, depth: 0, into: &out)
        out += "\n# Dicom-Data-Set\n# Used TransferSyntax: \(Self.name(of: file.transferSyntax))\n"
        lines(file.dataSet, depth: 0, into: &out)
        if file.stoppedBeforePixelData { out += "# stopped before (7FE0,0010) PixelData\n" }
        return out
    }

    // Depth is capped by the parser, so recursion stays bounded.
    private func lines(_ dataSet: DataSet, depth: Int, into out: inout String) {
        let indent = String(repeating: "  ", count: depth)
        var creators: [Tag: String?] = [:]
        for element in dataSet.elements {
            let keyword = Self.keyword(element.tag, in: dataSet, creators: &creators)
            switch element.value {
            case .sequence(let items):
                let how = element.hasUndefinedLength ? "undefined" : "explicit"
                out += line(
                    indent, element.tag, "SQ", "(Sequence with \(how) length #=\(items.count))", "u/l", 1, keyword)
                for item in items {
                    let itemHow = item.hasUndefinedLength ? "undefined" : "explicit"
                    out += line(
                        indent + "  ", .item, "na", "(Item with \(itemHow) length #=\(item.dataSet.count))", "u/l", 1,
                        "Item")
                    lines(item.dataSet, depth: depth + 2, into: &out)
                    out += line(
                        indent + "  ", .itemDelimitation, "na", "(ItemDelimitationItem)", "0", 0, "ItemDelimitationItem"
                    )
                }
                out += line(
                    indent, .sequenceDelimitation, "na", "(SequenceDelimitationItem)", "0", 0,
                    "SequenceDelimitationItem")
            case .encapsulated(let pixels):
                out += line(
                    indent, element.tag, element.vr.rawValue,
                    "(PixelSequence #=\(pixels.fragments.count + 1), offset table \(pixels.offsetTable.count) entries)",
                    "u/l", 1, keyword)
            case .bytes(let bytes):
                let (text, multiplicity) = valueText(element, bytes, in: dataSet)
                out += line(indent, element.tag, element.vr.rawValue, text, String(bytes.count), multiplicity, keyword)
            }
        }
    }

    private func line(
        _ indent: String, _ tag: Tag, _ vr: String, _ value: String, _ length: String, _ vm: Int, _ keyword: String
    ) -> String {
        var head = "\(indent)\(tag) \(vr) \(value)"
        let column = 56
        if head.count < column { head += String(repeating: " ", count: column - head.count) }
        return "\(head) # \(length), \(vm) \(keyword)\n"
    }

    private func valueText(_ element: Element, _ bytes: ValueBytes, in dataSet: DataSet) -> (String, Int) {
        if bytes.isEmpty { return ("(no value available)", 0) }
        var values: [String]
        switch element.vr {
        case .US, .SS, .UL, .SL, .SV, .UV: values = dataSet.integers(element).map(String.init)
        case .FL, .FD: values = dataSet.doubles(element).map { "\($0)" }
        case .AT: values = dataSet.tags(element).map(\.description)
        case .OB, .UN, .OW, .OF, .OD, .OL, .OV:
            let width = element.vr == .OW ? 2 : 1
            let shown = min(bytes.count, 32)
            var hex: [String] = []
            var index = 0
            while index + width <= shown {
                let value = width == 2 ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 : UInt16(bytes[index])
                let digits = String(value, radix: 16)
                hex.append(String(repeating: "0", count: width * 2 - digits.count) + digits)
                index += width
            }
            return (hex.joined(separator: "\\") + (bytes.count > shown ? "..." : ""), 1)
        default:
            values = dataSet.strings(element)
            if element.vr == .UI, values.count == 1, let known = UIDRegistry.entry(for: values[0]) {
                return ("=" + known.keyword, 1)
            }
        }
        var text = "[" + values.joined(separator: "\\") + "]"
        if text.count > maxValueWidth { text = String(text.prefix(maxValueWidth - 3)) + "..." }
        return (text, values.count)
    }

    /// `creators` keeps the data set's private creators once decoded: decoding a long
    /// (malformed) creator again for each element of its block cost its length each time.
    static func keyword(_ tag: Tag, in dataSet: DataSet, creators: inout [Tag: String?]) -> String {
        if tag.isPrivate {
            if tag.isPrivateCreator { return "PrivateCreator" }
            var creator: String? = nil
            if let creatorTag = tag.privateCreatorTag {
                if let known = creators[creatorTag] {
                    creator = known
                } else {
                    creator = dataSet.privateCreator(of: tag)
                    creators[creatorTag] = creator
                }
            }
            if let creator,
                let entry = PrivateDictionary.entry(creator: creator, tag: tag)
            {
                return entry.name.isEmpty ? "PrivateElement" : entry.name
            }
            return "Unknown Tag & Data"
        }
        return DataDictionary.keyword(for: tag) ?? "Unknown Tag & Data"
    }

    static func name(of syntax: TransferSyntax) -> String {
        UIDRegistry.entry(for: syntax.uid)?.name ?? syntax.uid
    }
}
