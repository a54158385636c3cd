internal import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// zlib's streaming `inflate` with a hard cap on the output, so a small file that
/// claims to hold gigabytes (a decompression bomb) costs only the cap in work and
/// two fixed buffers in memory.
///
/// Not `Sendable`: one inflater serves one thread; ``run(limit:input:output:)`` may be
/// called again for the next stream (a second pass over the same file).
final class ZlibInflater {
    static let bufferCapacity = 256 << 10

    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private let output: UnsafeMutableRawBufferPointer

    init() throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard inflateInit_(stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw StoreError(.io(operation: "inflateInit", errno: ENOMEM))
        }
        input = .allocate(byteCount: Self.bufferCapacity, alignment: 16)
        output = .allocate(byteCount: Self.bufferCapacity, alignment: 16)
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
        output.deallocate()
    }

    /// Inflates one zlib stream read through `read`, passing the output to `output`
    /// piece by piece, never more than `limit` bytes in total.
    ///
    /// - Parameters:
    ///   - limit: the most output to produce; reaching it is `exceededLimit`. Pass the
    ///     expected size + 1 to tell "exactly right" from "too long".
    ///   - read: fills the buffer from the file and returns the count; 0 at end of file.
    ///   - output: receives unverified output: callers hash it, they must not publish it.
    func run(
        limit: Int64,
        input read: (UnsafeMutableRawBufferPointer) throws -> Int,
        output: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> DecodeOutcome {
        inflateReset(stream)
        stream.pointee.avail_in = 0
        var produced: Int64 = 0
        while true {
            if stream.pointee.avail_in == 0 {
                let count = try read(input)
                if count == 0 { return .truncated }
                stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = uInt(count)
            }
            let room = Int(min(Int64(Self.bufferCapacity), limit - produced))
            stream.pointee.next_out = self.output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(room)
            let status = inflate(stream, Z_NO_FLUSH)
            let count = room - Int(stream.pointee.avail_out)
            if count > 0 {
                produced += Int64(count)
                try output(UnsafeRawBufferPointer(rebasing: self.output[..<count]))
            }
            switch status {
            case Z_OK, Z_BUF_ERROR, Z_STREAM_END:
                if produced >= limit { return .exceededLimit }
                if status != Z_STREAM_END { continue }
                // The stream is over: the buffer and the rest of the file must be empty.
                if try stream.pointee.avail_in > 0 || read(input) > 0 { return .trailingBytes }
                return .complete(size: produced)
            case Z_NEED_DICT:
                return .corrupt("the stream asks for a preset dictionary")
            case Z_MEM_ERROR:
                throw StoreError(.io(operation: "inflate", errno: ENOMEM))
            default:
                return .corrupt(stream.pointee.msg.map { String(cString: $0) } ?? "inflate status \(status)")
            }
        }
    }
}
