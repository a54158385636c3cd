import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bad input gets exit 2, a message naming the path, and leaves HEAD, the refs and the index
/// as they were.
@Suite("Bad input is refused and changes nothing")
struct BadInputTests {
    /// A dataset with one commit of ten slices.
    static func committedDataset(_ sandbox: Sandbox, in folder: String? = nil) throws -> String {
        let repo = try sandbox.makeDataset(copying: try Fixtures.dataset(patients: 2, slices: 5))
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "slices", in: repo).requireSuccess()
        return repo
    }

    /// Runs `run`, then checks exit 2, that the output names every string of `naming`, and
    /// that the repository state did not change.
    static func expectRefused(
        _ sandbox: Sandbox, _ repo: String, naming: [String], sourceLocation: SourceLocation = #_sourceLocation,
        _ run: () throws -> CommandResult
    ) throws {
        let before = try RepositoryState(of: repo, in: sandbox)
        let result = try run()
        #expect(result.status == 2, "expected exit 2:\n\(result)", sourceLocation: sourceLocation)
        for name in naming {
            #expect(
                result.stderr.contains(name), "the message should name \(name):\n\(result)",
                sourceLocation: sourceLocation)
        }
        let after = try RepositoryState(of: repo, in: sandbox)
        #expect(
            after == before, "the repository changed:\nbefore \(before)\nafter \(after)", sourceLocation: sourceLocation
        )
    }

    @Test("an unreadable file (aida run as user nobody)")
    func unreadableFile() throws {
        let sandbox = try Sandbox()
        let repo = try Self.committedDataset(sandbox)
        var prefix: [String] = []
        if getuid() == 0 {
            guard (try? sandbox.runner.resolve("setpriv", searchPath: Fixtures.searchPath)) != nil else {
                try Test.cancel("running as root, which reads any file, and setpriv is missing to drop to nobody")
            }
            try sandbox.run("chown", ["-R", "65534:65534", repo], in: sandbox.root).requireSuccess()
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
            let probe = try sandbox.run(
                prefix[0], Array(prefix.dropFirst()) + [sandbox.aidaBinary, "--version"], in: repo)
            if !probe.succeeded {
                try Test.cancel("user nobody cannot run \(sandbox.aidaBinary): \(probe.stderr)")
            }
        }
        let secret = "patient0000/ct/slice0100.dcm"
        try sandbox.write(Fixtures.bytes(count: 50_000, seed: 7), to: repo + "/" + secret)
        try sandbox.write(Fixtures.bytes(count: 50_000, seed: 8), to: repo + "/patient0000/ct/slice0101.dcm")
        if getuid() == 0 { chown(repo + "/" + secret, 65534, 65534) }
        chmod(repo + "/" + secret, 0)
        // aida runs as the owner of the repository (libgit2 refuses a repository of another user).
        func aida(_ arguments: String...) throws -> CommandResult {
            prefix.isEmpty
                ? try sandbox.run(sandbox.aidaBinary, arguments, in: repo)
                : try sandbox.run(prefix[0], Array(prefix.dropFirst()) + [sandbox.aidaBinary] + arguments, in: repo)
        }
        try Self.expectRefused(sandbox, repo, naming: [secret]) { try aida("add", ".") }
        try Self.expectRefused(sandbox, repo, naming: [secret]) { try aida("add", secret) }

        chmod(repo + "/" + secret, 0o644)
        try aida("add", ".").requireSuccess()
        #expect(try sandbox.gitOutput("ls-files", "patient0000/ct", in: repo).split(separator: "\n").count == 7)
        try aida("fsck").requireSuccess()
    }

    @Test("a path outside the repository")
    func pathOutsideRepository() throws {
        let sandbox = try Sandbox()
        let repo = try Self.committedDataset(sandbox)
        try sandbox.write(Fixtures.bytes(count: 1000, seed: 1), to: sandbox.path("outside.dcm"))
        try sandbox.write(Fixtures.bytes(count: 1000, seed: 2), to: repo + "/inside.dcm")
        try Self.expectRefused(sandbox, repo, naming: ["../outside.dcm"]) {
            try sandbox.aida("add", "inside.dcm", "../outside.dcm", in: repo)
        }
        try Self.expectRefused(sandbox, repo, naming: [sandbox.path("outside.dcm")]) {
            try sandbox.aida("add", sandbox.path("outside.dcm"), in: repo)
        }
        try Self.expectRefused(sandbox, repo, naming: ["../outside.dcm"]) {
            try sandbox.aida("checkout", "HEAD", "--", "../outside.dcm", in: repo)
        }
        #expect(sandbox.storeFiles(in: repo).count == 10, "nothing new in the store")
    }

    @Test("a symbolic link, to a file or to a folder")
    func symbolicLink() throws {
        let sandbox = try Sandbox()
        let repo = try Self.committedDataset(sandbox)
        try sandbox.write(Fixtures.bytes(count: 1000, seed: 3), to: repo + "/new.dcm")
        try FileManager.default.createSymbolicLink(
            atPath: repo + "/link.dcm", withDestinationPath: "patient0000/ct/slice0000.dcm")
        try Self.expectRefused(sandbox, repo, naming: ["link.dcm"]) { try sandbox.aida("add", ".", in: repo) }
        try Self.expectRefused(sandbox, repo, naming: ["link.dcm"]) { try sandbox.aida("add", "link.dcm", in: repo) }
        try FileManager.default.removeItem(atPath: repo + "/link.dcm")

        try FileManager.default.createSymbolicLink(atPath: repo + "/scans", withDestinationPath: "patient0001")
        try Self.expectRefused(sandbox, repo, naming: ["scans"]) { try sandbox.aida("add", ".", in: repo) }
        try Self.expectRefused(sandbox, repo, naming: ["scans"]) { try sandbox.aida("add", "scans", in: repo) }
        try FileManager.default.removeItem(atPath: repo + "/scans")
        try sandbox.aida("add", ".", in: repo).requireSuccess()
    }

    @Test("a file that grows while it is added")
    func fileChangingWhileAdded() throws {
        let sandbox = try Sandbox()
        let repo = try Self.committedDataset(sandbox)
        let growing = "big/growing.raw"
        try FileManager.default.createDirectory(atPath: repo + "/big", withIntermediateDirectories: true)
        try sandbox.run("sh", ["-c", "head -c 48M /dev/urandom > \(growing)"], in: repo).requireSuccess()
        let writer = try sandbox.start(
            "python3",
            [
                "-c",
                "import os, sys, time\nf = open(sys.argv[1], 'ab', buffering=0)\nwhile True:\n    f.write(os.urandom(4096))\n    time.sleep(0.0005)\n",
                growing,
            ],
            in: repo)
        defer { writer.sendToGroup(SIGKILL) }
        let start = try Poll.size(of: repo + "/" + growing)
        try Poll.until(timeout: 10) { try Poll.size(of: repo + "/" + growing) > start + 100_000 }

        try Self.expectRefused(sandbox, repo, naming: [growing]) { try sandbox.aida("add", ".", in: repo) }
        try Self.expectRefused(sandbox, repo, naming: [growing]) { try sandbox.aida("add", growing, in: repo) }

        writer.sendToGroup(SIGKILL)
        _ = try writer.wait()
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.expectCleanFsck(repo)
        #expect(try sandbox.gitOutput("ls-files", growing, in: repo) == growing)
    }

    @Test("a full disk (an 8 MiB tmpfs)")
    func fullDisk() throws {
        let sandbox = try Sandbox()
        let disk = sandbox.path("disk")
        if let reason = try sandbox.mountTmpfs(at: disk, size: "8m") { try Test.cancel(Comment(rawValue: reason)) }
        try sandbox.aida("init", "repo", in: disk).requireSuccess()
        let repo = disk + "/repo"
        try sandbox.write("a,b\n1,2\n", to: repo + "/table.csv")
        try sandbox.permitAnyFile(in: repo)  // the slices are random bytes
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "table", in: repo).requireSuccess()
        // 6 MiB of incompressible slices in the work tree; the store has no room for a copy.
        try sandbox.write(Fixtures.bytes(count: 3 << 20, seed: 11), to: repo + "/scans/a.raw")
        try sandbox.write(Fixtures.bytes(count: 3 << 20, seed: 12), to: repo + "/scans/b.raw")

        let before = try RepositoryState(of: repo, in: sandbox)
        let result = try sandbox.aida("add", ".", in: repo)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("scans/a.raw") || result.stderr.contains("scans/b.raw"), "\(result)")
        #expect(result.stderr.lowercased().contains("space"), "say the disk is full:\n\(result)")
        #expect(try RepositoryState(of: repo, in: sandbox) == before)
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: repo + "/.git/aida/tmp")) ?? []
        #expect(leftovers.isEmpty, "temp files left on the full disk: \(leftovers)")
        try sandbox.expectCleanFsck(repo)

        try FileManager.default.removeItem(atPath: repo + "/scans/b.raw")
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "one slice", in: repo).requireSuccess()
        try sandbox.expectCleanFsck(repo)
    }
}
