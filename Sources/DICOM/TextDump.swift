/// A readable dump in the manner of DCMTK's `dcmdump`: one line per element,
/// indented by depth, value (shortened), length, VM and keyword.
public struct TextDump {
    /// Values longer than this many characters are cut with "...".
    public var maxValueWidth: Int

    public init(maxValueWidth: Int = 64) { self.maxValueWidth = maxValueWidth }

    public func render(_ file: DICOMFile) -> String {
        String(decoding: renderBytes(file), as: UTF8.self)
    }

    /// The dump as UTF-8 bytes, ready to write.
    public func renderBytes(_ file: DICOMFile) -> [UInt8] {
        var out = DumpBuffer(capacity: 96 * (file.meta.count + file.dataSet.count) + 256)
        out.append("# Dicom-File-Format\n\n# Dicom-Meta-Information-Header\n")
        out.append("# Used TransferSyntax: Little Endian Explicit\n")
        lines(file.meta, depth: 0, into: &out)
        out.append("\n# Dicom-Data-Set\n# Used TransferSyntax: ")
        out.append(Self.name(of: file.transferSyntax))
        out.newline()
        lines(file.dataSet, depth: 0, into: &out)
        if file.stoppedBeforePixelData { out.append("# stopped before (7FE0,0010) PixelData\n") }
        return out.bytes
    }

    static let column = 56

    // Depth is capped by the parser, so recursion stays bounded.
    private func lines(_ dataSet: DataSet, depth: Int, into out: inout DumpBuffer) {
        var creators: [Tag: String?] = [:]
        for element in dataSet.elements {
            let keyword = Self.keyword(element.tag, in: dataSet, creators: &creators)
            out.startLine()
            out.spaces(2 * depth)
            out.tag(element.tag)
            out.byte(0x20)
            switch element.value {
            case .sequence(let items):
                out.append("SQ (Sequence with ")
                out.append(element.hasUndefinedLength ? "undefined" : "explicit")
                out.append(" length #=")
                out.integer(Int64(items.count))
                out.byte(0x29)
                Self.end(&out, length: nil, vm: 1, keyword)
                for item in items {
                    out.spaces(2 * depth + 2)
                    out.append("(FFFE,E000) na (Item with ")
                    out.append(item.hasUndefinedLength ? "undefined" : "explicit")
                    out.append(" length #=")
                    out.integer(Int64(item.dataSet.count))
                    out.byte(0x29)
                    Self.end(&out, length: nil, vm: 1, "Item")
                    lines(item.dataSet, depth: depth + 2, into: &out)
                    out.spaces(2 * depth + 2)
                    out.append("(FFFE,E00D) na (ItemDelimitationItem)")
                    Self.end(&out, length: 0, vm: 0, "ItemDelimitationItem")
                }
                out.spaces(2 * depth)
                out.append("(FFFE,E0DD) na (SequenceDelimitationItem)")
                Self.end(&out, length: 0, vm: 0, "SequenceDelimitationItem")
            case .encapsulated(let pixels):
                out.append(element.vr.rawValue)
                out.append(" (PixelSequence #=")
                out.integer(Int64(pixels.fragments.count + 1))
                out.append(", offset table ")
                out.integer(Int64(pixels.offsetTable.count))
                out.append(" entries)")
                Self.end(&out, length: nil, vm: 1, keyword)
            case .bytes(let bytes):
                out.append(element.vr.rawValue)
                out.byte(0x20)
                let multiplicity = value(element, bytes, in: dataSet, into: &out)
                Self.end(&out, length: bytes.count, vm: multiplicity, keyword)
            }
        }
    }

    /// `# length, VM keyword` after padding to the comment column; nil length is `u/l`.
    private static func end(_ out: inout DumpBuffer, length: Int?, vm: Int, _ keyword: String) {
        out.pad(to: column)
        out.append("# ")
        if let length { out.integer(Int64(length)) } else { out.append("u/l") }
        out.append(", ")
        out.integer(Int64(vm))
        out.byte(0x20)
        out.append(keyword)
        out.newline()
    }

    /// Writes the value and returns its multiplicity.
    private func value(_ element: Element, _ bytes: ValueBytes, in dataSet: DataSet, into out: inout DumpBuffer) -> Int
    {
        if bytes.isEmpty {
            out.append("(no value available)")
            return 0
        }
        switch element.vr {
        case .US, .SS, .UL, .SL, .SV, .UV:
            let values = dataSet.integers(element)
            out.byte(0x5B)
            for (index, value) in values.prefix(16).enumerated() {
                if index > 0 { out.byte(0x5C) }
                out.integer(value)
            }
            if values.count > 16 { out.append("...") }
            out.byte(0x5D)
            return values.count
        case .FL, .FD:
            return text(dataSet.doubles(element).map { "\($0)" }, into: &out)
        case .AT:
            return text(dataSet.tags(element).map(\.description), into: &out)
        case .OB, .UN, .OW, .OF, .OD, .OL, .OV:
            let wide = element.vr == .OW
            let shown = min(bytes.count, 32)
            var index = 0
            while index + (wide ? 2 : 1) <= shown {
                if index > 0 { out.byte(0x5C) }
                if wide {
                    out.hex(UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8, digits: DumpBuffer.lowerHexDigits)
                    index += 2
                } else {
                    out.hexByte(bytes[index])
                    index += 1
                }
            }
            if bytes.count > shown { out.append("...") }
            return 1
        default:
            if let multiplicity = plainText(element, bytes, into: &out) { return multiplicity }
            let values = dataSet.strings(element)
            if element.vr == .UI, values.count == 1, let known = UIDRegistry.entry(for: values[0]) {
                out.byte(0x3D)
                out.append(known.keyword)
                return 1
            }
            return text(values, into: &out)
        }
    }

    /// Printable ASCII text, copied as it is in the file (padding dropped): most
    /// values, and no decoding needed. Nil for anything else, which is decoded.
    private func plainText(_ element: Element, _ bytes: ValueBytes, into out: inout DumpBuffer) -> Int? {
        bytes.withUnsafeBytes { raw -> Int? in
            var end = raw.count
            while end > 0, raw[end - 1] == 0x20 || raw[end - 1] == 0x00 { end -= 1 }
            var separators = 0
            for index in 0..<end {
                let byte = raw[index]
                guard byte >= 0x20 && byte < 0x7F else { return nil }
                if byte == 0x5C { separators += 1 }
            }
            // Registered UIDs are shown by keyword, as dcmdump does.
            if element.vr == .UI, end > 14, raw[0] == 0x31, raw[1] == 0x2E, raw[2] == 0x32, raw[3] == 0x2E {
                return nil
            }
            let limit = maxValueWidth - 2
            out.byte(0x5B)
            if end <= limit {
                out.append(UnsafeRawBufferPointer(rebasing: raw[0..<end]))
                out.byte(0x5D)
            } else {
                out.append(UnsafeRawBufferPointer(rebasing: raw[0..<(limit - 3)]))
                out.append("...")
            }
            if end == 0 { return 0 }
            return element.vr.isSingleValuedText ? 1 : separators + 1
        }
    }

    private func text(_ values: [String], into out: inout DumpBuffer) -> Int {
        var text = "[" + values.joined(separator: "\\") + "]"
        if text.count > maxValueWidth { text = String(text.prefix(maxValueWidth - 3)) + "..." }
        out.append(text)
        return values.count
    }

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
