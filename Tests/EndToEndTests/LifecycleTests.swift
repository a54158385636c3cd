import Foundation
import Testing

/// The researcher's session of issue 2: init, add 200 DICOM files and a table, commit, change,
/// delete and add files, commit again, then check out either commit byte for byte.
@Suite("Lifecycle")
struct LifecycleTests {
    static let license = "LicenseRef-AIDA-BY"

    @Test("init → add 200 DICOM + CSV → commit → modify/delete/add → commit → checkout either commit, byte for byte")
    func lifecycle() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset(copying: try Fixtures.dataset(patients: 4, slices: 50))
        try sandbox.write(Fixtures.table(rows: 200, seed: 1), to: repo + "/labels.csv")
        // The second commit overwrites slices with random bytes, which the gate would refuse.
        try sandbox.permitAnyFile(in: repo)

        // First commit: 200 slices to the store, the table and .gitattributes as git blobs.
        let firstAdd = try sandbox.aida("add", ".", "--json", in: repo).requireSuccess().json(AidaJSON.AddReport.self)
        #expect(firstAdd.added.count == 203)
        #expect(firstAdd.added.contains("labels.csv") && firstAdd.added.contains(".gitattributes"))
        #expect(firstAdd.objectsWritten == 200)
        let first = try TreeSnapshot(of: repo)
        #expect(first.files.count == 203)
        let c1 = try sandbox.aida(
            "commit", "-m", "First 200 slices", "--trailer", "License=\(Self.license)", "--json", in: repo
        ).requireSuccess().json(AidaJSON.Commit.self)
        #expect(c1.parents.isEmpty)
        try sandbox.expectCleanStatus(repo)
        #expect(sandbox.storeFiles(in: repo).count == 200)

        // Change: overwrite some slices (one with the same size, in the same second as the
        // commit, which only content hashing catches), delete slices and a whole patient, add new ones.
        var modified = (0..<4).map { "patient0000/ct/slice\(String(format: "%04d", $0)).dcm" }
        for (n, path) in modified.enumerated() {
            try sandbox.write(Fixtures.bytes(count: 40_000 + n * 1000, seed: UInt64(100 + n)), to: repo + "/" + path)
        }
        let sameSize = "patient0002/ct/slice0007.dcm"
        let original = try Data(contentsOf: URL(fileURLWithPath: repo + "/" + sameSize))
        try sandbox.write(Array(original.reversed()), to: repo + "/" + sameSize)
        try sandbox.write(Fixtures.table(rows: 150, seed: 2), to: repo + "/labels.csv")
        modified += [sameSize, "labels.csv"]

        var deleted = (10..<20).map { "patient0001/ct/slice\(String(format: "%04d", $0)).dcm" }
        deleted += (0..<50).map { "patient0003/ct/slice\(String(format: "%04d", $0)).dcm" }
        for path in deleted.prefix(10) { try FileManager.default.removeItem(atPath: repo + "/" + path) }
        try FileManager.default.removeItem(atPath: repo + "/patient0003")

        var added = (0..<6).map { "patient0004/ct/slice\(String(format: "%04d", $0)).dcm" }
        added += ["derived/masks/lungs/mask0000.seg", "derived/notes.txt"]
        for (n, path) in added.enumerated() {
            try sandbox.write(Fixtures.bytes(count: 30_000 + n, seed: UInt64(200 + n)), to: repo + "/" + path)
        }

        let secondAdd = try sandbox.aida("add", ".", "--json", in: repo).requireSuccess().json(AidaJSON.AddReport.self)
        #expect(Set(secondAdd.added) == Set(added))
        #expect(Set(secondAdd.modified) == Set(modified))
        #expect(Set(secondAdd.removed) == Set(deleted))
        let second = try TreeSnapshot(of: repo)
        let c2 = try sandbox.aida(
            "commit", "-m", "Second version", "-m", "Re-exported slices, dropped patient 3.",
            "--trailer", "License=\(Self.license)", "--json", in: repo
        ).requireSuccess().json(AidaJSON.Commit.self)
        #expect(c2.parents == [c1.id])
        try sandbox.expectCleanStatus(repo)

        // History, with the trailers.
        let log = try sandbox.aida("log", "--json", in: repo).requireSuccess().json([AidaJSON.Commit].self)
        #expect(log.map(\.id) == [c2.id, c1.id])
        for commit in log {
            #expect(
                commit.trailers.contains(AidaJSON.Trailer(key: "License", value: Self.license)), "\(commit.message)")
        }

        // diff c1 c2: every change, named by content id; stored files by the sha256 of their bytes.
        let changes = try sandbox.aida("diff", c1.id, c2.id, "--json", in: repo).requireSuccess()
            .json([AidaJSON.Change].self)
        DiffExpectation.check(changes, added: added, deleted: deleted, modified: modified, old: first, new: second)
        let shown = try sandbox.aida("show", "--json", in: repo).requireSuccess().json(AidaJSON.Shown.self)
        #expect(shown.commit.id == c2.id)
        #expect(shown.commit.trailers.contains(AidaJSON.Trailer(key: "License", value: Self.license)))
        #expect(Set(shown.changes.map(\.path)) == Set(changes.map(\.path)))
        let shownFirst = try sandbox.aida("show", c1.id, "--json", in: repo).requireSuccess().json(AidaJSON.Shown.self)
        #expect(shownFirst.changes.count == 203 && shownFirst.changes.allSatisfy { $0.change == "added" })

        // Back to the first commit: every byte, and nothing of the second.
        try sandbox.aida("checkout", c1.id, in: repo).requireSuccess()
        let restored = try TreeSnapshot(of: repo)
        #expect(restored == first, "checkout of the first commit differs:\n\(restored.differences(from: first))")
        #expect(restored.emptyFolders.isEmpty, "folders left empty: \(restored.emptyFolders)")
        #expect(!FileManager.default.fileExists(atPath: repo + "/patient0004"))
        #expect(!FileManager.default.fileExists(atPath: repo + "/derived"))
        try sandbox.expectCleanStatus(repo)
        let report = try sandbox.expectCleanFsck(repo)
        #expect(report.commits == 2)
        #expect(report.objectsVerified == 200 + 6 + 1 + 5)

        // And forward again to main.
        try sandbox.aida("checkout", "main", in: repo).requireSuccess()
        let again = try TreeSnapshot(of: repo)
        #expect(again == second, "checkout of main differs:\n\(again.differences(from: second))")
        #expect(again.emptyFolders.isEmpty, "folders left empty: \(again.emptyFolders)")
        #expect(!FileManager.default.fileExists(atPath: repo + "/patient0003"))
        #expect(try sandbox.gitOutput("symbolic-ref", "HEAD", in: repo) == "refs/heads/main")
        try sandbox.expectCleanStatus(repo)
        try sandbox.expectCleanFsck(repo)
    }
}
