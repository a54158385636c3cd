import Foundation

/// Files no one here wrote: pydicom's own test files, found through python3.
enum TestFiles {
    static let pydicomDirectory: String? = {
        if let path = ProcessInfo.processInfo.environment["PYDICOM_TEST_FILES"] { return path }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import pydicom, os; print(os.path.join(os.path.dirname(pydicom.__file__), 'data', 'test_files'))",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// The path of one pydicom test file; fails the test (not skips) when pydicom is
    /// missing, since CI installs it.
    static func pydicom(_ name: String) throws -> String {
        guard let directory = pydicomDirectory else {
            throw TestFileError(message: "pydicom's test files not found (pip install pydicom)")
        }
        return directory + "/" + name
    }
}

struct TestFileError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
