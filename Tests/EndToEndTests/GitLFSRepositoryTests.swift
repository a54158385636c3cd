import Foundation
import Testing

/// A repository made by stock `git lfs track` + `git add` + `git commit` is readable by aida,
/// whose store falls back to `.git/lfs/objects`.
@Suite("Interop: aida reads a repository made by git-lfs")
struct GitLFSRepositoryTests {
    @Test("aida log, fsck and checkout in a git-lfs repository, objects from .git/lfs/objects")
    func aidaReadsGitLFSRepository() throws {
        let sandbox = try Sandbox()
        let repo = sandbox.path("lfs-repo")
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        try sandbox.git("init", "-q", "-b", "main", in: repo).requireSuccess()
        try sandbox.git("lfs", "track", "*.dcm", in: repo).requireSuccess()
        try sandbox.copyContents(of: try Fixtures.dataset(patients: 2, slices: 5), to: repo)
        try sandbox.write(Fixtures.table(rows: 10, seed: 3), to: repo + "/labels.csv")
        try sandbox.git("add", ".", in: repo).requireSuccess()
        try sandbox.git("commit", "-q", "-m", "first", "-m", "License: LicenseRef-AIDA", in: repo).requireSuccess()
        let first = try TreeSnapshot(of: repo)
        let c1 = try sandbox.gitOutput("rev-parse", "HEAD", in: repo)

        try sandbox.write(Fixtures.bytes(count: 70_000, seed: 5), to: repo + "/patient0000/ct/slice0002.dcm")
        try FileManager.default.removeItem(atPath: repo + "/patient0001")
        try sandbox.write(Fixtures.bytes(count: 9_000, seed: 6), to: repo + "/extra/more/slice9999.dcm")
        try sandbox.git("add", "-A", ".", in: repo).requireSuccess()
        try sandbox.git("commit", "-q", "-m", "second", in: repo).requireSuccess()
        let second = try TreeSnapshot(of: repo)
        let c2 = try sandbox.gitOutput("rev-parse", "HEAD", in: repo)
        #expect(try sandbox.gitOutput("lfs", "ls-files", in: repo).split(separator: "\n").count == 6)
        #expect(sandbox.storeFiles(in: repo).isEmpty, "the aida store should start empty")

        let log = try sandbox.aida("log", "--json", in: repo).requireSuccess().json([AidaJSON.Commit].self)
        #expect(log.map(\.id) == [c2, c1])
        #expect(log.last?.trailers == [AidaJSON.Trailer(key: "License", value: "LicenseRef-AIDA")])

        let report = try sandbox.expectCleanFsck(repo)
        #expect(report.commits == 2)
        #expect(report.pointers == 12)
        #expect(report.objectsVerified == 12)

        let changes = try sandbox.aida("diff", c1, c2, "--json", in: repo).requireSuccess().json([AidaJSON.Change].self)
        DiffExpectation.check(
            changes, added: ["extra/more/slice9999.dcm"],
            deleted: (0..<5).map { "patient0001/ct/slice000\($0).dcm" }, modified: ["patient0000/ct/slice0002.dcm"],
            old: first, new: second)

        try sandbox.aida("checkout", c1, in: repo).requireSuccess()
        let restored = try TreeSnapshot(of: repo)
        #expect(restored == first, "\(restored.differences(from: first))")
        #expect(restored.emptyFolders.isEmpty, "folders left empty: \(restored.emptyFolders)")
        #expect(try sandbox.gitOutput("status", "--porcelain", in: repo).isEmpty)

        try sandbox.aida("checkout", "main", in: repo).requireSuccess()
        let back = try TreeSnapshot(of: repo)
        #expect(back == second, "\(back.differences(from: second))")
        #expect(back.emptyFolders.isEmpty, "folders left empty: \(back.emptyFolders)")
        #expect(try sandbox.gitOutput("status", "--porcelain", in: repo).isEmpty)
    }
}
