import Foundation
import Store

/// A git-lfs pointer file (spec v1): what the repository holds in place of a large file.
///
///     version https://git-lfs.github.com/spec/v1
///     oid sha256:<64 lowercase hex>
///     size <bytes>
public struct Pointer: Sendable, Hashable {
    public static let version = "https://git-lfs.github.com/spec/v1"
    /// git-lfs reads pointers of its pre-release name too.
    static let legacyVersion = "https://hawser.github.com/spec/v1"
    /// Pointers are small; anything larger is file content, never a pointer.
    public static let maximumSize = 1024

    public let oid: ObjectID
    public let size: Int64

    public init(oid: ObjectID, size: Int64) {
        self.oid = oid
        self.size = size
    }

    /// The canonical text, byte for byte what `git lfs pointer` writes.
    public var text: String { "version \(Self.version)\noid sha256:\(oid.hex)\nsize \(size)\n" }
    public var data: Data { Data(text.utf8) }

    /// What some bytes are: no pointer at all, a pointer with a defect, or a valid pointer.
    public enum Parsed: Sendable, Equatable {
        case notAPointer
        case malformed(String)
        case valid(Pointer)
    }

    /// Parses strictly: the version line first, then keys in byte order, one each, every line
    /// ending in a newline, `oid` as `sha256:` and 64 lowercase hex, `size` a non-negative integer.
    public static func parse(_ bytes: some Collection<UInt8>) -> Parsed {
        guard bytes.count <= maximumSize, bytes.starts(with: Array("version ".utf8)) else { return .notAPointer }
        guard let text = String(bytes: bytes, encoding: .utf8) else { return .malformed("not UTF-8") }
        guard text.hasSuffix("\n") else { return .malformed("the last line does not end with a newline") }
        var lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = lines.removeFirst()
        guard first == "version \(version)" || first == "version \(legacyVersion)" else {
            return .malformed("unknown version line '\(first.prefix(80))'")
        }
        var oid: ObjectID?
        var size: Int64?
        var previousKey = ""
        for line in lines {
            guard let space = line.firstIndex(of: " ") else {
                return .malformed("line '\(line.prefix(80))' has no value")
            }
            let key = String(line[..<space])
            let value = String(line[line.index(after: space)...])
            guard key > previousKey else {
                return .malformed(
                    key == previousKey
                        ? "key '\(key)' appears twice" : "keys out of order ('\(key)' after '\(previousKey)')")
            }
            guard !key.isEmpty, key.utf8.allSatisfy({ isKeyByte($0) }) else {
                return .malformed("invalid key '\(key.prefix(40))'")
            }
            previousKey = key
            switch key {
            case "oid":
                guard value.hasPrefix("sha256:"), let parsed = ObjectID(hex: String(value.dropFirst(7))) else {
                    return .malformed("oid '\(value.prefix(80))' is not sha256: and 64 lowercase hex digits")
                }
                oid = parsed
            case "size":
                guard !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                    let parsed = Int64(value)
                else { return .malformed("size '\(value.prefix(40))' is not a non-negative integer") }
                size = parsed
            default:
                // Extensions (ext-N-name) are allowed by the spec; aida writes none.
                guard key.hasPrefix("ext-") else { return .malformed("unknown key '\(key.prefix(40))'") }
            }
        }
        guard let oid else { return .malformed("no oid line") }
        guard let size else { return .malformed("no size line") }
        return .valid(Pointer(oid: oid, size: size))
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 46 || byte == 45
    }
}
