/// How decoding a stored object ended, before its hash is checked. Produced by the
/// inflaters (and by the plain reader of uncompressed copies); turned into success or
/// a precise ``StoreError`` by the read path.
enum DecodeOutcome: Equatable {
    /// The stream ended where the file ends, after `size` bytes of output.
    case complete(size: Int64)
    /// The output reached the limit before the stream ended; decoding stopped there.
    case exceededLimit
    /// The file ended inside the stream.
    case truncated
    /// Bytes follow the end of the stream.
    case trailingBytes
    /// zlib refused the data; its message.
    case corrupt(String)

    /// The error this outcome means, or nil for `complete`.
    func error(expected size: Int64?) -> StoreError.Kind? {
        switch self {
        case .complete: nil
        case .exceededLimit: .oversized(expected: size)
        case .truncated: .truncated
        case .trailingBytes: .trailingBytes
        case .corrupt(let message): .corruptStream(message: message)
        }
    }
}
