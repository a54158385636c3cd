import Foundation
import Testing

/// Exit status: 0 success, 1 the command ran and found a problem, 2 usage or failure.
@Suite("Exit codes")
struct ExitCodeTests {
    /// Command lines that are wrong before any repository is looked at.
    static let usageErrors: [[String]] = [
        ["frobnicate"], ["add"], ["commit"], ["commit", "-m", "x", "--trailer", "no-equals-sign"], ["log", "--bogus"],
        ["diff", "a", "b", "c"], ["gc", "--grace", "soon"], ["log", "-n", "many"], ["checkout"],
    ]

    @Test("usage errors exit 2 with a message on stderr", arguments: usageErrors)
    func usageError(_ arguments: [String]) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset()
        let result = try sandbox.run(sandbox.aidaBinary, arguments, in: repo)
        #expect(result.status == 2, "\(result)")
        #expect(!result.stderr.isEmpty, "\(result)")
    }

    @Test("failures exit 2 and say what went wrong")
    func failures() throws {
        let sandbox = try Sandbox()
        let notRepo = sandbox.path("plain")
        try FileManager.default.createDirectory(atPath: notRepo, withIntermediateDirectories: true)
        for arguments in [["status"], ["log"], ["fsck"], ["add", "."]] {
            let result = try sandbox.run(sandbox.aidaBinary, arguments, in: notRepo)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains(notRepo), "name the folder:\n\(result)")
        }
        let repo = try sandbox.makeDataset()
        let missing = try sandbox.aida("add", "no-such-file.dcm", in: repo)
        #expect(missing.status == 2 && missing.stderr.contains("no-such-file.dcm"), "\(missing)")
        let badRevision = try sandbox.aida("checkout", "no-such-branch", in: repo)
        #expect(badRevision.status == 2 && badRevision.stderr.contains("no-such-branch"), "\(badRevision)")
    }

    @Test("`aida commit` with nothing staged exits 1, in a new dataset and after a commit")
    func nothingToCommit() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset()
        let empty = try sandbox.aida("commit", "-m", "nothing", in: repo)
        #expect(empty.status == 1, "a commit with nothing staged in a new dataset:\n\(empty)")
        #expect(try RepositoryState(of: repo, in: sandbox).head == "(unborn)")

        try sandbox.write("a,b\n", to: repo + "/t.csv")
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "table", in: repo).requireSuccess()
        let again = try sandbox.aida("commit", "-m", "again", in: repo)
        #expect(again.status == 1 && again.stderr.contains("nothing to commit"), "\(again)")
        try sandbox.aida("commit", "-m", "empty on purpose", "--allow-empty", in: repo).requireSuccess()
    }

    @Test("`aida fsck` exits 0 when clean and 1 when it finds a problem")
    func fsckExitCodes() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset()
        try sandbox.permitAnyFile(in: repo)
        try sandbox.write(Fixtures.bytes(count: 10_000, seed: 1), to: repo + "/a.dcm")
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "one", in: repo).requireSuccess()
        try sandbox.aida("fsck", in: repo).requireSuccess()
        for object in sandbox.storeFiles(in: repo) { try FileManager.default.removeItem(atPath: object) }
        let result = try sandbox.aida("fsck", in: repo).requireStatus(1)
        #expect(result.output.contains("missing") && result.output.contains("a.dcm"), "\(result)")
    }
}
