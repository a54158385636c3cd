import Foundation

@testable import DICOM

/// What the writer's tests read and run: pydicom's test files, python3 with pydicom
/// (the round-trip oracle, Tests/DICOMTests/roundtrip_check.py) and DCMTK's dcmdump.
enum WriterCorpus {
    /// pydicom's data/test_files (see ``TestFiles``).
    static var directory: String? { TestFiles.pydicomDirectory }

    static var hasPydicom: Bool { run(["python3", "-c", "import pydicom"])?.status == 0 }
    static var hasDcmdump: Bool { run(["dcmdump", "--version"])?.status == 0 }

    /// Every regular file under the corpus, sorted (the non-DICOM ones are refused by the
    /// parser and skipped by the tests).
    static let files: [String] = {
        guard let directory, let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var paths: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = directory + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                paths.append(path)
            }
        }
        return paths.sorted()
    }()

    /// The corpus files the parser reads, parsed.
    static func parsed() -> [(path: String, file: DICOMFile)] {
        files.compactMap { path in (try? DICOMFile(path: path)).map { (path, $0) } }
    }

    static let checkScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("roundtrip_check.py").path

    /// The path relative to the corpus folder, for messages.
    static func name(_ path: String) -> String {
        guard let directory, path.hasPrefix(directory + "/") else { return path }
        return String(path.dropFirst(directory.count + 1))
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "aida-writer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Runs a program found on PATH; output and errors go through files, so a large
    /// output cannot fill a pipe and block the child. nil when it cannot be started.
    static func run(_ arguments: [String]) -> (status: Int32, output: String, errors: String)? {
        let folder = NSTemporaryDirectory() + "aida-run-" + UUID().uuidString
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil
        else { return nil }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outPath = folder + "/out"
        let errPath = folder + "/err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath)
        else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        // Lossy: dcmdump prints values in the file's character set.
        let read = { (path: String) in
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        let output = read(outPath)
        let errors = read(errPath)
        // env exits 127 when the program is not found.
        if process.terminationStatus == 127 && output.isEmpty { return nil }
        return (process.terminationStatus, output, errors)
    }
}
