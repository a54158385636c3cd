import Foundation
import GRDB

/// Remembers the gate's verdict on a content by (content key, profile hash, rules), so that
/// checking an unchanged file again costs one indexed lookup.
///
/// Keys: `sha256:<hex>` or a git blob id for committed or staged content, and
/// ``FileIdentity`` for a loose file (what git's index trusts: device, inode, size, mtime
/// and ctime in nanoseconds). `rules` names the code that judged: a verdict from another
/// aida build, or under another profile, is never reused.
///
/// The cache can only ever save work: a verdict it cannot read is a miss, and a cache it
/// cannot open is no cache (the files are checked). Verdicts with an `unreadable` finding
/// are not kept, since an I/O error says nothing about the content.
public final class VerdictCache: Sendable {
    let database: DatabaseQueue
    public let rules: String

    public init(path: String, rules: String = VerdictCache.currentRules) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        database = try DatabaseQueue(path: path, configuration: configuration)
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        self.rules = rules
        try Self.migrator.migrate(database)
    }

    static let noFindings = Data("[]".utf8)

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "verdict") { table in
                table.column("key", .text).notNull()
                table.column("profile", .text).notNull()
                table.column("rules", .text).notNull()
                table.column("findings", .blob).notNull()
                table.column("checkedAt", .double).notNull()
                table.primaryKey(["key", "profile", "rules"])
            }
        }
        return migrator
    }

    /// Cached findings for each key that has a verdict (named after the key; rename them).
    public func lookup(_ keys: [String], profile: String) -> [String: [Finding]] {
        let decoder = JSONDecoder()
        let rows =
            (try? database.read { db -> [(String, Data)] in
                let statement = try db.cachedStatement(
                    sql: "SELECT findings FROM verdict WHERE key = ? AND profile = ? AND rules = ?")
                return try keys.compactMap { key in
                    try Data.fetchOne(statement, arguments: [key, profile, rules]).map { (key, $0) }
                }
            }) ?? []
        var verdicts: [String: [Finding]] = [:]
        for (key, data) in rows {
            if data == Self.noFindings {
                verdicts[key] = []
            } else if let findings = try? decoder.decode([Finding].self, from: data) {
                verdicts[key] = findings
            }
        }
        return verdicts
    }

    /// Keeps verdicts, all in one transaction. Returns how many were kept.
    @discardableResult
    public func store(_ verdicts: [(key: String, findings: [Finding])], profile: String) throws -> Int {
        let encoder = JSONEncoder()
        let kept = verdicts.filter { !$0.findings.contains { $0.rule == "unreadable" } }
        guard !kept.isEmpty else { return 0 }
        let now = Date().timeIntervalSince1970
        try database.write { db in
            let statement = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO verdict (key, profile, rules, findings, checkedAt) VALUES (?, ?, ?, ?, ?)")
            for verdict in kept {
                // Most verdicts are clean: the empty list without a trip through the encoder.
                let findings =
                    verdict.findings.isEmpty ? Self.noFindings : try encoder.encode(verdict.findings.map { $0.named("") })
                try statement.execute(arguments: [verdict.key, profile, rules, findings, now])
            }
        }
        return kept.count
    }

    /// The judging code: the gate's rule version and this executable's identity (size and
    /// modification time), so a rebuilt aida never trusts an older build's verdicts.
    public static let currentRules: String = {
        var s = stat()
        let executable = "/proc/self/exe"
        guard stat(executable, &s) == 0 else { return "\(Gate.rulesVersion)/unknown-\(UUID().uuidString)" }
        return "\(Gate.rulesVersion)/\(s.st_size)/\(s.st_mtim.tv_sec).\(s.st_mtim.tv_nsec)"
    }()
}
