import Foundation
import Testing

/// The committed dictionary tables are what `generate.py` makes from the standards in
/// `../shared/standards`: a stale table would silently give wrong VRs.
@Suite("Generated sources")
struct GeneratedSourceTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func dictionaryTablesMatchTheStandards() throws {
        let environment = ProcessInfo.processInfo.environment
        let shared = environment["AIDA_SHARED"] ?? (Self.repository + "/../shared")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.repository + "/Sources/DICOM/Dictionary/generate.py", "--check", shared]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "generate.py --check: \(output)")
    }
}
