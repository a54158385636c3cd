import Foundation

extension Dataset {
    /// Records the index as a new commit on the current branch, with `trailers` appended to
    /// the message's trailer block (git's `Key: value` lines in the last paragraph).
    ///
    /// The commit and its trees are written as one fsynced pack before the branch moves, and
    /// the branch moves only if nobody moved it meanwhile.
    ///
    /// `verify` runs under the repository lock, before anything is written, so what it
    /// judges (the staged files) is what the commit records; it may add trailers, or throw
    /// to refuse the commit.
    public func commit(
        message: String, trailers: [CommitInfo.Trailer], allowEmpty: Bool = false,
        verify: (() throws -> [CommitInfo.Trailer])? = nil
    ) throws -> CommitInfo {
        let lock = try self.lock("commit")
        defer { lock.release() }
        let added = try verify?() ?? []
        let text = try Self.composeMessage(message, trailers: trailers + added)
        let writer = try GitObjectWriter(git)
        let index = try GitIndex(git)
        let tree = try index.writeTree()
        let head = try git.headCommit()
        if let head, try git.tree(ofCommit: head) == tree, !allowEmpty { throw DatasetError.nothingToCommit }
        // The first commit too: with nothing staged there is nothing to commit, as with git.
        if head == nil, index.count == 0, !allowEmpty { throw DatasetError.nothingToCommit }
        let author = try identity(role: "AUTHOR")
        let committer = try identity(role: "COMMITTER")
        let id = try git.createCommit(
            tree: tree, parents: head.map { [$0] } ?? [], message: text, author: author, committer: committer)
        try writer.include(commit: id)
        try writer.flush()
        let summary = text.split(separator: "\n").first.map(String.init) ?? ""
        let reflog = (head == nil ? "commit (initial): " : "commit: ") + summary
        try git.updateReference(try git.headBranch() ?? "HEAD", to: id, expected: head, message: reflog)
        return try git.commit(id)
    }

    /// The message with trailing blank lines removed and the trailers added to its last
    /// paragraph when that is already a trailer block, else as a new paragraph.
    static func composeMessage(_ message: String, trailers: [CommitInfo.Trailer]) throws -> String {
        var body = message.replacingOccurrences(of: "\r\n", with: "\n")
        while let last = body.last, last.isWhitespace { body.removeLast() }
        guard !body.isEmpty else { throw DatasetError.emptyMessage }
        for trailer in trailers {
            guard !trailer.key.isEmpty, trailer.key.utf8.allSatisfy({ Self.isTrailerKeyByte($0) }) else {
                throw DatasetError.invalidTrailer("key '\(trailer.key)' must be letters, digits and '-'")
            }
            let value = trailer.value.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty, !value.contains(where: \.isNewline) else {
                throw DatasetError.invalidTrailer("the value of '\(trailer.key)' must be one non-empty line")
            }
        }
        guard !trailers.isEmpty else { return body + "\n" }
        let lines = trailers.map { "\($0.key): \($0.value.trimmingCharacters(in: .whitespaces))" }
        let hasBlock = body.contains("\n\n") && !GitRepository.trailers(of: body + "\n").isEmpty
        return body + (hasBlock ? "\n" : "\n\n") + lines.joined(separator: "\n") + "\n"
    }

    private static func isTrailerKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45
    }

    /// Who makes the commit: `GIT_AUTHOR_NAME` and friends first, then git's `user.name` and
    /// `user.email`, as git does.
    func identity(role: String) throws -> CommitInfo.Person {
        let environment = ProcessInfo.processInfo.environment
        let configured = git.configuredIdentity()
        guard let name = environment["GIT_\(role)_NAME"] ?? configured?.name,
            let email = environment["GIT_\(role)_EMAIL"] ?? configured?.email
        else { throw DatasetError.noIdentity }
        let now = Date()
        return CommitInfo.Person(
            name: name, email: email, time: Int64(now.timeIntervalSince1970),
            offset: Int32(TimeZone.current.secondsFromGMT(for: now) / 60))
    }
}
