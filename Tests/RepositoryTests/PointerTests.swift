import Foundation
import Store
import Testing

@testable import Repository

@Suite struct PointerTests {
    let oid = String(repeating: "ab", count: 32)

    func parse(_ text: String) -> Pointer.Parsed { Pointer.parse(Array(text.utf8)) }

    @Test func canonicalTextRoundTrips() throws {
        let pointer = Pointer(oid: try #require(ObjectID(hex: oid)), size: 12345)
        #expect(pointer.text == "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize 12345\n")
        #expect(parse(pointer.text) == .valid(pointer))
    }

    @Test func legacyVersionAndExtensionsAreRead() {
        let text = "version https://hawser.github.com/spec/v1\next-0-foo sha256:\(oid)\noid sha256:\(oid)\nsize 0\n"
        guard case .valid(let pointer) = parse(text) else {
            Issue.record("expected a valid pointer")
            return
        }
        #expect(pointer.size == 0)
    }

    @Test func ordinaryContentIsNotAPointer() {
        #expect(parse("DICM and some bytes") == .notAPointer)
        #expect(Pointer.parse([UInt8](repeating: 0, count: 2000)) == .notAPointer)
        #expect(parse("") == .notAPointer)
    }

    @Test(arguments: [
        ("oid sha256:ABAB", "oid"),
        ("oid sha256:\(String(repeating: "AB", count: 32))", "oid"),
        ("oid md5:\(String(repeating: "ab", count: 32))", "oid"),
        ("oid sha256:\(String(repeating: "ab", count: 31))zz", "oid"),
    ])
    func badOidIsMalformed(line: String, word: String) {
        let text = "version https://git-lfs.github.com/spec/v1\n\(line)\nsize 10\n"
        guard case .malformed(let why) = parse(text) else {
            Issue.record("expected malformed for \(line)")
            return
        }
        #expect(why.contains(word))
    }

    @Test(arguments: ["-1", "12a", "", "+5", "99999999999999999999", " 5"])
    func badSizeIsMalformed(size: String) {
        let text = "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize \(size)\n"
        guard case .malformed = parse(text) else {
            Issue.record("expected malformed for size '\(size)'")
            return
        }
    }

    @Test func keysOutOfOrderOrRepeatedAreMalformed() {
        let swapped = "version https://git-lfs.github.com/spec/v1\nsize 10\noid sha256:\(oid)\n"
        guard case .malformed(let why) = parse(swapped) else {
            Issue.record("expected malformed")
            return
        }
        #expect(why.contains("order"))
        let twice = "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\noid sha256:\(oid)\nsize 1\n"
        guard case .malformed = parse(twice) else {
            Issue.record("expected malformed")
            return
        }
    }

    @Test func missingFieldsAndNewlineAreMalformed() {
        for text in [
            "version https://git-lfs.github.com/spec/v1\nsize 10\n",
            "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\n",
            "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize 10",
            "version https://example.com/spec/v9\noid sha256:\(oid)\nsize 10\n",
        ] {
            guard case .malformed = parse(text) else {
                Issue.record("expected malformed: \(text.debugDescription)")
                continue
            }
        }
    }
}
