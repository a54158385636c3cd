import Foundation
import Testing

/// `aida dicom dump` as a user runs it: the built binary on generated CT slices.
@Suite("aida dicom dump")
struct DICOMDumpTests {
    static func slices() throws -> [String] {
        let data = try Fixtures.dataset(patients: 2, slices: 5)
        return (0..<5).map { data + "/patient0000/ct/" + String(format: "slice%04d.dcm", $0) }
    }

    static func object(_ line: Substring) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(value as? [String: Any])
    }

    @Test("text dump names every element like dcmdump")
    func textDump() throws {
        let sandbox = try Sandbox()
        let file = try Self.slices()[0]
        let result = try sandbox.aida("dicom", "dump", file, in: sandbox.root)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("(0010,0010) PN [AIDA-0001-0000]"), "\(result.stdout.prefix(3000))")
        #expect(result.stdout.contains("(0028,0010) US [512]"))
        #expect(result.stdout.contains("(7FE0,0010) OW"))
    }

    @Test("--json: one object for one file, BulkDataURI naming the pixel bytes")
    func jsonOneFile() throws {
        let sandbox = try Sandbox()
        let file = try Self.slices()[0]
        let result = try sandbox.aida("dicom", "dump", "--json", file, in: sandbox.root)
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try Self.object(lines[0])
        let name = try #require((object["00100010"] as? [String: Any])?["Value"] as? [[String: String]])
        #expect(name == [["Alphabetic": "AIDA-0001-0000"]])
        #expect((object["00020010"] as? [String: Any])?["vr"] as? String == "UI")
        let pixels = try #require(object["7FE00010"] as? [String: Any])
        let uri = try #require(pixels["BulkDataURI"] as? String)
        let components = try #require(URLComponents(string: uri))
        #expect(components.path == URL(fileURLWithPath: file).standardizedFileURL.path)
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        let offset = try #require(query["offset"].flatMap { Int($0) })
        let length = try #require(query["length"].flatMap { Int($0) })
        #expect(length == 512 * 512 * 2)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(offset + length == bytes.count, "pixel data is the last element of these files")
    }

    @Test("several files: one object per line, in order; --headers-only leaves out pixel data")
    func jsonManyFiles() throws {
        let sandbox = try Sandbox()
        let files = try Self.slices()
        let result = try sandbox.run(
            sandbox.aidaBinary, ["dicom", "dump", "--json", "--headers-only"] + files, in: sandbox.root)
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == files.count)
        var numbers: [String] = []
        for line in lines {
            let object = try Self.object(line)
            #expect(object["7FE00010"] == nil)
            let number = (object["00200013"] as? [String: Any])?["Value"] as? [Any]
            numbers.append("\(number?.first ?? "")")
        }
        #expect(numbers == numbers.sorted { Int($0) ?? 0 < Int($1) ?? 0 }, "argument order kept")
    }

    @Test("a broken file among good ones: exit 1, named with tag path and offset, the others still dumped")
    func brokenFile() throws {
        let sandbox = try Sandbox()
        let good = try Self.slices()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: good[1])))
        bytes.removeLast(1000)  // the pixel data now runs past the end
        let broken = sandbox.path("broken.dcm")
        try sandbox.write(bytes, to: broken)
        let result = try sandbox.aida("dicom", "dump", "--json", good[0], broken, good[2], in: sandbox.root)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.split(separator: "\n").count == 2)
        #expect(result.stderr.contains("broken.dcm"), "\(result)")
        #expect(result.stderr.contains("value-beyond-end") && result.stderr.contains("(7FE0,0010)"), "\(result)")
        let text = try sandbox.aida("dicom", "dump", broken, in: sandbox.root)
        #expect(text.status == 1)
        #expect(text.stderr.contains("broken.dcm: (7FE0,0010) at offset"), "\(text)")
        let missing = try sandbox.aida("dicom", "dump", sandbox.path("nope.dcm"), in: sandbox.root)
        #expect(missing.status == 1 && missing.stderr.contains("nope.dcm"), "\(missing)")
        let usage = try sandbox.aida("dicom", "dump", in: sandbox.root)
        #expect(usage.status == 2, "\(usage)")
    }
}
