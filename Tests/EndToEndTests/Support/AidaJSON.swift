/// The shapes of `aida … --json` output that the tests read (a subset of each).
enum AidaJSON {
    struct Trailer: Decodable, Equatable {
        let key: String
        let value: String
    }

    struct Commit: Decodable {
        let id: String
        let tree: String
        let parents: [String]
        let message: String
        let trailers: [Trailer]
    }

    struct Content: Decodable {
        let oid: String
        let size: Int64?
        let stored: Bool
    }

    struct Change: Decodable {
        let change: String
        let path: String
        let oldPath: String?
        let old: Content?
        let new: Content?
    }

    struct Shown: Decodable {
        let commit: Commit
        let changes: [Change]
    }

    struct AddReport: Decodable {
        let added: [String]
        let modified: [String]
        let removed: [String]
        let unchanged: Int
        let objectsWritten: Int
    }

    struct StatusEntry: Decodable {
        let path: String
        let staged: String?
        let unstaged: String?
    }

    struct Problem: Decodable {
        let kind: String
        let oid: String?
        let path: String?
        let commit: String?
        let message: String
    }

    struct FsckReport: Decodable {
        let commits: Int
        let pointers: Int
        let objectsVerified: Int
        let problems: [Problem]
    }
}
