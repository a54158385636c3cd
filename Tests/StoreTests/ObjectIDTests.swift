import Store
import Testing

extension StoreSuite {
    @Suite struct ObjectIDs {
        @Test func hashIsSHA256InLowercaseHex() {
            #expect(
                ObjectID.hash(of: Array("abc".utf8)).hex
                    == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            #expect(ObjectID.hash(of: []).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        }

        @Test func acceptsOnly64LowercaseHexDigits() throws {
            let good = String(repeating: "0123456789abcdef", count: 4)
            #expect(ObjectID(hex: good)?.description == good)
            #expect(ObjectID(hex: good.uppercased()) == nil)
            #expect(ObjectID(hex: String(good.dropLast())) == nil)
            #expect(ObjectID(hex: good + "0") == nil)
            #expect(ObjectID(hex: String(good.dropLast()) + "g") == nil)
            #expect(ObjectID(hex: "") == nil)
            let error = storeError { _ = try ObjectID(validating: "sha256:xyz") }
            #expect(error?.kind == .invalidObjectID(text: "sha256:xyz"))
            #expect(error?.description.contains("\"sha256:xyz\" is not a valid object id") == true)
        }

        @Test func sortsByHex() throws {
            let a = try #require(ObjectID(hex: String(repeating: "a", count: 64)))
            let b = try #require(ObjectID(hex: String(repeating: "b", count: 64)))
            #expect(a < b)
            #expect([b, a].sorted() == [a, b])
        }

        @Test func pathUsesTwoLevelsOfFanOut() throws {
            let store = ObjectStore(root: "/repo/.git/aida/objects")
            let oid = ObjectID.hash(of: Array("abc".utf8))
            #expect(store.path(for: oid) == "/repo/.git/aida/objects/ba/78/\(oid.hex)")
            #expect(store.temporaryDirectory == "/repo/.git/aida/tmp")
            #expect(ObjectStore(root: "objects/").temporaryDirectory == "./tmp")
        }
    }
}
