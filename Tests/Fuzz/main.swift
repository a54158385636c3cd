// libFuzzer target for the DICOM parser. Not a SwiftPM target: Tests/Fuzz/run.sh
// compiles this file together with Sources/DICOM/**/*.swift into one executable
// with `swiftc -sanitize=fuzzer,address -parse-as-library`.
//
// Each input is parsed as a whole file with the default options and with the
// headers-only options; whatever parses is then rendered to DICOM JSON and to the
// text dump, which decode every value (text, numbers, person names, tags, base64).
// A file that parses is also written back with DICOMWriter and parsed again.
// A thrown DICOMError is the expected outcome for most inputs; a trap, an ASan
// report, a hang (-timeout) or an allocation over the limit (-malloc_limit_mb) is a bug.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// AIDA_FUZZ_ROUNDTRIP=1: a file that parses with the default options is written
/// back (DICOMWriter) and must parse again; without it the writer only must not crash.
let checkRoundTrip = getenv("AIDA_FUZZ_ROUNDTRIP").map { String(cString: $0) == "1" } ?? false

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    for options in [ParseOptions.default, ParseOptions.headersOnly] {
        do {
            let file = try DICOMFile(bytes: bytes, options: options)
            let json = DICOMJSONEncoder().encode(file)
            let dump = TextDump().render(file)
            // Keep the optimiser from dropping the work.
            if json.isEmpty || dump.isEmpty { fatalError("empty output for a parsed file") }
            if !options.stopBeforePixelData, let written = try? DICOMWriter().write(file) {
                do {
                    _ = try DICOMFile(bytes: written, options: .default)
                } catch {
                    if checkRoundTrip { fatalError("the written file does not parse: \(error)") }
                }
            }
        } catch let error as DICOMError {
            _ = error.description
        } catch {
            fatalError("a parse threw something other than DICOMError: \(error)")
        }
    }
    return 0
}
