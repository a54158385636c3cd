import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension StoreSuite {
    /// What `insert(fileAt:)` accepts: regular files that hold still while read.
    @Suite struct InputFiles {
        @Test func symlinkIsRefused() throws {
            let box = try Sandbox()
            let target = try box.write([1, 2, 3], to: "real.dcm")
            let link = box.path + "/link.dcm"
            #expect(symlink(target, link) == 0)
            let error = storeError { _ = try box.store.insert(fileAt: link) }
            #expect(error?.kind == .notRegularFile)
            #expect(error?.path == link)
            #expect(error?.description.contains("not a regular file") == true)
        }

        @Test func fifoIsRefusedWithoutBlocking() throws {
            let box = try Sandbox()
            let fifo = box.path + "/pipe"
            #expect(mkfifo(fifo, 0o644) == 0)
            #expect(storeError { _ = try box.store.insert(fileAt: fifo) }?.kind == .notRegularFile)
        }

        @Test func folderIsRefused() throws {
            let box = try Sandbox()
            #expect(storeError { _ = try box.store.insert(fileAt: box.path) }?.kind == .notRegularFile)
        }

        @Test func missingFileIsAnIOError() throws {
            let box = try Sandbox()
            let error = storeError { _ = try box.store.insert(fileAt: box.path + "/nope.dcm") }
            #expect(error?.kind == .io(operation: "open", errno: ENOENT))
            #expect(error?.description.contains("nope.dcm does not exist") == true)
            #expect(box.temporaryFiles().isEmpty)
        }

        /// A writer keeps changing the file while it is stored: the insert must notice
        /// (stat after differs, or pass 2 hashes differently) and store nothing.
        @Test func fileChangedWhileReadIsRefused() throws {
            let box = try Sandbox()
            let file = try box.write(testData(count: 24 << 20, seed: 4, compressible: true), to: "busy.dcm")
            final class Flag: @unchecked Sendable {
                private let lock = NSLock()
                private var value = false
                var isSet: Bool { lock.withLock { value } }
                func set() { lock.withLock { value = true } }
            }
            let stop = Flag()
            let started = DispatchSemaphore(value: 0)
            let finished = DispatchSemaphore(value: 0)
            Thread {
                let fd = open(file, O_WRONLY)
                var byte: UInt8 = 0
                var first = true
                while !stop.isSet {
                    byte &+= 1
                    _ = pwrite(fd, &byte, 1, off_t(Int(byte) * 65_537))
                    if first { started.signal(); first = false }
                    usleep(500)
                }
                close(fd)
                finished.signal()
            }.start()
            started.wait()
            let error = storeError { _ = try box.store.insert(fileAt: file) }
            stop.set()
            finished.wait()
            #expect(error?.kind == .fileChanged)
            #expect(error?.description.contains("changed while it was being read") == true)
            #expect(try box.store.objects().objects.isEmpty)
            #expect(box.temporaryFiles().isEmpty)
        }
    }
}
