/// Output bytes for ``TextDump``: a dump is mostly ASCII copied from the file, so it
/// is built as bytes, not as a String appended piece by piece (which cost ten times
/// the parse in a profile of 100 CT headers).
struct DumpBuffer {
    var bytes: [UInt8] = []
    /// Where the current line starts, for padding to the comment column.
    private var lineStart = 0

    static let hexDigits = Array("0123456789ABCDEF".utf8)
    static let lowerHexDigits = Array("0123456789abcdef".utf8)

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func append(_ raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func spaces(_ count: Int) {
        if count > 0 { bytes.append(contentsOf: repeatElement(0x20, count: count)) }
    }

    mutating func hex(_ value: UInt16, digits: [UInt8] = hexDigits) {
        bytes.append(digits[Int(value >> 12)])
        bytes.append(digits[Int(value >> 8 & 0xF)])
        bytes.append(digits[Int(value >> 4 & 0xF)])
        bytes.append(digits[Int(value & 0xF)])
    }

    mutating func hexByte(_ value: UInt8) {
        bytes.append(Self.lowerHexDigits[Int(value >> 4)])
        bytes.append(Self.lowerHexDigits[Int(value & 0xF)])
    }

    /// `(GGGG,EEEE)`.
    mutating func tag(_ tag: Tag) {
        bytes.append(0x28)
        hex(tag.group)
        bytes.append(0x2C)
        hex(tag.element)
        bytes.append(0x29)
    }

    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// Pads the current line with spaces to `column` characters (UTF-8 continuation
    /// bytes not counted), at least one space.
    mutating func pad(to column: Int) {
        var characters = 0
        for index in lineStart..<bytes.count where bytes[index] & 0xC0 != 0x80 { characters += 1 }
        spaces(max(1, column - characters))
    }

    mutating func startLine() { lineStart = bytes.count }

    mutating func newline() {
        bytes.append(0x0A)
        lineStart = bytes.count
    }
}
