internal import CZlib

/// Raw deflate (RFC 1951, no zlib header) as the Deflated transfer syntax uses,
/// with a hard cap on the output so a bomb costs at most the cap.
enum Inflater {
    static func inflate(_ input: UnsafeRawBufferPointer, limit: Int, offset: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DICOMError(.corruptDeflate("inflateInit2 failed"), offset: offset)
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: min(limit + 1, max(64 << 10, input.count * 4)))
        var produced = 0
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = UInt32(clamping: input.count)
        while true {
            if produced == output.count {
                // One byte over the limit tells "exactly the limit" from "beyond".
                guard output.count <= limit else { throw DICOMError(.inflatedTooLarge(limit: limit), offset: offset) }
                output.append(contentsOf: repeatElement(0, count: min(output.count, limit + 1 - output.count)))
            }
            let status = output.withUnsafeMutableBytes { buffer -> Int32 in
                stream.next_out = buffer.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(clamping: buffer.count - produced)
                let before = stream.avail_out
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                produced += Int(before - stream.avail_out)
                return status
            }
            switch status {
            case Z_STREAM_END:
                guard produced <= limit else { throw DICOMError(.inflatedTooLarge(limit: limit), offset: offset) }
                output.removeSubrange(produced...)
                return output
            case Z_OK:
                if stream.avail_in == 0 && produced < output.count {
                    throw DICOMError(.corruptDeflate("the deflate stream ends early"), offset: offset)
                }
            case Z_BUF_ERROR:
                if stream.avail_in == 0 {
                    throw DICOMError(.corruptDeflate("the deflate stream ends early"), offset: offset)
                }
            default:
                let why = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw DICOMError(.corruptDeflate(why), offset: offset)
            }
        }
    }
}
