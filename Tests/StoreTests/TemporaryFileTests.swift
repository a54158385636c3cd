import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension StoreSuite {
    /// The tmp folder: failed writes leave nothing behind, and temp files of dead
    /// writers are cleaned up while those of live ones are kept.
    @Suite struct TemporaryFiles {
        /// The pid of a process that has exited.
        func deadPID() throws -> pid_t {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/true")
            try process.run()
            process.waitUntilExit()
            return process.processIdentifier
        }

        @Test func staleTemporaryFilesAreRemoved() throws {
            let box = try Sandbox()
            let dead = try box.write([1], to: "aida/tmp/\(try deadPID())-00112233445566ff.tmp")
            let live = try box.write([2], to: "aida/tmp/\(getpid())-00112233445566ff.tmp")
            let oldJunk = try box.write([3], to: "aida/tmp/junk")
            let newJunk = try box.write([4], to: "aida/tmp/fresh-junk")
            let twoHoursAgo = Date(timeIntervalSinceNow: -7200)
            try FileManager.default.setAttributes([.modificationDate: twoHoursAgo], ofItemAtPath: oldJunk)
            try FileManager.default.setAttributes([.modificationDate: twoHoursAgo], ofItemAtPath: live)

            let removed = box.store.removeStaleTemporaryFiles()

            #expect(Set(removed) == [dead, oldJunk])
            #expect(Set(box.temporaryFiles()) == [(live as NSString).lastPathComponent, "fresh-junk"])
            _ = newJunk
            #expect(box.store.removeStaleTemporaryFiles().isEmpty)
        }

        @Test func noTmpFolderMeansNothingToRemove() throws {
            let box = try Sandbox()
            #expect(box.store.removeStaleTemporaryFiles().isEmpty)
        }

        @Test func tmpFolderBlockedByAFile() throws {
            let box = try Sandbox()
            try box.write([0], to: "aida/tmp")
            let error = storeError { _ = try box.store.insert(bytes: [1, 2, 3]) }
            #expect(error?.kind == .io(operation: "open", errno: ENOTDIR))
            #expect(error?.path?.hasPrefix(box.tmp + "/") == true)
            #expect(!box.store.contains(ObjectID.hash(of: [1, 2, 3])))
        }

        /// The fan-out folder cannot be made, so the rename never happens: the temp
        /// file, already written and synced, must be removed.
        @Test(arguments: [1000, 17 << 20])
        func failureAfterWritingRemovesTheTempFile(size: Int) throws {
            let box = try Sandbox()
            let data = testData(count: size, seed: 12, compressible: true)
            let oid = ObjectID.hash(of: data)
            try box.write([0], to: "aida/objects/\(oid.hex.prefix(2))")
            let file = try box.write(data, to: "input.dcm")

            let error = storeError { _ = try box.store.insert(fileAt: file) }

            #expect(error?.kind == .io(operation: "mkdir", errno: ENOTDIR))
            #expect(error?.oid == oid)
            #expect(box.temporaryFiles().isEmpty)
            #expect(!box.store.contains(oid))
        }

        static let canMountTmpfs: Bool = {
            guard geteuid() == 0, let box = try? Sandbox() else { return false }
            defer { _ = try? run("/bin/umount", box.path) }
            return (try? run("/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", box.path)) != nil
        }()

        /// A real full disk: a 1 MiB tmpfs and 4 MiB of incompressible data.
        @Test(.enabled(if: canMountTmpfs, "needs root and mount(2)"), arguments: [4 << 20, 20 << 20])
        func fullDiskIsReportedAndLeavesNothing(size: Int) throws {
            let box = try Sandbox()
            let disk = box.path + "/disk"
            try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: false)
            try run("/bin/mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk)
            defer { _ = try? run("/bin/umount", disk) }
            let store = ObjectStore(root: disk + "/aida/objects")
            let data = testData(count: size, seed: 13)

            let error = storeError { _ = try store.insert(bytes: data) }

            #expect(error?.kind == .io(operation: "write", errno: ENOSPC))
            #expect(error?.description.hasPrefix("disk full") == true)
            #expect(error?.description.contains("free space and run the command again") == true)
            #expect(try FileManager.default.contentsOfDirectory(atPath: disk + "/aida/tmp").isEmpty)
            #expect(!store.contains(ObjectID.hash(of: data)))
            // Once there is room the same insert succeeds.
            #expect(try store.insert(bytes: [1, 2, 3]).written)
        }
    }
}
