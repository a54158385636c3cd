import Foundation
import Testing

@testable import Anonymity

/// The key file: created private and durable, read back the same, and refused when it
/// could leak (readable by others, inside the dataset) or is not a key.
@Suite("Anonymization key")
struct AnonymizationKeyTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "aida-key-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue
    }

    @Test func createdOnFirstUseWithMode0600AndReloadedTheSame() throws {
        let path = folder + "/config/aida/anonymization.key"
        let created = try AnonymizationKey.loadOrCreate(at: path)
        #expect(try mode(path) == 0o600)
        #expect(created.bytes.count == 32)
        let reloaded = try AnonymizationKey.loadOrCreate(at: path)
        #expect(reloaded.bytes == created.bytes)
        // No temporary file left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/config/aida") == ["anonymization.key"])
    }

    @Test func aKeyReadableByOthersIsRefused() throws {
        let path = folder + "/open.key"
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data(repeating: 7, count: 32), attributes: [.posixPermissions: 0o644]))
        #expect(throws: AnonymizationKeyError.readableByOthers(path: path, mode: 0o644)) {
            try AnonymizationKey.loadOrCreate(at: path)
        }
        let error = AnonymizationKeyError.readableByOthers(path: path, mode: 0o644)
        #expect(error.description.contains(path) && error.description.contains("chmod 600"))
    }

    @Test func aFileOfTheWrongSizeIsRefused() throws {
        let path = folder + "/short.key"
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data(repeating: 7, count: 31), attributes: [.posixPermissions: 0o600]))
        #expect(throws: AnonymizationKeyError.wrongSize(path: path, size: 31)) {
            try AnonymizationKey.loadOrCreate(at: path)
        }
    }

    @Test func aKeyInsideTheDatasetIsRefusedAndNotCreated() throws {
        let dataset = folder + "/dataset"
        try FileManager.default.createDirectory(atPath: dataset, withIntermediateDirectories: true)
        for path in [dataset + "/anonymization.key", dataset + "/sub/../k.key", folder + "/./dataset/x/k"] {
            #expect(throws: AnonymizationKeyError.self) {
                try AnonymizationKey.loadOrCreate(at: path, datasetRoot: dataset)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dataset).isEmpty)
        // A link into the dataset is caught too, and a sibling whose name shares the prefix is not.
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: dataset)
        #expect(throws: AnonymizationKeyError.self) {
            try AnonymizationKey.loadOrCreate(at: folder + "/link/k.key", datasetRoot: dataset)
        }
        _ = try AnonymizationKey.loadOrCreate(at: folder + "/dataset-keys/k.key", datasetRoot: dataset)
    }

    @Test func aKeyInsideAnInputIsRefusedNamingTheKeyAndTheInput() throws {
        let input = folder + "/input"
        try FileManager.default.createDirectory(atPath: input + "/patient", withIntermediateDirectories: true)
        let existing = input + "/patient/anonymization.key"
        FileManager.default.createFile(
            atPath: existing, contents: Data(repeating: 7, count: AnonymizationKey.byteCount),
            attributes: [.posixPermissions: 0o600])
        for path in [existing, input + "/new.key", input + "/sub/../k"] {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            #expect(throws: AnonymizationKeyError.insideInput(path: absolute, input: input)) {
                try AnonymizationKey.loadOrCreate(
                    at: path, datasetRoot: folder + "/out", inputs: [folder + "/other", input])
            }
        }
        #expect(!FileManager.default.fileExists(atPath: input + "/new.key"))
        #expect(!FileManager.default.fileExists(atPath: input + "/k"))
        // An input that is the key file itself is refused too; a sibling sharing the prefix is not.
        #expect(throws: AnonymizationKeyError.self) {
            try AnonymizationKey.loadOrCreate(at: existing, inputs: [existing])
        }
        _ = try AnonymizationKey.loadOrCreate(at: folder + "/input-keys/k.key", inputs: [input])
        let message = "\(AnonymizationKeyError.insideInput(path: existing, input: input))"
        #expect(message.contains(existing) && message.contains("inside the input"))
    }

    @Test func defaultPathFollowsXDG() throws {
        #expect(
            try AnonymizationKey.defaultPath(environment: ["XDG_CONFIG_HOME": "/c", "HOME": "/h"])
                == "/c/aida/anonymization.key")
        #expect(
            try AnonymizationKey.defaultPath(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/h"])
                == "/h/.config/aida/anonymization.key")
        #expect(throws: AnonymizationKeyError.noDefaultLocation) { try AnonymizationKey.defaultPath(environment: [:]) }
    }
}
