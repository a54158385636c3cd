import Crypto
import Foundation
import Store

/// The state of one file passing through the `lfs` filter (see `LFSFilter`).
final class LFSFilterStream {
    private let clean: Bool
    private let path: String
    private let store: ObjectStore
    private let next: (UnsafeRawBufferPointer) -> Int32
    private let closeNext: () -> Int32
    /// The first bytes, kept while they could still be a pointer.
    private var head: [UInt8] = []
    private var hasher: SHA256?
    private var total: Int64 = 0
    private var passingThrough = false

    init(
        clean: Bool, path: String, store: ObjectStore, next: @escaping (UnsafeRawBufferPointer) -> Int32,
        close: @escaping () -> Int32
    ) {
        self.clean = clean
        self.path = path
        self.store = store
        self.next = next
        self.closeNext = close
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        total += Int64(bytes.count)
        if passingThrough { return next(bytes) }
        if var hasher {
            hasher.update(bufferPointer: bytes)
            self.hasher = hasher
            return 0
        }
        head.append(contentsOf: bytes)
        guard head.count > Pointer.maximumSize else { return 0 }
        // Too big to be a pointer.
        if clean {
            var hasher = SHA256()
            head.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            self.hasher = hasher
        } else {
            passingThrough = true
            let code = head.withUnsafeBytes { next($0) }
            if code < 0 { return code }
        }
        head = []
        return 0
    }

    func close() -> Int32 {
        let code = clean ? finishClean() : finishSmudge()
        if code < 0 { return code }
        return closeNext()
    }

    private func finishClean() -> Int32 {
        if hasher == nil, case .valid = Pointer.parse(head) {
            return head.withUnsafeBytes { next($0) }
        }
        // git-lfs spec v1: the pointer of an empty file is the empty file itself.
        if total == 0 { return 0 }
        var hasher = self.hasher ?? SHA256()
        if self.hasher == nil { head.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        guard let oid = ObjectID(hex: hex) else { return LFSFilterStream.fail("could not hash \(path)") }
        let text = Pointer(oid: oid, size: total).data
        return text.withUnsafeBytes { next($0) }
    }

    private func finishSmudge() -> Int32 {
        if passingThrough { return 0 }
        guard case .valid(let pointer) = Pointer.parse(head) else {
            return head.withUnsafeBytes { next($0) }
        }
        do {
            var status: Int32 = 0
            try store.read(pointer.oid, size: pointer.size) { chunk in
                if status == 0 { status = next(chunk) }
            }
            return status
        } catch {
            return LFSFilterStream.fail("\(path): \(error)")
        }
    }
}
