import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ObjectStore {
    /// Delivers the content of `oid` to `chunk`, in pieces, after checking it against the
    /// id and against `size` (the uncompressed size from the pointer).
    ///
    /// `chunk` only ever receives verified bytes: objects up to 16 MiB are inflated into
    /// memory and checked before the first call; bigger ones are checked in a first pass
    /// and delivered in a second that checks again and throws if it disagrees (the file
    /// changed under us). Inflation stops at `size + 1` bytes, so a decompression bomb
    /// costs no more than the object it claims to be.
    ///
    /// Looks in the primary root, then the fallback roots; the first copy found is the
    /// one read, and if it is damaged the error says so (no silent fallback).
    /// - Throws: ``StoreError`` with kind `missing`, a corruption kind, or `io`; or
    ///   whatever `chunk` throws.
    public func read(_ oid: ObjectID, size: Int64, chunk: (UnsafeRawBufferPointer) throws -> Void) throws {
        let source = try open(oid)
        guard size >= 0 else { throw source.error(.oversized(expected: size)) }
        if size <= Self.inMemoryLimit {
            let content = try loadVerified(source, size: size)
            if !content.isEmpty { try content.withUnsafeBytes(chunk) }
            return
        }
        try verifyStreaming(source, size: size)
        try source.file.rewind()
        var hasher = SHA256()
        var delivered: Int64 = 0
        let outcome = try decode(source, limit: size + 1) { piece in
            hasher.update(bufferPointer: piece)
            // Pass 1 proved the content is `size` bytes; never hand out a byte beyond it.
            let count = Int(min(Int64(piece.count), size - delivered))
            if count > 0 { try chunk(UnsafeRawBufferPointer(rebasing: piece[..<count])) }
            delivered += Int64(count)
        }
        try check(outcome, ObjectID(digest: hasher.finalize()), source, size: size)
    }

    /// Checks `oid` without delivering it: hash, size and, for compressed objects, the
    /// soundness of the zlib stream.
    ///
    /// - Parameter size: the size from the pointer; nil for an object that no pointer
    ///   refers to, in which case inflation is capped at deflate's maximum ratio
    ///   (1032 x the compressed size + 64 KiB) and only the hash is checked.
    public func verify(_ oid: ObjectID, size: Int64?) throws {
        let source = try open(oid)
        if let size, size < 0 { throw source.error(.oversized(expected: size)) }
        if let size, size <= Self.inMemoryLimit {
            _ = try loadVerified(source, size: size)
        } else {
            try verifyStreaming(source, size: size)
        }
    }

    /// An opened copy of an object: the file, whether it is zlib, and its stored size.
    struct Source {
        let oid: ObjectID
        let file: FileDescriptor
        let compressed: Bool
        let storedSize: Int64

        func error(_ kind: StoreError.Kind) -> StoreError {
            StoreError(kind, oid: oid, path: file.path)
        }
    }

    /// Opens the first copy of `oid` in search order; `missing` when there is none.
    func open(_ oid: ObjectID) throws -> Source {
        for (path, compressed) in candidates(for: oid) {
            let file: FileDescriptor
            do {
                file = try FileDescriptor.open(path, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK, oid: oid)
            } catch let error as StoreError where error.kind == .io(operation: "open", errno: ENOENT) {
                continue
            }
            let stat = try file.stat()
            guard stat.isRegularFile else { throw StoreError(.notRegularFile, oid: oid, path: path) }
            return Source(oid: oid, file: file, compressed: compressed, storedSize: stat.size)
        }
        throw StoreError(.missing, oid: oid, path: path(for: oid))
    }

    /// The content of a small object, checked. A plausible zlib file is loaded whole and
    /// inflated by libdeflate; anything else, and any stream libdeflate calls bad, goes
    /// through zlib, which names the damage precisely.
    private func loadVerified(_ source: Source, size: Int64) throws -> [UInt8] {
        if source.compressed && source.storedSize <= BlockDecompressor.plausibleStreamSize(for: size) {
            let stream = try [UInt8](unsafeUninitializedCapacity: Int(source.storedSize) + 1) { buffer, count in
                count = try source.file.readFully(into: UnsafeMutableRawBufferPointer(buffer))
            }
            var outcome: DecodeOutcome?
            let content = try [UInt8](unsafeUninitializedCapacity: Int(size) + 1) { buffer, count in
                let inflater = try BlockDecompressor()
                outcome = stream.withUnsafeBytes {
                    inflater.decompress($0, into: UnsafeMutableRawBufferPointer(buffer))
                }
                if case .complete(let produced) = outcome { count = Int(produced) }
            }
            if let outcome, stream.count == source.storedSize {
                try check(outcome, ObjectID.hash(of: content), source, size: size)
                return content
            }
            try source.file.rewind()
        }
        var content = [UInt8]()
        content.reserveCapacity(Int(size) + 1)
        var hasher = SHA256()
        let outcome = try decode(source, limit: size + 1) { piece in
            hasher.update(bufferPointer: piece)
            content.append(contentsOf: piece)
        }
        try check(outcome, ObjectID(digest: hasher.finalize()), source, size: size)
        return content
    }

    /// Hashes the whole content as it streams past, holding only fixed buffers.
    private func verifyStreaming(_ source: Source, size: Int64?) throws {
        let limit: Int64
        if let size {
            limit = size + 1
        } else if source.compressed {
            let (product, overflow) = source.storedSize.multipliedReportingOverflow(by: 1032)
            limit = overflow ? .max : product + (64 << 10)
        } else {
            limit = .max
        }
        var hasher = SHA256()
        let outcome = try decode(source, limit: limit) { hasher.update(bufferPointer: $0) }
        try check(outcome, ObjectID(digest: hasher.finalize()), source, size: size)
    }

    /// Streams the content of `source` to `sink`, at most `limit` bytes, inflating when
    /// the copy is compressed. The output is unverified: callers hash it.
    private func decode(_ source: Source, limit: Int64, sink: (UnsafeRawBufferPointer) throws -> Void) throws
        -> DecodeOutcome
    {
        if source.compressed {
            return try ZlibInflater().run(limit: limit, input: source.file.read(into:), output: sink)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.streamChunk, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let room = Int(min(Int64(buffer.count), limit - total))
            let count = try source.file.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<room]))
            if count == 0 { return .complete(size: total) }
            total += Int64(count)
            try sink(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            if total >= limit { return .exceededLimit }
        }
    }

    /// Turns a decode outcome and the hash of its output into success or the precise error.
    private func check(_ outcome: DecodeOutcome, _ actual: @autoclosure () -> ObjectID, _ source: Source, size: Int64?)
        throws
    {
        if let kind = outcome.error(expected: size) { throw source.error(kind) }
        if case .complete(let produced) = outcome, let size, produced != size {
            throw source.error(.undersized(expected: size, actual: produced))
        }
        let digest = actual()
        if digest != source.oid { throw source.error(.hashMismatch(actual: digest)) }
    }
}
