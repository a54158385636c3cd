/// Decoding values by VR. Decoding is lazy: nothing here runs while parsing.
extension DataSet {
    /// The element's text values: split on backslash (but for LT, ST, UT, UR, which
    /// hold one text), text VRs decoded through this data set's character set,
    /// padding removed as PS3.5 6.2 makes it insignificant.
    public func strings(_ element: Element) -> [String] {
        guard let bytes = element.bytes, element.vr.isString || element.vr == .UN else { return [] }
        if bytes.isEmpty { return [] }
        if element.vr.usesCharacterSet {
            // Split after decoding: in GBK and Shift_JIS 0x5C can be a trail byte.
            return bytes.withUnsafeBytes { characterSet.decodeValues($0, vr: element.vr) }
        }
        let text = decodeText(bytes, vr: element.vr)
        let values: [Substring] =
            element.vr.isSingleValuedText
            ? [Substring(text)] : text.split(separator: "\\", omittingEmptySubsequences: false)
        return values.map { Self.trim($0, vr: element.vr) }
    }

    /// The whole value as one string (all values joined by backslash), trimmed.
    public func string(_ element: Element) -> String? {
        guard let bytes = element.bytes, element.vr.isString else { return nil }
        return Self.trim(Substring(decodeText(bytes, vr: element.vr)), vr: element.vr)
    }

    public func string(_ tag: Tag) -> String? { self[tag].flatMap { string($0) } }

    /// Person names with their three component groups.
    public func personNames(_ element: Element) -> [PersonName] {
        guard element.vr == .PN, let bytes = element.bytes, !bytes.isEmpty else { return [] }
        return bytes.withUnsafeBytes { characterSet.decodePersonNames($0) }
    }

    /// Binary integers (US, SS, UL, SL, SV, UV, and OW/OL read as numbers).
    public func integers(_ element: Element) -> [Int64] {
        guard let bytes = element.bytes else { return [] }
        let big = bytes.isBigEndian
        return bytes.withUnsafeBytes { raw -> [Int64] in
            switch element.vr {
            case .US, .OW: Self.load(raw, UInt16.self, big).map { Int64($0) }
            case .SS: Self.load(raw, Int16.self, big).map { Int64($0) }
            case .UL, .OL: Self.load(raw, UInt32.self, big).map { Int64($0) }
            case .SL: Self.load(raw, Int32.self, big).map { Int64($0) }
            case .SV: Self.load(raw, Int64.self, big)
            case .UV, .OV: Self.load(raw, UInt64.self, big).map { Int64(bitPattern: $0) }
            default: []
            }
        }
    }

    /// UV and OV values beyond Int64's range, unsigned.
    public func unsignedIntegers(_ element: Element) -> [UInt64] {
        guard let bytes = element.bytes, element.vr == .UV || element.vr == .OV else { return [] }
        return bytes.withUnsafeBytes { Self.load($0, UInt64.self, bytes.isBigEndian) }
    }

    /// Binary floating point (FL, FD, OF, OD).
    public func doubles(_ element: Element) -> [Double] {
        guard let bytes = element.bytes else { return [] }
        let big = bytes.isBigEndian
        return bytes.withUnsafeBytes { raw -> [Double] in
            switch element.vr {
            case .FL, .OF: Self.load(raw, UInt32.self, big).map { Double(Float(bitPattern: $0)) }
            case .FD, .OD: Self.load(raw, UInt64.self, big).map { Double(bitPattern: $0) }
            default: []
            }
        }
    }

    /// Attribute tags (AT): pairs of 16-bit group and element.
    public func tags(_ element: Element) -> [Tag] {
        guard element.vr == .AT, let bytes = element.bytes else { return [] }
        let halves = bytes.withUnsafeBytes { Self.load($0, UInt16.self, bytes.isBigEndian) }
        return stride(from: 0, to: halves.count - 1, by: 2).map {
            Tag(group: halves[$0], element: halves[$0 + 1])
        }
    }

    /// The first integer of a binary or IS element, e.g. Rows or Number of Frames.
    public func integer(_ tag: Tag) -> Int64? {
        guard let element = self[tag] else { return nil }
        if element.vr == .IS || element.vr == .DS {
            return strings(element).first.flatMap { Int64($0) }
        }
        return integers(element).first
    }

    func decodeText(_ bytes: ValueBytes, vr: VR) -> String {
        if vr.usesCharacterSet {
            return bytes.withUnsafeBytes { characterSet.decode($0, vr: vr) }
        }
        // The other string VRs are from the default repertoire; Latin-1 keeps any
        // stray byte visible instead of failing.
        return bytes.withUnsafeBytes { raw in
            // ASCII is the same text in Latin-1 and UTF-8, and UTF-8 is Swift's own form.
            if raw.allSatisfy({ $0 < 0x80 }) { return String(decoding: raw, as: UTF8.self) }
            return String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))
        }
    }

    static func trim(_ text: Substring, vr: VR) -> String {
        var value = text
        // removeLast, not `value = value.dropLast()`: Substring's dropLast() walks from
        // the start (Collection's), which made trimming a long padded value quadratic.
        while let last = value.last, last == " " || last == "\0" { value.removeLast() }
        switch vr {
        case .AE, .CS, .DS, .IS, .SH, .LO, .AS, .DA, .TM, .DT:
            while let first = value.first, first == " " { value = value.dropFirst() }
        default: break
        }
        return String(value)
    }

    static func load<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, _: T.Type, _ bigEndian: Bool) -> [T] {
        let width = MemoryLayout<T>.size
        let count = raw.count / width
        var values: [T] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            let value = raw.loadUnaligned(fromByteOffset: index * width, as: T.self)
            values.append(bigEndian ? T(bigEndian: value) : T(littleEndian: value))
        }
        return values
    }
}
