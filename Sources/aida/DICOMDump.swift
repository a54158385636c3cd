import ArgumentParser
import DICOM
import Dispatch
import Foundation

struct DICOMDump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print every element of DICOM files, like dcmdump, or as DICOM JSON.",
        discussion: """
            Text: one line per element, indented by sequence depth, with its value (shortened),
            length, value multiplicity and keyword.

            --json: each file as one object of the DICOM JSON Model (PS3.18 Annex F) on one
            line, file meta group included. Binary values (OB, OD, OF, OL, OV, OW, UN, pixel
            data) longer than --bulk-threshold bytes are given as a BulkDataURI naming the
            file, offset and length of their bytes (Deflated files, which have no such
            offsets, always inline them); shorter ones as base64 InlineBinary.

            A file that cannot be read is reported on stderr with its path, the tag path of
            the element and the byte offset, and the others are still dumped.

            Exit status: 0 all files dumped, 1 some file could not be read, 2 usage error.
            """)

    @Argument(help: "DICOM files (Part 10 or bare data sets).")
    var files: [String]

    @Flag(help: "Stop before the top-level pixel data (reads only the headers).")
    var headersOnly = false

    @Flag(help: "Print the DICOM JSON Model, one object per line.")
    var json = false

    @Option(help: "With --json, binary values longer than this many bytes become BulkDataURI.")
    var bulkThreshold = 1024

    @Flag(help: "With --json, inline every binary value as base64.")
    var inlineBinary = false

    func validate() throws {
        guard bulkThreshold >= 0 else { throw ValidationError("--bulk-threshold must not be negative") }
    }

    func run() throws {
        let options = headersOnly ? ParseOptions.headersOnly : ParseOptions.default
        let threshold = inlineBinary ? Int.max : bulkThreshold
        let asJSON = json
        var failures = 0
        // Files go through both cores in windows, printed in argument order.
        let window = 64
        var start = 0
        while start < files.count {
            let batch = Array(files[start..<min(files.count, start + window)])
            let results = ResultSlots<Result<Dumped, DumpReport>>(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                results.set(index, Self.dump(batch[index], options: options, json: asJSON, threshold: threshold))
            }
            var output: [UInt8] = []
            for result in results.values {
                switch result {
                case .success(let dumped):
                    output += dumped.bytes
                    for warning in dumped.warnings { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
                case .failure(let report):
                    failures += 1
                    FileHandle.standardError.write(Data((report.description + "\n").utf8))
                case nil:
                    break
                }
            }
            // One write per window: stdout is often a pipe or a file.
            FileHandle.standardOutput.write(Data(output))
            start += window
        }
        if failures > 0 { throw ExitCode(1) }
    }

    static func dump(_ path: String, options: ParseOptions, json: Bool, threshold: Int) -> Result<Dumped, DumpReport> {
        do {
            let file = try DICOMFile(path: path, options: options)
            if json {
                let absolute = URL(fileURLWithPath: path).standardizedFileURL
                var encoder = DICOMJSONEncoder(bulkDataThreshold: threshold)
                if file.offsetsAreFileOffsets {
                    encoder.bulkDataURI = { bytes in
                        "\(absolute.absoluteString)?offset=\(bytes.range.lowerBound)&length=\(bytes.count)"
                    }
                }
                return .success(
                    Dumped(bytes: Array((encoder.encode(file) + "\n").utf8), warnings: warnings(file, path, json)))
            }
            let header = "# " + path + "\n"
            var bytes = Array(header.utf8)
            bytes += TextDump().renderBytes(file)
            bytes.append(0x0A)
            return .success(Dumped(bytes: bytes, warnings: warnings(file, path, json)))
        } catch let error as DICOMError {
            return .failure(DumpReport(path: path, error: error, json: json))
        } catch {
            return .failure(DumpReport(path: path, message: "\(error)", json: json))
        }
    }

    static func warnings(_ file: DICOMFile, _ path: String, _ json: Bool) -> [String] {
        file.warnings.map { DumpReport(path: path, error: $0, json: json, warning: true).description }
    }

    struct Dumped {
        let bytes: [UInt8]
        let warnings: [String]
    }
}
