internal import CGit2
import Foundation

extension GitRepository {
    /// Reads one commit.
    public func commit(_ oid: GitOID) throws -> CommitInfo {
        var object: OpaquePointer?
        var id = oid.raw
        try check(git_commit_lookup(&object, handle, &id), "read commit \(oid.short)")
        defer { git_commit_free(object) }
        let parents = (0..<git_commit_parentcount(object)).map { GitOID(git_commit_parent_id(object, $0)) }
        let message = git_commit_message(object).map { String(cString: $0) } ?? ""
        return CommitInfo(
            id: oid, tree: GitOID(git_commit_tree_id(object)), parents: parents,
            author: Self.person(git_commit_author(object)), committer: Self.person(git_commit_committer(object)),
            message: message, trailers: Self.trailers(of: message))
    }

    /// Commits reachable from `start`, newest first (topological, then by time).
    public func history(from start: GitOID, limit: Int? = nil) throws -> [GitOID] {
        try walk(from: [start], limit: limit)
    }

    /// Every commit reachable from any of `tips`, each once.
    public func walk(from tips: [GitOID], limit: Int? = nil) throws -> [GitOID] {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, handle), "start a history walk")
        defer { git_revwalk_free(walker) }
        try check(git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "sort history")
        for tip in tips {
            var id = tip.raw
            try check(git_revwalk_push(walker, &id), "walk from \(tip.short)")
        }
        var out: [GitOID] = []
        var id = git_oid()
        while limit.map({ out.count < $0 }) ?? true {
            let code = git_revwalk_next(&id, walker)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "walk the history")
            out.append(GitOID(id))
        }
        return out
    }

    /// Writes a commit object (buffered by a `GitObjectWriter` when one is attached); no ref moves.
    public func createCommit(
        tree: GitOID, parents: [GitOID], message: String, author: CommitInfo.Person, committer: CommitInfo.Person
    ) throws -> GitOID {
        var treeObject: OpaquePointer?
        var treeID = tree.raw
        try check(git_tree_lookup(&treeObject, handle, &treeID), "read tree \(tree.short)")
        defer { git_tree_free(treeObject) }
        var parentObjects: [OpaquePointer?] = []
        defer { parentObjects.forEach { git_commit_free($0) } }
        for parent in parents {
            var object: OpaquePointer?
            var id = parent.raw
            try check(git_commit_lookup(&object, handle, &id), "read commit \(parent.short)")
            parentObjects.append(object)
        }
        let authorSignature = try Self.signature(author)
        defer { git_signature_free(authorSignature) }
        let committerSignature = try Self.signature(committer)
        defer { git_signature_free(committerSignature) }
        var out = git_oid()
        try parentObjects.withUnsafeMutableBufferPointer { buffer in
            try check(
                git_commit_create(
                    &out, handle, nil, authorSignature, committerSignature, "UTF-8", message, treeObject,
                    buffer.count, buffer.baseAddress),
                "create the commit")
        }
        return GitOID(out)
    }

    /// The identity from the repository's and the user's git config, nil when unset.
    public func configuredIdentity() -> (name: String, email: String)? {
        guard let name = configString("user.name"), let email = configString("user.email") else { return nil }
        return (name, email)
    }

    private static func signature(_ person: CommitInfo.Person) throws -> UnsafeMutablePointer<git_signature>? {
        var out: UnsafeMutablePointer<git_signature>?
        try check(
            git_signature_new(&out, person.name, person.email, git_time_t(person.time), Int32(person.offset)),
            "make the signature of \(person.name) <\(person.email)>")
        return out
    }

    private static func person(_ signature: UnsafePointer<git_signature>?) -> CommitInfo.Person {
        guard let signature else { return .init(name: "", email: "", time: 0, offset: 0) }
        let s = signature.pointee
        return .init(
            name: s.name.map { String(cString: $0) } ?? "", email: s.email.map { String(cString: $0) } ?? "",
            time: Int64(s.when.time), offset: Int32(s.when.offset))
    }

    /// The trailers of a message's last paragraph, as git interprets them.
    static func trailers(of message: String) -> [CommitInfo.Trailer] {
        Libgit2.bootstrap()
        var array = git_message_trailer_array()
        guard git_message_trailers(&array, message) == 0 else { return [] }
        defer { git_message_trailer_array_free(&array) }
        return (0..<array.count).map { index in
            let trailer = array.trailers[index]
            return .init(key: String(cString: trailer.key), value: String(cString: trailer.value))
        }
    }
}
