import Foundation
import Testing

/// `aida profile` as a user runs it.
@Suite("aida profile")
struct ProfileCommandTests {
    @Test("the default profile, written out, is valid and hashes the same in text and JSON")
    func defaultProfile() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset()
        let printed = try sandbox.aida("profile", "default", in: repo)
        #expect(printed.status == 0, "\(printed)")
        try sandbox.write(printed.stdout, to: repo + "/anonymization-profile.yaml")
        let shown = try sandbox.aida("profile", "show", in: repo)
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.contains("valid") && shown.stdout.contains("hash     sha256:"), "\(shown)")
        let json = try sandbox.aida("profile", "show", "--json", in: repo)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        let hash = try #require(object["hash"] as? String)
        #expect(shown.stdout.contains(hash))
        #expect((object["options"] as? [String])?.contains("retain-device-identity") == true)
        // Reformatted: same hash.
        let reformatted = printed.stdout.replacingOccurrences(of: "  - ", with: "    - ")
            .replacingOccurrences(of: "# ", with: "#  ")
        try sandbox.write(reformatted, to: repo + "/other.yaml")
        let other = try sandbox.aida("profile", "show", "other.yaml", "--json", in: repo)
        let otherObject = try #require(try JSONSerialization.jsonObject(with: other.stdoutData) as? [String: Any])
        #expect(otherObject["hash"] as? String == hash, "\(other)")
    }

    @Test("a broken profile exits 1 naming the file, line and field")
    func brokenProfile() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeDataset()
        let text = """
            table: PS3.15 Table E.1-1 2024b + rows to 2026d
            options:
              - clean-descriptors
              - retain-everything
            pseudonym-pattern: '^P[0-9]+$'
            """
        try sandbox.write(text, to: repo + "/anonymization-profile.yaml")
        let result = try sandbox.aida("profile", "show", in: repo)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("anonymization-profile.yaml:4: options[1]: unknown option"), "\(result)")
        let missing = try sandbox.aida("profile", "show", "nope.yaml", in: repo)
        #expect(missing.status == 1 && missing.stderr.contains("nope.yaml"), "\(missing)")
    }
}
