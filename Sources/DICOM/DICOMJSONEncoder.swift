/// Writes a data set in the DICOM JSON Model (PS3.18 Annex F): every element, in
/// tag order, values decoded by VR; bulk data inline as base64 or, above a
/// threshold, as a URI naming the exact bytes.
public struct DICOMJSONEncoder {
    /// Binary values longer than this become `BulkDataURI` when `bulkDataURI` gives one.
    public var bulkDataThreshold: Int
    /// A URI for a binary value's bytes, or nil to inline them.
    public var bulkDataURI: ((ValueBytes) -> String?)?

    public init(bulkDataThreshold: Int = 1024, bulkDataURI: ((ValueBytes) -> String?)? = nil) {
        self.bulkDataThreshold = bulkDataThreshold
        self.bulkDataURI = bulkDataURI
    }

    /// One JSON object on one line: the meta group's elements, then the data set's.
    public func encode(_ file: DICOMFile) -> String {
        var json = JSONText()
        json.raw("{")
        var first = true
        for element in file.meta.elements { write(element, in: file.meta, to: &json, first: &first) }
        for element in file.dataSet.elements { write(element, in: file.dataSet, to: &json, first: &first) }
        json.raw("}")
        return json.text
    }

    public func encode(_ dataSet: DataSet) -> String {
        var json = JSONText()
        object(dataSet, to: &json)
        return json.text
    }

    // Nesting is capped by the parser (ParseOptions.maxSequenceDepth), so recursion
    // here is bounded by that cap, not by the input.
    private func object(_ dataSet: DataSet, to json: inout JSONText) {
        json.raw("{")
        var first = true
        for element in dataSet.elements { write(element, in: dataSet, to: &json, first: &first) }
        json.raw("}")
    }

    private func write(_ element: Element, in dataSet: DataSet, to json: inout JSONText, first: inout Bool) {
        if !first { json.raw(",") }
        first = false
        json.raw("\"\(element.tag.hexString)\":{\"vr\":\"\(element.vr.rawValue)\"")
        switch element.value {
        case .sequence(let items):
            if !items.isEmpty {
                json.raw(",\"Value\":[")
                for (index, item) in items.enumerated() {
                    if index > 0 { json.raw(",") }
                    object(item.dataSet, to: &json)
                }
                json.raw("]")
            }
        case .encapsulated(let pixels):
            binary(pixels.value, to: &json)
        case .bytes(let bytes):
            if !bytes.isEmpty { value(element, bytes, in: dataSet, to: &json) }
        }
        json.raw("}")
    }

    private func value(_ element: Element, _ bytes: ValueBytes, in dataSet: DataSet, to json: inout JSONText) {
        let vr = element.vr
        if vr.isBulk {
            binary(bytes, to: &json)
            return
        }
        json.raw(",\"Value\":[")
        switch vr {
        case .PN:
            for (index, name) in dataSet.personNames(element).enumerated() {
                if index > 0 { json.raw(",") }
                json.raw("{")
                var firstGroup = true
                for (key, group) in [
                    ("Alphabetic", name.alphabetic), ("Ideographic", name.ideographic),
                    ("Phonetic", name.phonetic),
                ] where !group.isEmpty {
                    if !firstGroup { json.raw(",") }
                    firstGroup = false
                    json.string(key)
                    json.raw(":")
                    json.string(group)
                }
                json.raw("}")
            }
        case .DS, .IS:
            list(dataSet.strings(element), to: &json) { text, json in
                if text.isEmpty {
                    json.raw("null")
                } else if let number = Self.number(text, integer: vr == .IS) {
                    json.number(number)
                } else {
                    json.string(text)
                }
            }
        case .AT:
            list(dataSet.tags(element), to: &json) { tag, json in json.string(tag.hexString) }
        case .FL, .FD:
            list(dataSet.doubles(element), to: &json) { value, json in json.number(value) }
        case .UV:
            list(dataSet.unsignedIntegers(element), to: &json) { value, json in json.exactUnsigned(value) }
        case .US, .SS, .UL, .SL, .SV:
            list(dataSet.integers(element), to: &json) { value, json in json.exactInteger(value) }
        default:
            list(dataSet.strings(element), to: &json) { text, json in
                if text.isEmpty { json.raw("null") } else { json.string(text) }
            }
        }
        json.raw("]")
    }

    private func list<T>(_ values: [T], to json: inout JSONText, _ body: (T, inout JSONText) -> Void) {
        for (index, value) in values.enumerated() {
            if index > 0 { json.raw(",") }
            body(value, &json)
        }
    }

    private func binary(_ bytes: ValueBytes, to json: inout JSONText) {
        if bytes.isEmpty { return }
        if bytes.count > bulkDataThreshold, let uri = bulkDataURI?(bytes) {
            json.raw(",\"BulkDataURI\":")
            json.string(uri)
            return
        }
        json.raw(",\"InlineBinary\":")
        bytes.withUnsafeBytes { json.base64($0) }
    }

    /// DS and IS text as a number; nil when it is not one (then it stays a string).
    static func number(_ text: String, integer: Bool) -> Double? {
        if text.isEmpty { return nil }
        if integer, let value = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return Double(value) }
        guard text.allSatisfy({ "0123456789+-.eE".contains($0) }), let value = Double(text) else { return nil }
        return value
    }
}
