import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension StoreSuite {
    @Suite struct RoundTrip {
        /// Sizes on both sides of the 16 MiB switch from in-memory to streaming.
        @Test(arguments: [0, 1, 1 << 20, 20 << 20])
        func insertThenReadGivesTheSameBytes(size: Int) throws {
            let box = try Sandbox()
            let data = testData(count: size, seed: UInt64(size), compressible: true)
            let file = try box.write(data, to: "work/scan.dcm")

            let stored = try box.store.insert(fileAt: file)

            // The oid is what sha256sum says, i.e. the git-lfs oid.
            let sha256sum = try run("/usr/bin/sha256sum", file).prefix(64)
            #expect(stored.oid.hex == sha256sum)
            #expect(stored.size == Int64(size))
            #expect(stored.written)
            let path = box.store.path(for: stored.oid)
            let hex = stored.oid.hex
            #expect(path == "\(box.objects)/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)")

            // The stored file is plain zlib: Python's zlib inflates it to the same bytes.
            let inflated = try run(
                "/usr/bin/python3", "-c",
                "import sys,zlib,hashlib;d=zlib.decompress(open(sys.argv[1],'rb').read());"
                    + "print(len(d), hashlib.sha256(d).hexdigest())", path)
            #expect(inflated == "\(size) \(hex)\n")

            // The stat is the source file's.
            let s = fileStat(file)
            #expect(stored.stat?.ino == UInt64(s.st_ino))
            #expect(stored.stat?.size == Int64(size))
            #expect(stored.stat?.mtimeNanoseconds == Int64(s.st_mtim.tv_nsec))
            #expect(stored.stat?.isRegularFile == true)

            var back: [UInt8] = []
            try box.store.read(stored.oid, size: Int64(size)) { back.append(contentsOf: $0) }
            #expect(back == data)
            try box.store.verify(stored.oid, size: Int64(size))
            try box.store.verify(stored.oid, size: nil)
            #expect(box.temporaryFiles().isEmpty)
        }

        @Test(arguments: [3 << 20, 18 << 20])
        func secondInsertWritesNothing(size: Int) throws {
            let box = try Sandbox()
            let data = testData(count: size, seed: 7)
            let file = try box.write(data, to: "a.dcm")
            let first = try box.store.insert(fileAt: file)
            let path = box.store.path(for: first.oid)
            let before = fileStat(path)

            let second = try box.store.insert(fileAt: file)
            let fromBytes = try box.store.insert(bytes: data)

            #expect(first.written)
            #expect(!second.written && !fromBytes.written)
            #expect(second.oid == first.oid && fromBytes.oid == first.oid)
            let after = fileStat(path)
            #expect(after.st_ino == before.st_ino)
            #expect(after.st_mtim.tv_sec == before.st_mtim.tv_sec)
            #expect(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        }

        @Test(arguments: [0, 100, 17 << 20])
        func insertBytesMatchesInsertFile(size: Int) throws {
            let box = try Sandbox()
            let data = testData(count: size, seed: 3, compressible: true)
            let stored = try box.store.insert(bytes: data)
            #expect(stored.oid == ObjectID.hash(of: data))
            #expect(stored.stat == nil && stored.written)
            #expect(box.store.contains(stored.oid))
            var back: [UInt8] = []
            try box.store.read(stored.oid, size: Int64(size)) { back.append(contentsOf: $0) }
            #expect(back == data)
        }

        /// Another encoder's valid stream, bloated by a full flush after every byte, is
        /// too big for the in-memory fast path and is read through zlib instead.
        @Test func oddlyEncodedStreamIsAccepted() throws {
            let box = try Sandbox()
            let data = testData(count: 1000, seed: 21, compressible: true)
            let oid = ObjectID.hash(of: data)
            let source = try box.write(data, to: "plain")
            let hex = oid.hex
            let target = box.objects + "/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)"
            try run(
                "/usr/bin/python3", "-c",
                "import sys,zlib,os;d=open(sys.argv[1],'rb').read();c=zlib.compressobj(1);"
                    + "z=b''.join(c.compress(d[i:i+1])+c.flush(zlib.Z_FULL_FLUSH) for i in range(len(d)))+c.flush();"
                    + "os.makedirs(os.path.dirname(sys.argv[2]));open(sys.argv[2],'wb').write(z)", source, target)
            #expect(try contents(of: target).count > 5000)
            var back: [UInt8] = []
            try box.store.read(oid, size: 1000) { back.append(contentsOf: $0) }
            #expect(back == data)
            try box.store.verify(oid, size: 1000)
        }

        @Test func objectsAreReadOnly() throws {
            let box = try Sandbox()
            let stored = try box.store.insert(bytes: [1, 2, 3])
            #expect(fileStat(box.store.path(for: stored.oid)).st_mode & 0o222 == 0)
        }
    }
}
