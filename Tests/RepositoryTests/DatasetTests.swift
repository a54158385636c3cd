import Foundation
import Store
import Testing

@testable import Repository

/// In-process tests of the dataset commands on real repositories in temp folders.
@Suite struct DatasetTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "aida-repo-\(UUID().uuidString)"
        setenv("GIT_AUTHOR_NAME", "Test Author", 1)
        setenv("GIT_AUTHOR_EMAIL", "author@example.org", 1)
        setenv("GIT_COMMITTER_NAME", "Test Author", 1)
        setenv("GIT_COMMITTER_EMAIL", "author@example.org", 1)
    }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let path = folder + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }

    @Test func addCommitStoresObjectsAndStagesPointers() throws {
        let dataset = try Dataset.create(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scan = randomBytes(300_000)
        try write("scans/a/1.dcm", scan)
        try write("labels.csv", Array("id,label\n1,lung\n".utf8))
        let report = try dataset.add(["."], workingDirectory: folder)
        #expect(Set(report.added) == [".gitattributes", "labels.csv", "scans/a/1.dcm"])
        #expect(report.objectsWritten == 1)

        let oid = ObjectID.hash(of: scan)
        #expect(dataset.store.contains(oid))
        let index = try GitIndex(dataset.git)
        let pointerBlob = try #require(index.entry(path: "scans/a/1.dcm")).oid
        #expect(Pointer.parse(try dataset.git.blobData(pointerBlob)) == .valid(Pointer(oid: oid, size: 300_000)))
        let csvBlob = try #require(index.entry(path: "labels.csv")).oid
        #expect(String(decoding: try dataset.git.blobData(csvBlob), as: UTF8.self) == "id,label\n1,lung\n")

        let commit = try dataset.commit(message: "first", trailers: [.init(key: "License", value: "LicenseRef-AIDA")])
        #expect(commit.trailers == [.init(key: "License", value: "LicenseRef-AIDA")])
        #expect(try dataset.status().isEmpty)
        // One pack per command, no loose objects.
        let objects = try FileManager.default.contentsOfDirectory(atPath: folder + "/.git/objects")
        #expect(Set(objects) == ["info", "pack"])
    }

    @Test func secondAddOfUnchangedTreeReadsNothing() throws {
        let dataset = try Dataset.create(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for i in 0..<20 { try write("s/\(i).dcm", randomBytes(1000)) }
        _ = try dataset.add(["."], workingDirectory: folder)
        _ = try dataset.commit(message: "m", trailers: [])
        sleep(1)  // leave the racy window
        let again = try dataset.add(["."], workingDirectory: folder)
        #expect(again.added.isEmpty && again.modified.isEmpty && again.removed.isEmpty)
        #expect(again.bytes == 0)
    }

    @Test func deletedFilesAreStagedAsRemovedAndCheckoutRestoresThem() throws {
        let dataset = try Dataset.create(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = randomBytes(50_000)
        try write("p1/x.dcm", first)
        try write("p2/y.dcm", randomBytes(10))
        _ = try dataset.add(["."], workingDirectory: folder)
        let c1 = try dataset.commit(message: "one", trailers: [])
        try FileManager.default.removeItem(atPath: folder + "/p1")
        try write("p2/y.dcm", randomBytes(20))
        let report = try dataset.add(["."], workingDirectory: folder)
        #expect(report.removed == ["p1/x.dcm"])
        #expect(report.modified == ["p2/y.dcm"])
        _ = try dataset.commit(message: "two", trailers: [])
        let changes = try dataset.diff(c1.id.hex, "HEAD")
        #expect(changes.map(\.change).sorted { $0.rawValue < $1.rawValue } == [.deleted, .modified])

        _ = try dataset.checkout(c1.id.hex)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/p1/x.dcm")) == Data(first))
        #expect(try dataset.status().isEmpty)
    }

    @Test func symlinkIsRefusedAndNothingIsStaged() throws {
        let dataset = try Dataset.create(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write("a.dcm", randomBytes(10))
        symlink("/etc/passwd", folder + "/link")
        #expect(throws: DatasetError.self) { try dataset.add(["."], workingDirectory: folder) }
        #expect(try GitIndex(dataset.git).count == 0)
    }

    @Test func lockLeftByADeadProcessIsRecovered() throws {
        let dataset = try Dataset.create(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write("a.dcm", randomBytes(10))
        // A record of an aida that died mid-add, and the index.lock it left.
        try "999999 \(Int(Date().timeIntervalSince1970) - 5) add\n".write(
            toFile: folder + "/.git/aida/lock", atomically: false, encoding: .utf8)
        #expect(FileManager.default.createFile(atPath: folder + "/.git/index.lock", contents: Data()))
        let report = try dataset.add(["."], workingDirectory: folder)
        #expect(report.recovered.contains { $0.contains("index.lock") })
        #expect(report.added.contains("a.dcm"))
    }
}

extension DatasetTests {
    @Test func commandLinePathsResolveInsideTheWorkTree() throws {
        let dataset = try Dataset.create(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write("a/b.dcm", randomBytes(5))
        #expect(try dataset.repositoryPath(of: "a/b.dcm", from: folder) == "a/b.dcm")
        #expect(try dataset.repositoryPath(of: ".", from: folder + "/a") == "a")
        #expect(try dataset.repositoryPath(of: folder, from: "/") == "")
        // Folders that no longer exist are fine: deleted files can be named.
        #expect(try dataset.repositoryPath(of: "gone/deep/c.dcm", from: folder) == "gone/deep/c.dcm")
        #expect(throws: DatasetError.self) { try dataset.repositoryPath(of: "../x", from: folder) }
        #expect(throws: DatasetError.self) { try dataset.repositoryPath(of: ".git/config", from: folder) }
        #expect(throws: DatasetError.self) { try dataset.repositoryPath(of: "gone/../../x", from: folder) }
        // A symlink named on the command line stays a symlink, not its target.
        symlink("/etc", folder + "/link")
        #expect(try dataset.repositoryPath(of: "link", from: folder) == "link")
    }
}
