import Foundation

/// What "the repository was left as it was" compares, read with stock git: HEAD, the
/// branches, and the index (mode, blob id, stage and path of every entry).
struct RepositoryState: Equatable, CustomStringConvertible {
    let head: String
    let refs: String
    let index: String

    init(of repo: String, in sandbox: Sandbox) throws {
        let head = try sandbox.git("rev-parse", "--verify", "-q", "HEAD", in: repo)
        self.head = head.succeeded ? head.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : "(unborn)"
        refs = try sandbox.gitOutput("for-each-ref", "--format=%(refname) %(objectname)", in: repo)
        index = try sandbox.gitOutput("ls-files", "-s", in: repo)
    }

    var description: String {
        "HEAD \(head)\n\(refs)\nindex: \(index.split(separator: "\n").count) entries"
    }
}
