import Anonymity
import Foundation
import Testing

@Suite("Verdict cache")
struct VerdictCacheTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "verdicts-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    let finding = Finding(file: "a.dcm", path: "(0010,0010)", rule: "table-e1-1", message: "m", value: "J…(8)")

    @Test("a verdict is served only for the same key, profile and rules, under the asker's name")
    func keys() throws {
        let path = try Self.folder() + "/v.sqlite"
        let cache = try VerdictCache(path: path, rules: "r1")
        try cache.store([("sha256:aa", [finding]), ("sha256:bb", [])], profile: "p1")
        let hits = cache.lookup(["sha256:aa", "sha256:bb", "sha256:cc"], profile: "p1")
        #expect(hits.keys.sorted() == ["sha256:aa", "sha256:bb"])
        #expect(hits["sha256:aa"]?.first?.rule == "table-e1-1")
        #expect(hits["sha256:aa"]?.first?.file == "", "stored without the name it was checked under")
        #expect(cache.lookup(["sha256:aa"], profile: "p2").isEmpty)
        // Another build of the rules never sees these verdicts; the same one does, reopened.
        #expect(try VerdictCache(path: path, rules: "r2").lookup(["sha256:aa"], profile: "p1").isEmpty)
        #expect(try VerdictCache(path: path, rules: "r1").lookup(["sha256:aa"], profile: "p1").count == 1)
    }

    @Test("an unreadable verdict is not kept: an I/O error says nothing about the content")
    func unreadable() throws {
        let cache = try VerdictCache(path: try Self.folder() + "/v.sqlite", rules: "r")
        let bad = Finding(file: "x", path: "", rule: "unreadable", message: "EIO")
        #expect(try cache.store([("k", [bad])], profile: "p") == 0)
        #expect(cache.lookup(["k"], profile: "p").isEmpty)
    }

    @Test("a damaged cache file is refused at open, never read as verdicts")
    func damaged() throws {
        let path = try Self.folder() + "/v.sqlite"
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect(throws: (any Error).self) { _ = try VerdictCache(path: path, rules: "r") }
    }

    @Test("a loose file's identity changes with any write and is unsettled right after one")
    func identity() throws {
        let path = try Self.folder() + "/f"
        try Data("one".utf8).write(to: URL(fileURLWithPath: path))
        let first = try #require(FileIdentity(path: path))
        #expect(!first.isSettled(before: Date()))
        #expect(first.isSettled(before: Date().addingTimeInterval(5)))
        try Data("two".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try #require(FileIdentity(path: path)).key != first.key)
        #expect(FileIdentity(path: path + "-missing") == nil)
    }
}
