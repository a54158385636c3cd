/// The bytes one parse reads from: a whole file (or the inflated body of a
/// Deflated one), read once. Elements hold ranges into it, so a value, pixel
/// data included, is never copied until someone asks for it.
public final class ByteStorage: @unchecked Sendable {
    // Never mutated after init, hence safe to share across threads.
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var count: Int { bytes.count }
}

/// One element's value: a range of a ``ByteStorage``, in the byte order of the
/// transfer syntax it was read with.
public struct ValueBytes: Sendable {
    public let storage: ByteStorage
    public let range: Range<Int>
    /// Numbers are big endian (Explicit VR Big Endian source); text is unaffected.
    public let isBigEndian: Bool

    public init(storage: ByteStorage, range: Range<Int>, isBigEndian: Bool = false) {
        precondition(range.lowerBound >= 0 && range.upperBound <= storage.count)
        self.storage = storage
        self.range = range
        self.isBigEndian = isBigEndian
    }

    /// New little-endian bytes owned by this value (for values made by a writer).
    public init(_ bytes: [UInt8]) {
        self.init(storage: ByteStorage(bytes), range: 0..<bytes.count)
    }

    public var count: Int { range.count }
    public var isEmpty: Bool { range.isEmpty }

    /// A copy of the bytes; values are small except bulk data, which callers stream.
    public var array: [UInt8] { Array(storage.bytes[range]) }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.bytes.withUnsafeBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[range]))
        }
    }

    public subscript(index: Int) -> UInt8 { storage.bytes[range.lowerBound + index] }

    /// Bytes equal, whatever storage they live in.
    public func elementsEqual(_ other: ValueBytes) -> Bool {
        count == other.count
            && withUnsafeBytes { a in other.withUnsafeBytes { b in a.elementsEqual(b) } }
    }
}
