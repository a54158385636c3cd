internal import CZlib

/// Raw deflate (RFC 1951, no zlib header) as the Deflated transfer syntax uses,
/// with a hard cap on the output so a bomb costs at most the cap.
///
/// The stream is inflated twice: first into a small scratch buffer, only to learn
/// its size (refused one byte past the limit), then into an array of exactly that
/// size. A bomb thus costs the time to inflate up to the limit and 64 KiB of
/// memory; a valid data set its own size once, never a grown buffer's copy.
enum Inflater {
    static let scratchSize = 64 << 10

    static func inflate(_ input: UnsafeRawBufferPointer, limit: Int, offset: Int) throws -> [UInt8] {
        let size = try withUnsafeTemporaryAllocation(byteCount: scratchSize, alignment: 16) { scratch in
            try run(input, into: scratch, reuse: true, limit: limit, offset: offset)
        }
        guard size > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = try run(
                input, into: UnsafeMutableRawBufferPointer(buffer), reuse: false, limit: size, offset: offset)
        }
    }

    /// Inflates all of `input` into `output` and returns the inflated size; with
    /// `reuse`, `output` is written over again each time it is full.
    private static func run(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, reuse: Bool, limit: Int,
        offset: Int
    ) throws -> Int {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DICOMError(.corruptDeflate("inflateInit2 failed"), offset: offset)
        }
        defer { inflateEnd(&stream) }
        var fed = 0
        var used = 0
        var total = 0
        while true {
            if stream.avail_in == 0 && fed < input.count {
                // avail_in is 32 bits: feed a larger input in slices.
                let slice = min(input.count - fed, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(
                    mutating: input.baseAddress!.advanced(by: fed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = UInt32(slice)
                fed += slice
            }
            if reuse && used == output.count { used = 0 }
            let room = output.count - used
            stream.next_out = output.baseAddress.map { $0.advanced(by: used).assumingMemoryBound(to: Bytef.self) }
            stream.avail_out = UInt32(clamping: room)
            let before = stream.avail_out
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let produced = Int(before - stream.avail_out)
            used += produced
            total += produced
            // One byte over the limit tells "exactly the limit" from "beyond".
            guard total <= limit else { throw DICOMError(.inflatedTooLarge(limit: limit), offset: offset) }
            let inputLeft = stream.avail_in > 0 || fed < input.count
            switch status {
            case Z_STREAM_END:
                return total
            case Z_OK where !inputLeft && stream.avail_out > 0, Z_BUF_ERROR where !inputLeft:
                throw DICOMError(.corruptDeflate("the deflate stream ends early"), offset: offset)
            case Z_OK, Z_BUF_ERROR:
                // More output than room, without `reuse`: the second pass found more
                // than the first, which cannot be; refuse rather than loop.
                if !reuse && stream.avail_out == 0 && status == Z_BUF_ERROR {
                    throw DICOMError(.corruptDeflate("inflated size changed between passes"), offset: offset)
                }
            default:
                let why = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw DICOMError(.corruptDeflate(why), offset: offset)
            }
        }
    }
}
