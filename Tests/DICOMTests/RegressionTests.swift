import Foundation
import Testing

@testable import DICOM

/// Inputs that once crashed or hung the parser, the JSON encoder or the text dump
/// (found by the libFuzzer target or the mutation run, Docs/dicom.md, Fuzzing). Each
/// file in Regressions/ is parsed with the default and the headers-only options and,
/// when it parses, rendered to JSON and to the text dump and written back (the
/// output must parse): no crash, only a ``DICOMError`` or success, under 2 s.
///
/// Regressions/ (read through #filePath, so no resources are declared):
/// - json-sv-int64-min.dcm: an SV element holding Int64.min; the JSON encoder's
///   `abs(value)` overflowed (now `value.magnitude`).
/// - mutant-ui-trailing-padding.dcm: mutant 7698 of the mutation run (seed 0xa1dad1c02025;
///   pydicom-data's SC_rgb_expb_2frame.dcm with SOP Class UID's length overwritten): a
///   60 KB UI value ending in NULs took 3.5 s (-O) to trim, as `Substring.dropLast()`
///   walks from the start each time (now `removeLast()`).
///
/// Inputs too large to keep as files are built below instead.
@Suite("DICOM: regression inputs from fuzzing")
struct RegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Regressions").path

    static var files: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }

    @Test func folderHasInputs() {
        #expect(!Self.files.isEmpty, "no regression inputs in \(Self.folder)")
    }

    @Test(arguments: RegressionTests.files)
    func regression(_ name: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.folder + "/" + name))
        let outcomes = Self.exercise([UInt8](data))
        for (options, outcome) in zip(["default", "headers-only"], outcomes) {
            #expect(outcome.problem == nil, "\(name), \(options): \(outcome.problem ?? "")")
            #expect(outcome.duration < .seconds(2), "\(name), \(options): \(outcome.duration)")
        }
    }

    /// Implicit VR private elements with no private creator, 32,768 of them: each one
    /// looked its creator up with a linear scan of the elements before it (found by
    /// construction while fuzzing; a 1 MB file took over 100 s).
    @Test func privateElementsWithoutCreatorTakeLinearTime() {
        var bytes = DICOMTestBytes.implicitElement(0x0008_0016, Array("1.2.3\0".utf8))
        for element in UInt32(0x1000)..<0x9000 { bytes += DICOMTestBytes.implicitElement(0x0009_0000 | element, []) }
        let outcomes = Self.exercise(bytes)
        #expect(outcomes[0].result == "ok" && outcomes[0].problem == nil)
        #expect(outcomes[0].duration < .seconds(2), "\(outcomes[0].duration)")
    }

    /// 8,192 items each holding an element whose VR depends on Pixel Representation
    /// (US or SS), under a root of 16,384 elements: each lookup scanned every enclosing data set.
    @Test func pixelRepresentationLookupsTakeLinearTime() {
        var bytes = DICOMTestBytes.implicitElement(0x0008_0016, Array("1.2.3\0".utf8))
        for element in UInt32(0x1000)..<0x5000 { bytes += DICOMTestBytes.implicitElement(0x0009_0000 | element, []) }
        var items: [UInt8] = []
        let smallest = DICOMTestBytes.implicitElement(0x0028_0106, [1, 0])  // SmallestImagePixelValue, US or SS
        for _ in 0..<8192 { items += DICOMTestBytes.item(smallest) }
        bytes += DICOMTestBytes.implicitElement(0x0040_0275, items)  // a sequence, by the dictionary
        let outcomes = Self.exercise(bytes)
        #expect(outcomes[0].result == "ok" && outcomes[0].problem == nil, "\(outcomes[0].result)")
        #expect(outcomes[0].duration < .seconds(2), "\(outcomes[0].duration)")
    }

    /// A 50,000-byte UI value of NULs after one character: trimming it stepped back
    /// with `Substring.dropLast()`, which is O(n), so quadratic in the padding.
    @Test func longPaddingTrimsInLinearTime() {
        var bytes = DICOMTestBytes.implicitElement(
            0x0008_0016, Array("1\0".utf8) + [UInt8](repeating: 0, count: 50_000))
        bytes += DICOMTestBytes.implicitElement(0x0008_0018, Array("1".utf8) + [UInt8](repeating: 0x20, count: 50_001))
        let outcomes = Self.exercise(bytes)
        #expect(outcomes[0].result == "ok" && outcomes[0].problem == nil, "\(outcomes[0].result)")
        #expect(outcomes[0].duration < .seconds(2), "\(outcomes[0].duration)")
    }

    /// A private creator of 50,000 bytes and 10,000 elements in its block: the parser
    /// (implicit VR) and the text dump (keyword) decoded the creator again for each one.
    @Test func longPrivateCreatorIsDecodedOnce() {
        var bytes = DICOMTestBytes.implicitElement(0x0008_0016, Array("1.2.3\0".utf8))
        bytes += DICOMTestBytes.implicitElement(
            0x0009_0010, Array("SIEMENS CSA HEADER".utf8) + [UInt8](repeating: 0x20, count: 50_000))
        for element in UInt32(0x1000)..<UInt32(0x1000 + 10_000) {
            bytes += DICOMTestBytes.implicitElement(0x0009_0000 | element, [])
        }
        let outcomes = Self.exercise(bytes)
        #expect(outcomes[0].result == "ok" && outcomes[0].problem == nil, "\(outcomes[0].result)")
        #expect(outcomes[0].duration < .seconds(2), "\(outcomes[0].duration)")
    }

    struct Outcome {
        var result = ""
        var problem: String?
        var duration: Duration = .zero
    }

    /// Parses with the default and the headers-only options, rendering what parses.
    static func exercise(_ bytes: [UInt8]) -> [Outcome] {
        [ParseOptions.default, .headersOnly].map { options in
            var outcome = Outcome()
            let started = ContinuousClock.now
            do {
                let file = try DICOMFile(bytes: bytes, options: options)
                _ = DICOMJSONEncoder().encode(file)
                _ = TextDump().render(file)
                outcome.result = "ok"
                if !options.stopBeforePixelData, let written = try? DICOMWriter().write(file),
                    (try? DICOMFile(bytes: written, options: .default)) == nil
                {
                    outcome.problem = "the file DICOMWriter wrote does not parse"
                }
            } catch let error as DICOMError {
                outcome.result = error.code
            } catch {
                outcome.result = "other"
                outcome.problem = "not a DICOMError: \(error)"
            }
            outcome.duration = ContinuousClock.now - started
            return outcome
        }
    }
}

/// Little-endian implicit VR elements and items for the generated inputs.
enum DICOMTestBytes {
    static func implicitElement(_ tag: UInt32, _ value: [UInt8]) -> [UInt8] {
        u16(UInt16(tag >> 16)) + u16(UInt16(tag & 0xFFFF)) + u32(UInt32(value.count)) + value
    }

    static func item(_ content: [UInt8]) -> [UInt8] {
        u16(0xFFFE) + u16(0xE000) + u32(UInt32(content.count)) + content
    }

    static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }

    static func u32(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
    }
}
