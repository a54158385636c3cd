import Testing

/// What `aida diff` / `aida show` must say about a change the test made.
enum DiffExpectation {
    /// Checks a diff's entries against what the test changed and the files' sha256.
    static func check(
        _ changes: [AidaJSON.Change], added: [String], deleted: [String], modified: [String], old: TreeSnapshot,
        new: TreeSnapshot, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let byKind = Dictionary(grouping: changes, by: \.change).mapValues { Set($0.map(\.path)) }
        #expect(byKind["added"] ?? [] == Set(added), sourceLocation: sourceLocation)
        #expect(byKind["deleted"] ?? [] == Set(deleted), sourceLocation: sourceLocation)
        #expect(byKind["modified"] ?? [] == Set(modified), sourceLocation: sourceLocation)
        #expect(Set(byKind.keys).subtracting(["added", "deleted", "modified"]).isEmpty, "\(byKind.keys)")
        for change in changes {
            for (content, snapshot) in [(change.old, old), (change.new, new)] {
                guard let content, content.stored else { continue }
                #expect(
                    content.oid == "sha256:" + (snapshot.files[change.path] ?? "absent"),
                    "\(change.path): \(content.oid)", sourceLocation: sourceLocation)
            }
            let isTable = change.path.hasSuffix(".csv") || change.path.hasSuffix(".txt")
            for content in [change.old, change.new].compactMap({ $0 }) {
                #expect(
                    content.stored != isTable, "\(change.path) stored=\(content.stored)", sourceLocation: sourceLocation
                )
            }
        }
    }
}
