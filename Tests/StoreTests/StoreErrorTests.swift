import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension StoreSuite {
    /// Messages say what happened, where, to which object, and what to do.
    @Suite struct Messages {
        let oid = ObjectID.hash(of: [1])

        @Test func diskFullSaysToFreeSpace() {
            let error = StoreError(.io(operation: "write", errno: ENOSPC), oid: oid, path: "/r/.git/aida/tmp/1-ab.tmp")
            #expect(
                error.description
                    == "disk full: write failed on /r/.git/aida/tmp/1-ab.tmp (object \(oid)); "
                    + "free space and run the command again")
            #expect(!error.isCorruption)
        }

        @Test func otherErrnosNameTheCall() {
            let error = StoreError(.io(operation: "rename", errno: EXDEV), path: "/x")
            #expect(error.description.hasPrefix("rename failed on /x: "))
            #expect(
                StoreError(.io(operation: "open", errno: EACCES), path: "/y").description.contains("permission denied"))
        }

        @Test func corruptionNamesObjectPathAndRemedy() {
            let kinds: [StoreError.Kind] = [
                .hashMismatch(actual: ObjectID.hash(of: [2])), .corruptStream(message: "invalid distance too far back"),
                .truncated, .trailingBytes, .oversized(expected: 10), .oversized(expected: nil),
                .undersized(expected: 10, actual: 4),
            ]
            for kind in kinds {
                let error = StoreError(kind, oid: oid, path: "/objects/x")
                #expect(error.isCorruption)
                #expect(error.description.hasPrefix("object \(oid) at /objects/x is corrupt: "))
                #expect(
                    error.description.hasSuffix(
                        "delete the file and fetch the object again (or restore it from a copy)"))
            }
            #expect(
                StoreError(.undersized(expected: 10, actual: 4)).description.contains(
                    "holds 4 bytes, but its pointer says 10"))
        }

        @Test func missingSaysWhereItLooked() {
            let error = StoreError(.missing, oid: oid, path: "/objects/4b/f5/\(oid)")
            #expect(
                error.description.contains("object \(oid) is missing from the store (looked for /objects/4b/f5/\(oid))")
            )
            #expect(error.description.contains("fetch it again"))
        }
    }
}
