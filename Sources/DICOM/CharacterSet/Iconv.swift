import Glibc

/// The module's only use of glibc iconv: one open converter from a code page to
/// UTF-32.
///
/// An `iconv_t` carries shift state and may not be shared between threads, and
/// `iconv_open` costs far more than a conversion. So element values never go through
/// iconv: each code page's byte sequences are converted once, on first use, into an
/// immutable lookup table (`SingleByteTable`, `DoubleByteTable`,
/// `GB18030FourByteTable`), which the decoders reproducing Python's codecs read, and
/// which `EncodingTable` inverts for encoding.
struct Iconv: ~Copyable {
    private let handle: iconv_t

    /// `nil` if glibc does not know either name.
    init?(from source: String, to target: String) {
        let opened = iconv_open(target, source)
        guard let opened, Int(bitPattern: opened) != -1 else { return nil }
        handle = opened
    }

    deinit { iconv_close(handle) }

    /// Converts all of `input` from a fresh initial state, or returns nil when some
    /// byte is invalid, unmapped or an incomplete sequence ends the input.
    func convert(_ input: [UInt8]) -> [UInt8]? {
        _ = iconv(handle, nil, nil, nil, nil)  // back to the initial shift state
        var capacity = input.count * 4 + 16
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            var source = input.map { CChar(bitPattern: $0) }
            let produced: Int? = source.withUnsafeMutableBufferPointer { sourceBuffer in
                output.withUnsafeMutableBytes { outputBuffer in
                    var inPointer = sourceBuffer.baseAddress
                    var inLeft = sourceBuffer.count
                    var outPointer = outputBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = outputBuffer.count
                    if inLeft > 0, iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                        return errno == E2BIG ? -1 : nil
                    }
                    // Flush: stateful targets (ISO-2022) may owe a final escape sequence.
                    if iconv(handle, nil, nil, &outPointer, &outLeft) == -1 {
                        return errno == E2BIG ? -1 : nil
                    }
                    return outputBuffer.count - outLeft
                }
            }
            guard let produced else { return nil }
            if produced >= 0 { return Array(output.prefix(produced)) }
            capacity *= 2
            _ = iconv(handle, nil, nil, nil, nil)
        }
    }

    /// The one Unicode scalar `bytes` stand for, or nil when they are not exactly one
    /// mapped character. The converter must target UTF-32LE.
    func scalar(of bytes: [UInt8]) -> UInt32? {
        guard let output = convert(bytes), output.count == 4 else { return nil }
        return UInt32(output[0]) | UInt32(output[1]) << 8
            | UInt32(output[2]) << 16 | UInt32(output[3]) << 24
    }

    /// A converter from `name` to UTF-32LE, for building decode tables.
    static func decoder(for name: String) -> Iconv? {
        Iconv(from: name, to: "UTF-32LE")
    }
}
