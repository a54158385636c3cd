internal import CDeflate

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libdeflate's one-shot zlib decompressor, for objects small enough to hold in
/// memory: about twice as fast as zlib's `inflate`, and it checks the adler-32 too.
///
/// It tells "too long", "trailing bytes" and success apart, but not a truncated stream
/// from a damaged one; for those it answers nil and the caller asks ``ZlibInflater``,
/// whose messages say exactly what is wrong.
///
/// Not `Sendable`: one decompressor serves one thread at a time.
final class BlockDecompressor {
    private let handle: OpaquePointer

    init() throws {
        guard let handle = libdeflate_alloc_decompressor() else {
            throw StoreError(.io(operation: "libdeflate_alloc_decompressor", errno: ENOMEM))
        }
        self.handle = handle
    }

    deinit { libdeflate_free_decompressor(handle) }

    /// Inflates the zlib stream `input` into `output`, never writing past its end.
    ///
    /// - Returns: `complete` with the number of bytes written; `exceededLimit` when the
    ///   content does not fit in `output` (size it to the expected size + 1);
    ///   `trailingBytes` when input is left after the stream; nil when the stream is bad
    ///   or ends early.
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> DecodeOutcome? {
        var consumed = 0
        var produced = 0
        let result = libdeflate_zlib_decompress_ex(
            handle, input.baseAddress, input.count, output.baseAddress, output.count, &consumed, &produced)
        switch result {
        case LIBDEFLATE_SUCCESS:
            if produced == output.count { return .exceededLimit }
            if consumed < input.count { return .trailingBytes }
            return .complete(size: Int64(produced))
        case LIBDEFLATE_INSUFFICIENT_SPACE:
            return .exceededLimit
        default:
            return nil
        }
    }

    /// The largest zlib file worth loading whole for content of `size` bytes: what
    /// deflate's stored blocks need (5 bytes per 64 KiB) with generous room. Bigger
    /// files are damaged or oddly encoded, and go the streaming way instead.
    static func plausibleStreamSize(for size: Int64) -> Int64 {
        size + size / 8 + 1024
    }
}
