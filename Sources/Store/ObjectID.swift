import Crypto

/// The name of a stored object: the SHA-256 of its uncompressed bytes.
///
/// Written as 64 lowercase hexadecimal digits, which is also the object id
/// (`oid sha256:<hex>`) of a git-lfs pointer to the same bytes.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 64 lowercase hexadecimal digits.
    public let hex: String

    /// Accepts exactly 64 characters from `0-9a-f`; returns nil for anything else,
    /// including uppercase digits (they would name a different file on disk).
    public init?(hex: String) {
        let utf8 = hex.utf8
        guard utf8.count == 64,
            utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        self.hex = hex
    }

    /// Like ``init(hex:)``, but throws a ``StoreError`` of kind `invalidObjectID` that
    /// quotes the rejected text, for ids that come from files or the network.
    public init(validating text: String) throws {
        guard let id = ObjectID(hex: text) else {
            throw StoreError(.invalidObjectID(text: text))
        }
        self = id
    }

    init(digest: SHA256.Digest) {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        hex = String(decoding: out, as: UTF8.self)
    }

    /// The id of `bytes`: their SHA-256 in hex.
    public static func hash(of bytes: UnsafeRawBufferPointer) -> ObjectID {
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        return ObjectID(digest: hasher.finalize())
    }

    /// The id of `bytes`: their SHA-256 in hex.
    public static func hash(of bytes: [UInt8]) -> ObjectID {
        bytes.withUnsafeBytes { hash(of: $0) }
    }

    /// The two folder names of the fan-out layout, `hex[0..<2]` and `hex[2..<4]`.
    var fanOut: (String, String) {
        let utf8 = Array(hex.utf8.prefix(4))
        return (String(decoding: utf8[0..<2], as: UTF8.self), String(decoding: utf8[2..<4], as: UTF8.self))
    }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }
}
