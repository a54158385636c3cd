/// Encodes one element's header and value bytes as Explicit VR Little Endian
/// (PS3.5 7.1.2): the VR to declare, the byte order, the padding.
enum ElementEncoder {
    static let undefinedLength: UInt32 = 0xFFFF_FFFF
    /// The largest defined length: 0xFFFFFFFF means "undefined".
    static let maxLength = 0xFFFF_FFFE
    /// A 16-bit length field holds at most this even length.
    static let maxShortLength = 0xFFFE

    /// Whether a value still holds the bytes read from `keptSource`, an Explicit VR
    /// Little Endian source. Such an element is written as read, so an unchanged file
    /// is re-written byte for byte: the VR its header declared (a UN stays UN) and
    /// its length, odd or not. Any other value (changed, new, or from another
    /// encoding) is written with its resolved VR and padded to an even length.
    static func isAsRead(_ bytes: ValueBytes, keptSource: ByteStorage?) -> Bool {
        guard let keptSource else { return false }
        return bytes.storage === keptSource
    }

    /// Whether every value under these items still holds the bytes read from
    /// `keptSource`. A CP-246 sequence for which this holds is written as read (UN,
    /// its content implicit VR): nothing in it needs a VR the implicit encoding cannot
    /// carry. Removed elements and items do not matter: lengths are recomputed.
    /// Walked with an explicit stack.
    static func isAsRead(_ items: [Item], keptSource: ByteStorage?) -> Bool {
        guard let keptSource else { return false }
        var pending = items.map(\.dataSet.elements)
        while let elements = pending.popLast() {
            for element in elements {
                switch element.value {
                case .bytes(let bytes):
                    guard bytes.storage === keptSource else { return false }
                case .encapsulated(let pixels):
                    guard pixels.value.storage === keptSource else { return false }
                case .sequence(let nested):
                    pending.append(contentsOf: nested.map(\.dataSet.elements))
                }
            }
        }
        return true
    }

    /// The length a value takes once padded to an even length (PS3.5 7.1.1).
    static func paddedLength(_ bytes: ValueBytes) -> Int { bytes.count + (bytes.count & 1) }

    /// A value too long for the 16-bit length field of its VR is declared UN, as
    /// PS3.5 6.2.2 allows and pydicom does (with a warning) rather than refusing:
    /// the bytes are kept and readers that know the tag read it as its dictionary VR.
    static func fittingVR(_ vr: VR, length: Int) -> VR {
        !vr.hasLongLength && length > maxShortLength ? .UN : vr
    }

    /// An explicit VR header, or for implicit VR (CP-246 content kept as read) the
    /// tag and a 32-bit length.
    static func appendHeader(tag: Tag, vr: VR, length: UInt32, implicitVR: Bool = false, to output: inout [UInt8]) {
        if implicitVR { return appendItemHeader(tag, length: length, to: &output) }
        appendTag(tag, to: &output)
        let code = vr.code
        output.append(UInt8(truncatingIfNeeded: code >> 8))
        output.append(UInt8(truncatingIfNeeded: code))
        if vr.hasLongLength {
            output.append(0)
            output.append(0)
            appendU32(length, to: &output)
        } else {
            appendU16(UInt16(truncatingIfNeeded: length), to: &output)
        }
    }

    /// Item and delimiter headers: a tag and a 32-bit length, no VR.
    static func appendItemHeader(_ tag: Tag, length: UInt32, to output: inout [UInt8]) {
        appendTag(tag, to: &output)
        appendU32(length, to: &output)
    }

    /// Copies the value, little endian, padded to even with the VR's padding byte
    /// when `pad`. `vr` is the resolved VR, which says how wide the numbers to swap are.
    static func appendValue(_ bytes: ValueBytes, vr: VR, pad: Bool, to output: inout [UInt8]) {
        let start = output.count
        bytes.withUnsafeBytes { output.append(contentsOf: $0) }
        if bytes.isBigEndian, let width = swapWidth(vr) {
            swapInPlace(&output, from: start, width: width)
        }
        if pad && bytes.count & 1 == 1 { output.append(vr.paddingByte) }
    }

    /// Bytes per number to reverse when a big-endian value is written little endian.
    /// AT is a pair of 16-bit numbers (group, element), not one 32-bit number.
    static func swapWidth(_ vr: VR) -> Int? {
        vr == .AT ? 2 : vr.binaryWidth
    }

    /// Reverses each whole `width`-byte number from `start` on; a trailing partial
    /// number (a malformed length) is left as it is.
    static func swapInPlace(_ output: inout [UInt8], from start: Int, width: Int) {
        guard width > 1 else { return }
        output.withUnsafeMutableBufferPointer { buffer in
            var position = start
            while position + width <= buffer.count {
                var low = position
                var high = position + width - 1
                while low < high {
                    buffer.swapAt(low, high)
                    low += 1
                    high -= 1
                }
                position += width
            }
        }
    }

    static func appendTag(_ tag: Tag, to output: inout [UInt8]) {
        appendU16(tag.group, to: &output)
        appendU16(tag.element, to: &output)
    }

    static func appendU16(_ value: UInt16, to output: inout [UInt8]) {
        output.append(UInt8(truncatingIfNeeded: value))
        output.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    static func appendU32(_ value: UInt32, to output: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// Overwrites a 32-bit little-endian placeholder written earlier.
    static func patchU32(_ value: UInt32, at position: Int, in output: inout [UInt8]) {
        for index in 0..<4 { output[position + index] = UInt8(truncatingIfNeeded: value >> UInt32(8 * index)) }
    }
}
