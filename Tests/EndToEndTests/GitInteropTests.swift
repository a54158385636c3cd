import Foundation
import Testing

/// A repository made by aida is a normal git-lfs repository to stock `git` and `git lfs`.
@Suite("Interop: stock git and git-lfs read an aida repository")
struct GitInteropTests {
    @Test("git log, git show, git lfs ls-files, git lfs pointer --check, git status, trailers")
    func stockToolsReadAidaRepository() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset(copying: try Fixtures.dataset(patients: 2, slices: 5))
        try sandbox.write(Fixtures.table(rows: 20, seed: 1), to: repo + "/labels.csv")
        try sandbox.write(Fixtures.bytes(count: 0, seed: 1), to: repo + "/empty.raw")
        try sandbox.permitAnyFile(in: repo)  // empty.raw is no DICOM
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        let commit = try sandbox.aida(
            "commit", "-m", "Ten slices", "--trailer", "License=LicenseRef-AIDA-BY", "--trailer",
            "Author=Ada Lovelace", "--json", in: repo
        ).requireSuccess().json(AidaJSON.Commit.self)

        // Right after `aida commit`: nothing to report, even for racily clean files.
        let status = try sandbox.git("status", "--porcelain", "--untracked-files=all", in: repo).requireSuccess()
        #expect(status.stdout.isEmpty, "git status after aida commit:\n\(status)")

        let snapshot = try TreeSnapshot(of: repo)
        let stored = snapshot.files.filter { $0.key.hasSuffix(".dcm") }
        #expect(stored.count == 10)
        // The pointer of an empty file is the empty file (git-lfs spec v1), so git-lfs agrees.
        #expect(
            try sandbox.gitOutput("rev-parse", "HEAD:empty.raw", in: repo) == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
        )
        try sandbox.expectCleanStatus(repo)

        // git log and git show see the commit, its message and trailers.
        #expect(try sandbox.gitOutput("log", "--format=%H", in: repo) == commit.id)
        #expect(try sandbox.gitOutput("log", "--format=%s", in: repo) == "Ten slices")
        #expect(
            try sandbox.gitOutput("log", "--format=%(trailers:key=License,valueonly)", in: repo)
                == "LicenseRef-AIDA-BY")
        #expect(
            try sandbox.gitOutput("log", "--format=%(trailers:key=Author,valueonly)", in: repo) == "Ada Lovelace")
        let names = try sandbox.gitOutput("show", "--name-only", "--format=", "HEAD", in: repo)
        #expect(Set(names.split(separator: "\n").map(String.init)) == Set(snapshot.files.keys))
        try sandbox.git("fsck", "--strict", in: repo).requireSuccess()

        // Each pointer names the sha256 and size of its file; the table is a plain blob.
        for (path, sha256) in stored {
            let size = try FileManager.default.attributesOfItem(atPath: repo + "/" + path)[.size] as? Int ?? -1
            let pointer = try sandbox.git("show", "HEAD:\(path)", in: repo).requireSuccess().stdout
            #expect(
                pointer == "version https://git-lfs.github.com/spec/v1\noid sha256:\(sha256)\nsize \(size)\n",
                "\(path)")
        }
        let table = try sandbox.git("show", "HEAD:labels.csv", in: repo).requireSuccess()
        #expect(table.stdoutData == (try Data(contentsOf: URL(fileURLWithPath: repo + "/labels.csv"))))

        // git lfs ls-files --long: exactly the sha256 of each stored file.
        let listed = try sandbox.git("lfs", "ls-files", "--long", in: repo).requireSuccess()
        var seen: [String: String] = [:]
        for line in listed.lines {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            try #require(parts.count == 3, "unexpected line \(line)")
            seen[parts[2]] = parts[0]
        }
        #expect(seen == stored, "git lfs ls-files --long:\n\(listed.stdout)")

        // git lfs pointer accepts every pointer, strictly, and makes the same one from the file.
        for (path, _) in stored {
            let pointerFile = sandbox.tmp + "/pointer"
            let blob = try sandbox.git("cat-file", "blob", "HEAD:\(path)", in: repo).requireSuccess().stdoutData
            try blob.write(to: URL(fileURLWithPath: pointerFile))
            try sandbox.git("lfs", "pointer", "--check", "--strict", "--file", pointerFile, in: repo).requireSuccess()
            try sandbox.git("lfs", "pointer", "--check", "--strict", "--stdin", in: repo, stdin: blob).requireSuccess()
            let same = try sandbox.git("lfs", "pointer", "--file", path, "--pointer", pointerFile, in: repo)
            #expect(same.succeeded && same.output.contains("Git LFS pointer for \(path)"), "\(same)")
        }
    }

    @Test("git status stays clean after aida checkout, and git sees aida's second commit")
    func stockToolsAfterCheckout() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset(copying: try Fixtures.dataset(patients: 2, slices: 5))
        try sandbox.permitAnyFile(in: repo)  // the second commit has random bytes
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "one", in: repo).requireSuccess()
        try FileManager.default.removeItem(atPath: repo + "/patient0001")
        try sandbox.write(Fixtures.bytes(count: 5000, seed: 9), to: repo + "/patient0000/ct/slice0000.dcm")
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "two", in: repo).requireSuccess()
        #expect(try sandbox.gitOutput("status", "--porcelain", in: repo).isEmpty)
        #expect(try sandbox.gitOutput("rev-list", "--count", "HEAD", in: repo) == "2")
        let changed = try sandbox.gitOutput("diff", "--name-status", "HEAD~1", "HEAD", in: repo)
        #expect(changed.split(separator: "\n").count == 6, "\(changed)")

        try sandbox.aida("checkout", "HEAD~1", in: repo).requireSuccess()
        let status = try sandbox.git("status", "--porcelain", "--untracked-files=all", in: repo).requireSuccess()
        #expect(status.stdout.isEmpty, "git status after aida checkout:\n\(status)")
        #expect(
            try sandbox.gitOutput("rev-parse", "HEAD", in: repo)
                == (try sandbox.gitOutput("rev-parse", "main~1", in: repo)))
    }
}
