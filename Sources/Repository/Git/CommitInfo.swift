import Foundation

/// A commit as aida shows it: ids, people, message and its trailers.
public struct CommitInfo: Sendable, Codable, Equatable {
    public struct Person: Sendable, Codable, Equatable {
        public let name: String
        public let email: String
        /// Seconds since 1970.
        public let time: Int64
        /// Minutes east of UTC.
        public let offset: Int32
    }

    public struct Trailer: Sendable, Codable, Equatable {
        public let key: String
        public let value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public let id: GitOID
    public let tree: GitOID
    public let parents: [GitOID]
    public let author: Person
    public let committer: Person
    public let message: String
    public let trailers: [Trailer]

    /// The first line of the message.
    public var summary: String {
        String(message.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }
}
