internal import CZlib

/// The start of a gzip file, for a `.nii.gz`: its header and extensions are all the
/// gate reads, never the voxels. Output stops at the requested size (a bomb costs at
/// most that much memory), and the compressed input read is capped too. The gzip
/// header's own text (the original file name, a comment) is handed out to be checked:
/// `gzip` records the name of the file it compressed.
enum GzipPrefix {
    struct Failure: Error {
        let message: String
    }

    static let chunk: UInt64 = 64 << 10

    /// The first `count` inflated bytes, fewer when the data ends first (a truncated
    /// stream is not an error here: the caller checks it got what it needs).
    /// Concatenated members are read on as one stream, as gunzip does.
    static func inflate(_ file: BoundedFile, count: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: count)
        var produced = 0
        var offset: UInt64 = 0
        var input: [UInt8] = []
        var used = 0
        // Deflate expands at most about 1:1032; input far past that without output is not a header.
        let maxInput = UInt64(count) * 1100 + (1 << 20)
        while produced < count {
            if used == input.count {
                guard offset < file.size, offset < maxInput else { break }
                input = file.read(upTo: chunk, at: offset)
                guard !input.isEmpty else { break }
                offset += UInt64(input.count)
                used = 0
            }
            let status = input.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    stream.next_in = UnsafeMutablePointer(
                        mutating: source.baseAddress!.advanced(by: used).assumingMemoryBound(to: Bytef.self))
                    stream.avail_in = UInt32(source.count - used)
                    stream.next_out = target.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = UInt32(count - produced)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    used = source.count - Int(stream.avail_in)
                    produced = count - Int(stream.avail_out)
                    return status
                }
            }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                // Another member follows only if it starts with the gzip magic.
                let next = used < input.count ? Array(input[used...].prefix(2)) : file.read(upTo: 2, at: offset)
                guard next == [0x1F, 0x8B] else { return Array(output[..<produced]) }
                inflateReset(&stream)
            default:
                let why = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw Failure(message: "corrupt gzip data: \(why)")
            }
        }
        return Array(output[..<produced])
    }

    /// The header's FNAME and FCOMMENT fields (RFC 1952 2.3.1), each at most 64 KiB.
    static func headerText(_ file: BoundedFile) -> [(field: String, bytes: [UInt8])] {
        let head = file.read(upTo: 10 + 2 + (64 << 10) * 3)
        guard head.count >= 10, head[0] == 0x1F, head[1] == 0x8B else { return [] }
        let flags = head[3]
        var index = 10
        if flags & 0x04 != 0 {  // FEXTRA: a length, then that many bytes
            guard head.count >= index + 2 else { return [] }
            index += 2 + (Int(head[index]) | Int(head[index + 1]) << 8)
        }
        var fields: [(String, [UInt8])] = []
        for (bit, name) in [(UInt8(0x08), "file name"), (0x10, "comment")] where flags & bit != 0 {
            guard index < head.count, let end = head[index...].firstIndex(of: 0) else {
                fields.append((name, Array(head[min(index, head.count)...])))
                break
            }
            fields.append((name, Array(head[index..<end])))
            index = end + 1
        }
        return fields
    }
}
