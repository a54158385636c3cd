import Foundation
import Store
import Testing

/// `aida fsck` finds and names each kind of damage: exit 1, the problem's kind, the oid and
/// the file it belongs to.
@Suite("fsck finds and names damage")
struct FsckTests {
    /// Damage done to the stored object of one committed file.
    enum Damage: String, CaseIterable, CustomTestStringConvertible {
        case flippedByte, truncated, trailingBytes, missing

        var testDescription: String { rawValue }

        /// The kinds fsck may report for it.
        var kinds: Set<String> {
            switch self {
            case .flippedByte: ["hash-mismatch", "corrupt-stream"]
            case .truncated: ["truncated"]
            case .trailingBytes: ["trailing-bytes"]
            case .missing: ["missing"]
            }
        }

        func apply(to object: String) throws {
            chmod(object, 0o644)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: object)))
            switch self {
            case .flippedByte: bytes[bytes.count / 2] ^= 0x01
            case .truncated: bytes.removeLast(bytes.count / 2)
            case .trailingBytes: bytes += Array("trailing garbage\n".utf8)
            case .missing:
                try FileManager.default.removeItem(atPath: object)
                return
            }
            try Data(bytes).write(to: URL(fileURLWithPath: object))
        }
    }

    static let victim = "patient0001/ct/slice0003.dcm"

    /// A dataset of ten committed slices; returns the repo and the victim's oid.
    static func committedDataset(_ sandbox: Sandbox) throws -> (repo: String, oid: String, commit: String) {
        let repo = try sandbox.makeDataset(copying: try Fixtures.dataset(patients: 2, slices: 5))
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        let commit = try sandbox.aida("commit", "-m", "slices", "--json", in: repo).requireSuccess()
            .json(AidaJSON.Commit.self)
        let oid = try TreeSnapshot.sha256(ofFile: repo + "/" + victim)
        try #require(FileManager.default.fileExists(atPath: sandbox.storePath(of: oid, in: repo)))
        // No second copy in git-lfs's folder, where the store would also look.
        try #require(!FileManager.default.fileExists(atPath: repo + "/.git/lfs/objects"))
        return (repo, oid, commit.id)
    }

    @Test("a damaged object is found and named", arguments: Damage.allCases)
    func damagedObject(_ damage: Damage) throws {
        let sandbox = try Sandbox()
        let (repo, oid, commit) = try Self.committedDataset(sandbox)
        try sandbox.expectCleanFsck(repo)
        try damage.apply(to: sandbox.storePath(of: oid, in: repo))

        let report = try sandbox.damagedFsck(repo)
        try #require(report.problems.count == 1, "\(report.problems.map(\.message))")
        let problem = report.problems[0]
        #expect(damage.kinds.contains(problem.kind), "kind \(problem.kind): \(problem.message)")
        #expect(problem.oid == "sha256:" + oid)
        #expect(problem.path == Self.victim)
        #expect(problem.commit == commit)
        #expect(problem.message.contains(oid) && problem.message.contains(Self.victim), "\(problem.message)")
        #expect(report.objectsVerified == 9)

        // The text report names them too, and exits 1.
        let text = try sandbox.aida("fsck", in: repo).requireStatus(1)
        #expect(
            text.output.contains(oid) && text.output.contains(Self.victim) && text.output.contains(problem.kind),
            "\(text)")
    }

    @Test("an object in the store whose content is not its name is found (no pointer refers to it)")
    func unreferencedObjectWithWrongContent() throws {
        let sandbox = try Sandbox()
        let (repo, oid, _) = try Self.committedDataset(sandbox)
        let impostor = ObjectID.hash(of: Array("not the content".utf8)).hex
        let target = sandbox.storePath(of: impostor, in: repo)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: sandbox.storePath(of: oid, in: repo), toPath: target)

        let report = try sandbox.damagedFsck(repo)
        try #require(report.problems.count == 1, "\(report.problems.map(\.message))")
        #expect(report.problems[0].kind == "hash-mismatch")
        #expect(report.problems[0].oid == "sha256:" + impostor)
    }

    /// Malformed pointers committed with stock git.
    enum BadPointer: String, CaseIterable, CustomTestStringConvertible {
        case upperCaseOID, shortOID, negativeSize, nonNumericSize, keysOutOfOrder

        var testDescription: String { rawValue }

        var text: String {
            let hex = String(repeating: "ab", count: 32)
            let version = "version https://git-lfs.github.com/spec/v1\n"
            switch self {
            case .upperCaseOID: return version + "oid sha256:\(hex.uppercased())\nsize 12\n"
            case .shortOID: return version + "oid sha256:\(hex.dropLast())\nsize 12\n"
            case .negativeSize: return version + "oid sha256:\(hex)\nsize -12\n"
            case .nonNumericSize: return version + "oid sha256:\(hex)\nsize twelve\n"
            case .keysOutOfOrder: return version + "size 12\noid sha256:\(hex)\n"
            }
        }
    }

    @Test("a malformed pointer is found and named", arguments: BadPointer.allCases)
    func malformedPointer(_ bad: BadPointer) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset()
        try sandbox.write("a,b\n1,2\n", to: repo + "/table.csv")
        try sandbox.aida("add", ".", in: repo).requireSuccess()
        try sandbox.aida("commit", "-m", "table", in: repo).requireSuccess()

        let path = "scans/\(bad.rawValue).dcm"
        let commit = try sandbox.commitWithGit(Data(bad.text.utf8), at: path, in: repo)
        let report = try sandbox.damagedFsck(repo)
        try #require(report.problems.count == 1, "\(report.problems.map(\.message))")
        let problem = report.problems[0]
        #expect(problem.kind == "malformed-pointer", "\(problem.message)")
        #expect(problem.path == path)
        #expect(problem.commit == commit)
        #expect(problem.message.contains(path), "\(problem.message)")
    }
}
