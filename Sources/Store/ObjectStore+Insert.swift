import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ObjectStore {
    /// Stores the content of the regular file at `path` and returns its id, its size and
    /// the file's stat from before it was read.
    ///
    /// Refuses symlinks, folders, FIFOs and devices (`notRegularFile`), and throws
    /// `fileChanged` when the file's size, mtime or ctime differ between the stat before
    /// and after reading, or its bytes differ between the two passes over a big file.
    /// When the object is already stored nothing is written (`written == false`).
    public func insert(fileAt path: String) throws -> StoredObject {
        try insert(fileAt: path, batch: nil)
    }

    /// As ``insert(fileAt:)``; with a batch, the new object is left for the batch to publish.
    func insert(fileAt path: String, batch: StoreBatch?) throws -> StoredObject {
        // lstat first, so a device or FIFO is refused without being opened at all.
        guard let seen = try FileSystem.status(of: path) else {
            throw StoreError(.io(operation: "open", errno: ENOENT), path: path)
        }
        guard seen.isRegularFile else { throw StoreError(.notRegularFile, path: path) }
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(path, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        } catch let error as StoreError where error.kind == .io(operation: "open", errno: ELOOP) {
            throw StoreError(.notRegularFile, path: path)  // swapped for a symlink since lstat
        }
        let before = try file.stat()
        guard before.isRegularFile else { throw StoreError(.notRegularFile, path: path) }
        let result: (oid: ObjectID, written: Bool)
        if before.size <= Self.inMemoryLimit {
            result = try insertWhole(file, before: before, batch: batch)
        } else {
            result = try insertStreaming(file, before: before, batch: batch)
        }
        return StoredObject(oid: result.oid, size: before.size, written: result.written, stat: before)
    }

    /// Stores `bytes` and returns their id and size; `stat` is nil.
    public func insert(bytes: UnsafeRawBufferPointer) throws -> StoredObject {
        let oid = ObjectID.hash(of: bytes)
        let written = try contains(oid) ? false : store(bytes, as: oid)
        return StoredObject(oid: oid, size: Int64(bytes.count), written: written, stat: nil)
    }

    /// Stores `bytes` and returns their id and size; `stat` is nil.
    public func insert(bytes: [UInt8]) throws -> StoredObject {
        try bytes.withUnsafeBytes { try insert(bytes: $0) }
    }

    /// Small files: one read into memory, one hash, one libdeflate call.
    private func insertWhole(
        _ file: FileDescriptor, before: FileStat, batch: StoreBatch?
    ) throws -> (oid: ObjectID, written: Bool) {
        let size = Int(before.size)
        // One byte more than expected, so a file that grew since fstat is caught.
        let content = try [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            count = try file.readFully(into: UnsafeMutableRawBufferPointer(buffer))
        }
        guard content.count == size, try file.stat().hasSameContentStamp(as: before) else {
            throw StoreError(.fileChanged, path: file.path)
        }
        let oid = ObjectID.hash(of: content)
        if contains(oid) || batch?.claim(oid) == false { return (oid, false) }
        return (oid, try content.withUnsafeBytes { try store($0, as: oid, batch: batch) })
    }

    /// Big files: pass 1 hashes; if the object is new, pass 2 compresses into the temp
    /// file while hashing again, and a different hash means the file changed meanwhile.
    private func insertStreaming(
        _ file: FileDescriptor, before: FileStat, batch: StoreBatch?
    ) throws -> (oid: ObjectID, written: Bool) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.streamChunk, alignment: 16)
        defer { buffer.deallocate() }
        let changed = StoreError(.fileChanged, path: file.path)

        func hashPass(_ each: (UnsafeRawBufferPointer) throws -> Void) throws -> ObjectID {
            var hasher = SHA256()
            var total: Int64 = 0
            while true {
                let count = try file.readFully(into: buffer)
                if count == 0 { break }
                let piece = UnsafeRawBufferPointer(rebasing: buffer[..<count])
                hasher.update(bufferPointer: piece)
                try each(piece)
                total += Int64(count)
                if total > before.size { throw changed }
            }
            guard total == before.size, try file.stat().hasSameContentStamp(as: before) else { throw changed }
            return ObjectID(digest: hasher.finalize())
        }

        let oid = try hashPass { _ in }
        if contains(oid) || batch?.claim(oid) == false { return (oid, false) }
        try file.rewind()
        let deflater = try StreamDeflater()
        try writeObject(oid, batch: batch) { temp in
            let again = try hashPass { piece in try deflater.compress(piece) { try temp.write($0) } }
            guard again == oid else { throw changed }
            try deflater.finish { try temp.write($0) }
        }
        return (oid, true)
    }

    /// Compresses in-memory content and writes it as `oid`; returns true (written).
    private func store(_ bytes: UnsafeRawBufferPointer, as oid: ObjectID, batch: StoreBatch? = nil) throws -> Bool {
        if Int64(bytes.count) <= Self.inMemoryLimit {
            let compressed = try BlockCompressor().compress(bytes)
            try writeObject(oid, batch: batch) { temp in try compressed.withUnsafeBytes { try temp.write($0) } }
        } else {
            // Stream big buffers too, so compression never doubles the caller's memory.
            let deflater = try StreamDeflater()
            try writeObject(oid, batch: batch) { temp in
                var offset = 0
                while offset < bytes.count {
                    let end = min(offset + Self.streamChunk, bytes.count)
                    try deflater.compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<end])) { try temp.write($0) }
                    offset = end
                }
                try deflater.finish { try temp.write($0) }
            }
        }
        return true
    }

    /// The write protocol: temp file, `produce` writes the zlib stream into it, then
    /// fsync, fan-out folders, rename and folder fsync. On any error the temp file is
    /// removed and nothing appears at the final path (save the one case that
    /// ``DurableFile/commit(to:)`` explains).
    func writeObject(_ oid: ObjectID, batch: StoreBatch? = nil, produce: (DurableFile) throws -> Void) throws {
        let temp = try DurableFile(in: temporaryDirectory, for: oid)
        do {
            try produce(temp)
            if let batch {
                batch.add(temporary: try temp.settleUnsynced(), oid: oid)
            } else {
                try temp.commit(to: path(for: oid))
            }
        } catch {
            temp.discard()
            throw error
        }
    }
}
