import Foundation

/// python3 for the tests that check against tools no one here wrote (pydicom, nibabel,
/// tifffile) or run the generators' `--check`.
enum Python {
    /// Runs python3 with `arguments`; stdout and stderr together.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// The repository this test file belongs to.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// `../shared`, or `AIDA_SHARED` (as CI lays it out).
    static let shared = ProcessInfo.processInfo.environment["AIDA_SHARED"] ?? (repository + "/../shared")

    /// Runs a generator of committed sources with `--check` against the shared standards.
    static func checkGenerator(_ script: String) throws -> (status: Int32, output: String) {
        try run([repository + "/" + script, "--check", shared])
    }

    /// pydicom's test files, or nil without pydicom.
    static let pydicomTestFiles: String? = {
        guard
            let result = try? run([
                "-c", "import pydicom, os; print(os.path.join(os.path.dirname(pydicom.__file__), 'data', 'test_files'))",
            ]), result.status == 0
        else { return nil }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }()
}
