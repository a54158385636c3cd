internal import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// zlib's streaming `deflate`, for files too big to hold in memory: fed piece by
/// piece, it hands its zlib-format output to a sink in pieces of ``outputCapacity``.
///
/// Not `Sendable`: one deflater serves one stream on one thread.
final class StreamDeflater {
    static let outputCapacity = 1 << 20

    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer

    /// - Parameter level: 1 (fastest) to 9; the store uses 1.
    init(level: Int32 = 1) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit_(stream, level, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw StoreError(.io(operation: "deflateInit", errno: ENOMEM))
        }
        output = .allocate(byteCount: Self.outputCapacity, alignment: 16)
        resetOutput()
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Compresses `input`, passing every full output buffer to `sink`.
    func compress(_ input: UnsafeRawBufferPointer, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress else { return }
        var offset = 0
        // avail_in is 32 bits wide: feed huge inputs in slices.
        while offset < input.count {
            let length = min(input.count - offset, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(length)
            while stream.pointee.avail_in > 0 {
                try step(flush: Z_NO_FLUSH, sink: sink)
            }
            offset += length
        }
    }

    /// Ends the stream (final block and adler-32) and passes the rest of the output to `sink`.
    func finish(to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        while try step(flush: Z_FINISH, sink: sink) != Z_STREAM_END {}
        let produced = Self.outputCapacity - Int(stream.pointee.avail_out)
        if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[..<produced])) }
        resetOutput()
    }

    @discardableResult
    private func step(flush: Int32, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int32 {
        let status = deflate(stream, flush)
        // Z_BUF_ERROR only means "no progress this call"; anything else is a misuse.
        precondition(status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR, "deflate: \(status)")
        if stream.pointee.avail_out == 0 {
            try sink(UnsafeRawBufferPointer(output))
            resetOutput()
        }
        return status
    }

    private func resetOutput() {
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(Self.outputCapacity)
    }
}
