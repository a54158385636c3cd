internal import CGit2

/// A git object id (SHA-1), as 40 lowercase hex characters.
public struct GitOID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let hex: String

    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { return nil }
        self.hex = hex
    }

    init(_ raw: git_oid) {
        var raw = raw
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_fmt(&buffer, &raw)
        self.hex = String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init(_ pointer: UnsafePointer<git_oid>) { self.init(pointer.pointee) }

    var raw: git_oid {
        var out = git_oid()
        _ = git_oid_fromstr(&out, hex)
        return out
    }

    public var isZero: Bool { hex.utf8.allSatisfy { $0 == 48 } }
    public var short: String { String(hex.prefix(12)) }
    public var description: String { hex }
    public static func < (a: GitOID, b: GitOID) -> Bool { a.hex < b.hex }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let oid = GitOID(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a git oid"))
        }
        self = oid
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
