import Dispatch
import Foundation
import Store
import Testing

@Suite("Durable batch of files")
struct DurableBatchTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "durable-batch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/a/b", withIntermediateDirectories: true)
        return path
    }

    @Test("files staged from many threads appear complete at commit, and no temporary file is left")
    func commit() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let batch = DurableBatch()
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            let bytes = [UInt8](repeating: UInt8(index), count: 1000 + index)
            try? batch.stage(bytes, to: root + (index % 2 == 0 ? "/a" : "/a/b") + "/f\(index).dcm")
        }
        // Nothing at the targets before the commit.
        #expect(!FileManager.default.fileExists(atPath: root + "/a/f0.dcm"))
        try batch.commit()
        for index in 0..<64 {
            let path = root + (index % 2 == 0 ? "/a" : "/a/b") + "/f\(index).dcm"
            let data = try #require(FileManager.default.contents(atPath: path))
            #expect(data == Data(repeating: UInt8(index), count: 1000 + index))
        }
        let names = try FileManager.default.subpathsOfDirectory(atPath: root)
        #expect(!names.contains { $0.contains(".aida-") }, "\(names)")
    }

    @Test("a discarded batch leaves nothing, at the targets or beside them")
    func discard() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let batch = DurableBatch()
        try batch.stage([1, 2, 3], to: root + "/a/x.dcm")
        batch.discard()
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root).sorted() == ["a", "a/b"])
        // A folder that does not exist is an error at staging, not a crash.
        #expect(throws: (any Error).self) { try batch.stage([1], to: root + "/missing/x.dcm") }
    }
}
