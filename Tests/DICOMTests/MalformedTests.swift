import Foundation
import Testing

@testable import DICOM

/// One hand-made hostile file and the error it must give: its code, the tag path
/// of the element at fault and the byte offset (in the file; in the inflated data
/// set for a Deflated file). The bytes are built when the case runs.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let name: String
    let code: String
    let path: String
    var options = ParseOptions.default
    /// The whole error kind, where its details are part of the contract.
    var kind: DICOMError.Kind? = nil
    /// The bytes, with `marked` at the expected offset.
    let build: @Sendable () -> DICOMBytes

    var testDescription: String { name }
}

typealias Syntax = DICOMBytes.Syntax

/// A Part 10 file in `syntax`: the meta group is written, `body` writes the data set
/// and marks where the error must be reported.
private func file(
    _ name: String, _ code: String, _ path: String, syntax: Syntax = .explicitLE, options: ParseOptions = .default,
    kind: DICOMError.Kind? = nil, _ body: @escaping @Sendable (inout DICOMBytes) -> Void
) -> MalformedCase {
    MalformedCase(name: name, code: code, path: path, options: options, kind: kind) {
        var bytes = DICOMBytes.part10(syntax)
        body(&bytes)
        return bytes
    }
}

/// Any bytes at all.
private func custom(
    _ name: String, _ code: String, _ path: String, options: ParseOptions = .default, kind: DICOMError.Kind? = nil,
    _ build: @escaping @Sendable () -> DICOMBytes
) -> MalformedCase {
    MalformedCase(name: name, code: code, path: path, options: options, kind: kind, build: build)
}

/// `(0008,1140)[0].` `depth` times, then `(0008,1140)`: the 129th nested sequence.
private func nestedPath(_ depth: Int) -> String {
    String(repeating: "(0008,1140)[0].", count: depth) + "(0008,1140)"
}

private let private2GiB: UInt32 = 0x8000_0000
/// Odd lengths are warnings by default (vendor files have them); refused on request.
private let rejectOdd = ParseOptions(rejectOddLengths: true)

/// Encapsulated pixel data after a JPEG Baseline header: Pixel Data of undefined
/// length, then `items` writes the offset table and the fragments.
private func encapsulated(
    _ name: String, _ code: String, _ path: String, kind: DICOMError.Kind? = nil, frames: String? = nil,
    _ items: @escaping @Sendable (inout DICOMBytes) -> Void
) -> MalformedCase {
    file(name, code, path, syntax: .jpegBaseline, kind: kind) { f in
        f.sopClass()
        f.image(rows: 8, columns: 8, bits: 8, frames: frames)
        f.header(0x7FE0_0010, "OB", length: DICOMBytes.undefined)
        items(&f)
    }
}

extension MalformedCase {
    static let all: [MalformedCase] = fileLevel + meta + deflate + lengths + headers + structure + nesting + pixels

    // MARK: What is not a DICOM file at all

    static let fileLevel: [MalformedCase] = [
        custom("a file of 0 bytes", "not-dicom", "(dataset)") {
            var f = DICOMBytes()
            f.mark()
            return f
        },
        custom("131 zero bytes", "not-dicom", "(dataset)") {
            var f = DICOMBytes()
            f.mark()
            f.raw([UInt8](repeating: 0, count: 131))
            return f
        },
        custom("a GIF, no preamble", "not-dicom", "(dataset)") {
            var f = DICOMBytes()
            f.mark()
            f.raw(Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 64))
            return f
        },
        custom("\"DICM\" with nothing after", "meta-group-missing", "(dataset)") {
            var f = DICOMBytes.preamble()
            f.mark()
            return f
        },
        custom("preamble holds an ELF header", "executable-preamble", "(dataset)", kind: .executablePreamble("ELF")) {
            var f = DICOMBytes.part10(.explicitLE, preamble: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01])
            f.sopClass()
            f.mark(at: 0)
            return f
        },
        custom(
            "preamble holds an MZ header", "executable-preamble", "(dataset)",
            kind: .executablePreamble("Windows PE (MZ)")
        ) {
            var f = DICOMBytes.part10(.explicitLE, preamble: Array("MZ".utf8) + [0x90, 0x00, 0x03])
            f.sopClass()
            f.mark(at: 0)
            return f
        },
        custom(
            "preamble holds a #! line", "executable-preamble", "(dataset)", kind: .executablePreamble("script (#!)")
        ) {
            var f = DICOMBytes.part10(.explicitLE, preamble: Array("#!/bin/sh\nrm -rf ~\nexit\n".utf8))
            f.sopClass()
            f.mark(at: 0)
            return f
        },
    ]

    // MARK: File meta group

    /// Offsets in the meta group written by `DICOMBytes.part10`: (0002,0000) at 132,
    /// (0002,0001) at 144, (0002,0010) at 158.
    static let meta: [MalformedCase] = [
        custom("meta group length too short", "group-length-mismatch", "(0002,0000)") {
            var f = DICOMBytes.part10(.explicitLE, groupLengthError: -2)
            f.sopClass()
            f.mark(at: 132)
            return f
        },
        custom("meta group length too long", "group-length-mismatch", "(0002,0000)") {
            var f = DICOMBytes.part10(.explicitLE, groupLengthError: 34)
            f.sopClass()
            f.mark(at: 132)
            return f
        },
        custom(
            "meta group length not one UL", "meta-group-missing", "(0002,0000)",
            kind: .metaGroupMissing("group length is not one UL")
        ) {
            var f = DICOMBytes.preamble()
            f.mark()
            f.element(0x0002_0000, "UL", [28, 0])
            f.element(0x0002_0010, "UI", text: Syntax.explicitLE.rawValue)
            f.sopClass()
            return f
        },
        custom(
            "unknown transfer syntax", "unknown-transfer-syntax", "(0002,0010)", kind: .unknownTransferSyntax("1.2.3.4")
        ) {
            var f = DICOMBytes.part10(nil, uid: "1.2.3.4")
            f.sopClass()
            f.mark(at: 158)
            return f
        },
        custom("missing transfer syntax", "missing-transfer-syntax", "(0002,0010)") {
            var f = DICOMBytes.part10(nil)
            f.mark()  // the end of the meta group
            f.sopClass()
            return f
        },
        custom("empty transfer syntax", "missing-transfer-syntax", "(0002,0010)") {
            var f = DICOMBytes.part10(nil, uid: "")
            f.mark()
            f.sopClass()
            return f
        },
        custom("meta element of undefined length", "undefined-length-not-allowed", "(0002,0001)") {
            var f = DICOMBytes.preamble()
            f.ul(0x0002_0000, 40)
            f.mark()
            f.element(0x0002_0001, "OB", [0, 1], length: DICOMBytes.undefined)
            f.element(0x0002_0010, "UI", text: Syntax.explicitLE.rawValue)
            f.sopClass()
            return f
        },
        custom("meta element with invalid VR", "invalid-vr", "(0002,0010)", kind: .invalidVR(0x3F, 0x3F)) {
            var f = DICOMBytes.preamble()
            f.ul(0x0002_0000, 28)
            f.mark()
            f.element(0x0002_0010, "??", DICOMBytes.text(Syntax.explicitLE.rawValue, vr: "UI"))
            f.sopClass()
            return f
        },
        custom("meta value beyond the end", "value-beyond-end", "(0002,0010)") {
            var f = DICOMBytes.preamble()
            f.ul(0x0002_0000, 28)
            f.mark()
            f.element(0x0002_0010, "UI", DICOMBytes.text(Syntax.explicitLE.rawValue, vr: "UI"), length: 200)
            return f
        },
        custom(
            "meta elements out of order", "tag-out-of-order", "(0002,0001)",
            kind: .tagOutOfOrder(previous: Tag(0x0002_0010))
        ) {
            var f = DICOMBytes.preamble()
            f.element(0x0002_0010, "UI", text: Syntax.explicitLE.rawValue)
            f.mark()
            f.element(0x0002_0001, "OB", [0, 1])
            f.sopClass()
            return f
        },
        custom("meta group without preamble in implicit VR", "meta-group-missing", "(dataset)") {
            var f = DICOMBytes(explicitVR: false)
            f.mark()
            f.element(0x0002_0010, "UI", text: Syntax.explicitLE.rawValue)
            return f
        },
    ]

    // MARK: Deflated data sets

    static let deflate: [MalformedCase] = [
        // 1 GiB of zeros in about 1 MiB; refused once 256 MiB (the default cap) are out.
        custom(
            "deflate bomb: 1 GiB of zeros", "inflated-too-large", "(dataset)", kind: .inflatedTooLarge(limit: 256 << 20)
        ) {
            var f = DICOMBytes.part10(.deflated)
            f.mark()
            f.raw(DICOMBytes.zeroBomb(repeats: (1 << 30) / 258 + 1))
            return f
        },
        custom("corrupt deflate stream", "corrupt-deflate", "(dataset)", kind: .corruptDeflate("invalid block type")) {
            var f = DICOMBytes.part10(.deflated)
            f.mark()
            f.raw([UInt8](repeating: 0xFF, count: 64))
            return f
        },
        custom(
            "deflate stream cut short", "corrupt-deflate", "(dataset)",
            kind: .corruptDeflate("the deflate stream ends early")
        ) {
            var body = DICOMBytes()
            body.sopClass()
            body.element(0x0010_0010, "PN", text: "DOE^JOHN")
            var f = DICOMBytes.part10(.deflated)
            f.mark()
            let stream = DICOMBytes.stored(body.bytes)
            f.raw(Array(stream[0..<(stream.count - 10)]))
            return f
        },
        custom("UN element beyond the end of a deflated data set", "value-beyond-end", "(0009,1010)") {
            var body = DICOMBytes()
            body.sopClass()
            body.element(0x0009_0010, "LO", text: "ACME")
            body.mark()
            body.element(0x0009_1010, "UN", [1, 2, 3, 4], length: 1000)
            var f = DICOMBytes.part10(.deflated)
            f.appendDeflated(body)
            return f
        },
    ]

    // MARK: Lengths

    static let lengths: [MalformedCase] = [
        file(
            "undefined length on OB", "undefined-length-not-allowed", "(0042,0011)",
            kind: .undefinedLengthNotAllowed(.OB)
        ) { f in
            f.sopClass()
            f.mark()
            f.element(0x0042_0011, "OB", [1, 2], length: DICOMBytes.undefined)
        },
        file(
            "undefined length on PN, implicit VR", "undefined-length-not-allowed", "(0010,0010)", syntax: .implicitLE,
            kind: .undefinedLengthNotAllowed(.PN)
        ) { f in
            f.sopClass()
            f.mark()
            f.element(0x0010_0010, "PN", Array("DOE^JOHN".utf8), length: DICOMBytes.undefined)
        },
        file("odd length, short VR", "odd-length", "(0010,0010)", options: rejectOdd, kind: .oddLength(3)) { f in
            f.sopClass()
            f.mark()
            f.element(0x0010_0010, "PN", Array("DOE".utf8))
            f.element(0x0010_0020, "LO", text: "ID")
        },
        file("odd length, long VR", "odd-length", "(0042,0011)", options: rejectOdd, kind: .oddLength(5)) { f in
            f.sopClass()
            f.mark()
            f.element(0x0042_0011, "OB", [1, 2, 3, 4, 5])
        },
        file(
            "odd length, implicit VR", "odd-length", "(0010,0010)", syntax: .implicitLE, options: rejectOdd,
            kind: .oddLength(7)
        ) { f in
            f.sopClass()
            f.mark()
            f.element(0x0010_0010, "PN", Array("DOE^JOE".utf8))
            f.element(0x0010_0020, "LO", text: "ID")
        },
        file(
            "length beyond the end of the file", "value-beyond-end", "(0010,0010)",
            kind: .valueBeyondEnd(length: 100, available: 8)
        ) { f in
            f.sopClass()
            f.mark()
            f.element(0x0010_0010, "PN", Array("DOE^JOHN".utf8), length: 100)
        },
        file(
            "private element declaring 2 GiB", "value-beyond-end", "(0009,1010)",
            kind: .valueBeyondEnd(length: UInt64(private2GiB), available: 4)
        ) { f in
            f.sopClass()
            f.element(0x0009_0010, "LO", text: "ACME")
            f.mark()
            f.element(0x0009_1010, "OB", [1, 2, 3, 4], length: private2GiB)
        },
        file(
            "private element declaring 2 GiB, implicit VR", "value-beyond-end", "(0009,1010)", syntax: .implicitLE,
            kind: .valueBeyondEnd(length: UInt64(private2GiB), available: 4)
        ) { f in
            f.sopClass()
            f.element(0x0009_0010, "LO", text: "ACME")
            f.mark()
            f.element(0x0009_1010, "UN", [1, 2, 3, 4], length: private2GiB)
        },
        file(
            "explicit VR big endian, length beyond the end", "value-beyond-end", "(0010,0010)", syntax: .explicitBE,
            kind: .valueBeyondEnd(length: 0x100, available: 8)
        ) { f in
            f.sopClass()
            f.mark()
            f.element(0x0010_0010, "PN", Array("DOE^JOHN".utf8), length: 0x100)
        },
        file("element longer than its item", "value-beyond-end", "(0008,1140)[0].(0008,1150)") { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                s.itemHeader(length: 16)
                s.mark()
                s.element(0x0008_1150, "UI", text: "1.2.3.4.5.6.7.8")  // 8 + 16 > 16
                s.element(0x0008_1155, "UI", text: "1.2.3")
                s.itemDelimiter()
            }
        },
        file("sequence longer than its item", "value-beyond-end", "(0008,1140)[0].(0008,1115)") { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                s.itemHeader(length: 20)
                s.mark()
                s.header(0x0008_1115, "SQ", length: 100)
                s.item(defined: true) { $0.element(0x0008_1150, "UI", text: "1.2") }
            }
            f.element(0x0010_0010, "PN", [UInt8](repeating: 0x41, count: 100))
        },
    ]

    // MARK: Headers

    static let headers: [MalformedCase] = [
        file(
            "file ends mid-header, explicit VR", "truncated-header", "(dataset)",
            kind: .truncatedHeader(needed: 8, available: 6)
        ) { f in
            f.sopClass()
            f.mark()
            f.tag(0x0010_0010)
            f.raw(Array("PN".utf8))
        },
        file(
            "file ends mid-header of a long VR", "truncated-header", "(0042,0011)",
            kind: .truncatedHeader(needed: 12, available: 10)
        ) { f in
            f.sopClass()
            f.mark()
            f.tag(0x0042_0011)
            f.raw(Array("OB".utf8) + [0, 0, 0x10, 0])
        },
        file(
            "file ends mid-header, implicit VR", "truncated-header", "(dataset)", syntax: .implicitLE,
            kind: .truncatedHeader(needed: 8, available: 5)
        ) { f in
            f.sopClass()
            f.mark()
            f.tag(0x0010_0010)
            f.raw([4])
        },
        file("invalid VR bytes", "invalid-vr", "(0010,0010)", kind: .invalidVR(0x5A, 0x5A)) { f in
            f.sopClass()
            f.mark()
            f.element(0x0010_0010, "ZZ", Array("DOE^JOHN".utf8))
        },
        file("lower-case VR", "invalid-vr", "(0010,0010)", kind: .invalidVR(0x70, 0x6E)) { f in
            f.sopClass()
            f.mark()
            f.element(0x0010_0010, "pn", Array("DOE^JOHN".utf8))
        },
        file("VR of two NUL bytes", "invalid-vr", "(0010,0010)", kind: .invalidVR(0, 0)) { f in
            f.sopClass()
            f.mark()
            f.tag(0x0010_0010)
            f.raw([0, 0, 8, 0] + Array("DOE^JOHN".utf8))
        },
    ]

    // MARK: Order, delimiters, items

    static let structure: [MalformedCase] = [
        file("duplicate tags", "duplicate-tag", "(0010,0010)") { f in
            f.sopClass()
            f.element(0x0010_0010, "PN", text: "DOE^JOHN")
            f.mark()
            f.element(0x0010_0010, "PN", text: "ROE^JANE")
        },
        file("tags out of order", "tag-out-of-order", "(0010,0010)", kind: .tagOutOfOrder(previous: Tag(0x0010_0020))) {
            f in
            f.sopClass()
            f.element(0x0010_0020, "LO", text: "ID")
            f.mark()
            f.element(0x0010_0010, "PN", text: "DOE^JOHN")
        },
        file("tags out of order inside an item", "tag-out-of-order", "(0008,1140)[0].(0008,1150)") { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                s.item(defined: false) { i in
                    i.element(0x0008_1155, "UI", text: "1.2.3")
                    i.mark()
                    i.element(0x0008_1150, "UI", text: "1.2.4")
                }
            }
        },
        file("duplicate tags inside an item", "duplicate-tag", "(0008,1140)[1].(0008,1150)") { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: true) { s in
                s.item(defined: true) { $0.element(0x0008_1150, "UI", text: "1.2.3") }
                s.item(defined: true) { i in
                    i.element(0x0008_1150, "UI", text: "1.2.3")
                    i.mark()
                    i.element(0x0008_1150, "UI", text: "1.2.3")
                }
            }
        },
        file("sequence delimiter at top level", "unexpected-tag", "(dataset)") { f in
            f.sopClass()
            f.mark()
            f.sequenceDelimiter()
            f.element(0x0010_0010, "PN", text: "DOE^JOHN")
        },
        file("item tag at top level", "unexpected-tag", "(dataset)") { f in
            f.sopClass()
            f.mark()
            f.item(defined: true) { $0.element(0x0010_0010, "PN", text: "DOE^JOHN") }
        },
        file("item delimiter at top level", "unexpected-tag", "(dataset)") { f in
            f.sopClass()
            f.mark()
            f.itemDelimiter()
        },
        file("undefined-length sequence without its delimiter", "missing-delimiter", "(0008,1140)") { f in
            f.sopClass()
            f.header(0x0008_1140, "SQ", length: DICOMBytes.undefined)
            f.item(defined: true) { $0.element(0x0008_1150, "UI", text: "1.2.3") }
            f.mark()
        },
        file("undefined-length item without its delimiter", "missing-delimiter", "(0008,1140)[0]") { f in
            f.sopClass()
            f.header(0x0008_1140, "SQ", length: DICOMBytes.undefined)
            f.itemHeader(length: DICOMBytes.undefined)
            f.element(0x0008_1150, "UI", text: "1.2.3")
            f.mark()
        },
        file(
            "sequence delimiter missing inside a defined-length item", "missing-delimiter", "(0008,1140)[0].(0008,1115)"
        ) { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                s.item(defined: true) { i in
                    i.header(0x0008_1115, "SQ", length: DICOMBytes.undefined)
                    i.item(defined: true)
                    i.mark()
                }
            }
        },
        file(
            "item length past its sequence", "item-beyond-parent", "(0008,1140)[0]",
            kind: .itemBeyondParent(length: 100, available: 8)
        ) { f in
            f.sopClass()
            f.header(0x0008_1140, "SQ", length: 16)
            f.mark()
            f.itemHeader(length: 100)
            f.element(0x0008_1150, "UI", text: "1.2")
            f.element(0x0010_0010, "PN", [UInt8](repeating: 0x41, count: 100))
        },
        file("item length past the end of the file", "item-beyond-parent", "(0008,1140)[1]") { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                s.item(defined: true) { $0.element(0x0008_1150, "UI", text: "1.2") }
                s.mark()
                s.itemHeader(length: 0xFFFF_FFF0)
                s.element(0x0008_1150, "UI", text: "1.2")
            }
        },
        file("item delimiter inside a defined-length item", "unexpected-tag", "(0008,1140)[0]") { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                s.item(defined: true) { i in
                    i.element(0x0008_1150, "UI", text: "1.2")
                    i.mark()
                    i.itemDelimiter()
                }
            }
        },
        file("sequence delimiter inside an item", "unexpected-tag", "(0008,1140)[0]") { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                s.itemHeader(length: DICOMBytes.undefined)
                s.element(0x0008_1150, "UI", text: "1.2")
                s.mark()
            }
        },
        file("sequence delimiter inside a defined-length sequence", "unexpected-tag", "(0008,1140)") { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: true) { s in
                s.item(defined: true) { $0.element(0x0008_1150, "UI", text: "1.2") }
                s.mark()
                s.sequenceDelimiter()
            }
        },
        file("data element directly in a sequence", "unexpected-tag", "(0008,1140)") { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                s.mark()
                s.element(0x0008_1150, "UI", text: "1.2")
            }
        },
        file(
            "defined-length item ending inside an element header", "truncated-header", "(0008,1140)[0]",
            kind: .truncatedHeader(needed: 8, available: 2)
        ) { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                s.itemHeader(length: 14)
                s.element(0x0008_1150, "UI", text: "1.2")
                s.mark()
                s.raw([0x08, 0x00])
                s.raw([0x55, 0x11, 0x55, 0x49, 0x04, 0x00] + Array("1.23".utf8))
            }
        },
        file("CP-246 UN sequence holding garbage", "unexpected-tag", "(0009,1010)") { f in
            f.sopClass()
            f.element(0x0009_0010, "LO", text: "ACME")
            f.header(0x0009_1010, "UN", length: DICOMBytes.undefined)
            f.mark()
            f.raw(Array("GARBAGE! GARBAGE! GARBAGE!".utf8))
        },
        // A writer that kept explicit VR inside a UN sequence: read as implicit VR,
        // "SH" and the 16-bit length 8 make a 32-bit length of 0x00084853.
        file(
            "CP-246 UN sequence holding explicit VR", "value-beyond-end", "(0009,1010)[0].(0008,0100)",
            kind: .valueBeyondEnd(length: 0x0008_4853, available: 24)
        ) { f in
            f.sopClass()
            f.element(0x0009_0010, "LO", text: "ACME")
            f.sequence(0x0009_1010, vr: "UN", defined: false) { s in
                s.item(defined: false) { i in
                    i.mark()
                    i.element(0x0008_0100, "SH", text: "T-D1100")
                }
            }
        },
        file(
            "too many elements", "too-many-elements", "(0010,0020)", options: ParseOptions(maxElements: 3),
            kind: .tooManyElements(limit: 3)
        ) { f in
            f.sopClass()
            f.element(0x0008_0060, "CS", text: "CT")
            f.element(0x0010_0010, "PN", text: "DOE^JOHN")
            f.mark()
            f.element(0x0010_0020, "LO", text: "ID")
        },
        file(
            "too many elements, counted inside items", "too-many-elements", "(0008,1140)[1].(0008,1150)",
            options: ParseOptions(maxElements: 6)
        ) { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                s.item(defined: false) { $0.element(0x0008_1150, "UI", text: "1.2") }
                s.item(defined: true) { i in
                    i.element(0x0008_0018, "UI", text: "1.2")
                    i.mark()
                    i.element(0x0008_1150, "UI", text: "1.2")
                }
            }
        },
        file(
            "too many empty items", "too-many-elements", "(0008,1140)[998]", options: ParseOptions(maxElements: 1000)
        ) { f in
            f.sopClass()
            f.sequence(0x0008_1140, defined: false) { s in
                for index in 0..<10_000 {
                    if index == 998 { s.mark() }  // elements 1 and 2 are (0008,0016) and the sequence
                    s.itemHeader(length: 0)
                }
            }
        },
    ]

    // MARK: Nesting

    /// Each level is a sequence header (12 bytes explicit, 8 implicit) and an item
    /// header (8); the 129th sequence is refused.
    static let nesting: [MalformedCase] = [
        file(
            "nesting 10,000 deep, defined lengths", "nesting-too-deep", nestedPath(128),
            kind: .nestingTooDeep(limit: 128)
        ) { f in
            f.sopClass()
            let start = f.position
            f.nested(depth: 10_000, defined: true) { $0.element(0x0010_0010, "PN", text: "DEEP") }
            f.mark(at: start + 128 * 20)
        },
        file("nesting 10,000 deep, undefined lengths", "nesting-too-deep", nestedPath(128)) { f in
            f.sopClass()
            let start = f.position
            f.nested(depth: 10_000, defined: false) { $0.element(0x0010_0010, "PN", text: "DEEP") }
            f.mark(at: start + 128 * 20)
        },
        file("nesting 10,000 deep, implicit VR", "nesting-too-deep", nestedPath(128), syntax: .implicitLE) { f in
            f.sopClass()
            let start = f.position
            f.nested(depth: 10_000, defined: false) { $0.element(0x0010_0010, "PN", text: "DEEP") }
            f.mark(at: start + 128 * 16)
        },
        file(
            "nesting deeper than a lowered limit", "nesting-too-deep", nestedPath(3),
            options: ParseOptions(maxSequenceDepth: 3),
            kind: .nestingTooDeep(limit: 3)
        ) { f in
            f.sopClass()
            let start = f.position
            f.nested(depth: 4, defined: true) { _ in }
            f.mark(at: start + 3 * 20)
        },
    ]

    // MARK: Pixel data

    static let pixels: [MalformedCase] = [
        file("Rows × Columns × Bits × Frames overflowing", "image-size-overflow", "(dataset)") { f in
            f.sopClass()
            f.image(rows: 65535, columns: 65535, bits: 16, frames: "999999999999", samples: 3)
            f.mark()
            f.element(0x7FE0_0010, "OW", [0, 0, 0, 0])
        },
        file("image size overflowing inside an icon", "image-size-overflow", "(0088,0200)[0]") { f in
            f.sopClass()
            f.sequence(0x0088_0200, defined: true) { s in
                s.item(defined: true) { i in
                    i.image(rows: 65535, columns: 65535, bits: 64, frames: "2147483647")
                    i.mark()
                    i.element(0x7FE0_0010, "OB", [0, 0])
                }
            }
        },
        file(
            "more frames than native pixel data holds", "pixel-data-too-short", "(7FE0,0010)",
            kind: .pixelDataTooShort(declared: 12, actual: 8)
        ) { f in
            f.sopClass()
            f.image(rows: 2, columns: 2, bits: 8, frames: "3")
            f.mark()
            f.element(0x7FE0_0010, "OB", [UInt8](repeating: 7, count: 8))
        },
        file(
            "icon pixel data too short", "pixel-data-too-short", "(0088,0200)[0].(7FE0,0010)",
            kind: .pixelDataTooShort(declared: 128, actual: 64)
        ) { f in
            f.sopClass()
            f.sequence(0x0088_0200, defined: false) { s in
                s.item(defined: false) { i in
                    i.image(rows: 8, columns: 8, bits: 16)
                    i.mark()
                    i.element(0x7FE0_0010, "OW", [UInt8](repeating: 7, count: 64))
                }
            }
        },
        encapsulated(
            "more frames than fragments", "frames-exceed-fragments", "(7FE0,0010)",
            kind: .framesExceedFragments(frames: 3, fragments: 2), frames: "3"
        ) { f in
            f.mark(at: f.position - 12)
            f.itemHeader(length: 0)
            f.fragment([1, 2, 3, 4])
            f.fragment([5, 6, 7, 8])
            f.sequenceDelimiter()
        },
        encapsulated(
            "fragment shorter than its header says", "value-beyond-end", "(7FE0,0010)[1]",
            kind: .valueBeyondEnd(length: 100, available: 10)
        ) { f in
            f.itemHeader(length: 0)
            f.mark()
            f.itemHeader(length: 100)
            f.raw([UInt8](repeating: 0xAB, count: 10))
        },
        encapsulated(
            "file ends inside a fragment header", "truncated-header", "(7FE0,0010)[2]",
            kind: .truncatedHeader(needed: 8, available: 4)
        ) { f in
            f.itemHeader(length: 0)
            f.fragment([1, 2, 3, 4])
            f.mark()
            f.tag(0xFFFE_E000)
        },
        encapsulated("fragment of undefined length", "undefined-length-not-allowed", "(7FE0,0010)[1]") { f in
            f.itemHeader(length: 0)
            f.mark()
            f.itemHeader(length: DICOMBytes.undefined)
            f.raw([1, 2, 3, 4])
            f.sequenceDelimiter()
        },
        encapsulated("offset table not a multiple of 4", "invalid-offset-table", "(7FE0,0010)[0]") { f in
            f.mark()
            f.fragment([0, 0, 0, 0, 0, 0])
            f.fragment([1, 2, 3, 4])
            f.sequenceDelimiter()
        },
        encapsulated("offsets not increasing", "invalid-offset-table", "(7FE0,0010)") { f in
            f.mark()
            f.fragment(DICOMBytes.le32(12) + DICOMBytes.le32(0))
            f.fragment([1, 2, 3, 4])
            f.fragment([5, 6, 7, 8])
            f.sequenceDelimiter()
        },
        encapsulated("offset not at a fragment start", "invalid-offset-table", "(7FE0,0010)") { f in
            f.mark()
            f.fragment(DICOMBytes.le32(0) + DICOMBytes.le32(6))
            f.fragment([1, 2, 3, 4])
            f.fragment([5, 6, 7, 8])
            f.sequenceDelimiter()
        },
        encapsulated("offsets but no fragments", "invalid-offset-table", "(7FE0,0010)") { f in
            f.mark()
            f.fragment(DICOMBytes.le32(0))
            f.sequenceDelimiter()
        },
        encapsulated("no basic offset table item", "invalid-offset-table", "(7FE0,0010)") { f in
            f.mark()
            f.sequenceDelimiter()
        },
        encapsulated("missing sequence delimiter after the fragments", "missing-delimiter", "(7FE0,0010)") { f in
            f.itemHeader(length: 0)
            f.fragment([1, 2, 3, 4])
            f.mark()
        },
        encapsulated("data element among the fragments", "unexpected-tag", "(7FE0,0010)[2]") { f in
            f.itemHeader(length: 0)
            f.fragment([1, 2, 3, 4])
            f.mark()
            f.element(0x7FE0_0010, "OB", [1, 2, 3, 4])
            f.sequenceDelimiter()
        },
    ]
}

struct MalformedTests {
    @Test(arguments: MalformedCase.all)
    func malformed(_ test: MalformedCase) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let built = test.build()
        let offset = try #require(built.marked, "the case marks no offset")
        let error = #expect(throws: DICOMError.self) {
            _ = try DICOMFile(bytes: built.bytes, options: test.options)
        }
        let elapsed = clock.now - start
        guard let error else { return }
        #expect(error.code == test.code, "\(error)")
        #expect(error.path.description == test.path, "\(error)")
        #expect(error.offset == offset, "\(error)")
        if let kind = test.kind { #expect(error.kind == kind) }
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }

    /// The bomb is refused before memory grows by more than a fraction of the cap
    /// (it inflates into a 64 KiB scratch buffer to learn the size). Linux only:
    /// there the peak resident size can be reset before the parse. Other tests run
    /// meanwhile, so the least of three runs counts.
    @Test func deflateBombCostsNoMemory() throws {
        #if os(Linux)
            var f = DICOMBytes.part10(.deflated)
            f.raw(DICOMBytes.zeroBomb(repeats: (1 << 30) / 258 + 1))
            let bytes = f.bytes
            let cap = ParseOptions.default.maxInflatedSize
            var growths: [Int64] = []
            for _ in 0..<3 {
                let growth = try peakResidentGrowth {
                    let error = #expect(throws: DICOMError.self) { _ = try DICOMFile(bytes: bytes) }
                    #expect(error?.kind == .inflatedTooLarge(limit: cap))
                }
                guard let growth else { return }  // the peak cannot be reset here
                growths.append(growth)
            }
            let least = growths.min() ?? 0
            #expect(least < Int64(cap / 2), "peak resident size grew by \(least >> 20) MiB")
        #endif
    }

    @Test func caseNamesAreUnique() {
        let names = MalformedCase.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.count >= 40)
    }
}

#if os(Linux)
    /// The growth of the peak resident size while `body` runs, after resetting the
    /// peak (`clear_refs` 5) so that earlier tests do not hide it; nil if it cannot
    /// be reset.
    private func peakResidentGrowth(_ body: () throws -> Void) throws -> Int64? {
        func status(_ key: String) -> Int64? {
            guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
                let kib = Int64(line.split(separator: " ").dropFirst().first ?? "")
            else { return nil }
            return kib * 1024
        }
        guard (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil,
            let before = status("VmRSS")
        else { return nil }
        try body()
        return status("VmHWM").map { $0 - before }
    }
#endif

extension MalformedTests {
    /// Files at the edges of the format that must parse.
    struct ValidEdgeCases {
        static let syntaxes: [Syntax] = [.explicitLE, .implicitLE, .explicitBE]

        @Test(arguments: syntaxes)
        func emptySequences(_ syntax: Syntax) throws {
            var f = DICOMBytes.part10(syntax)
            f.sopClass()
            f.sequence(0x0008_1115, defined: true) { _ in }
            f.sequence(0x0008_1140, defined: false) { _ in }
            f.element(0x0010_0010, "PN", text: "DOE^JOHN")
            let parsed = try DICOMFile(bytes: f.bytes)
            let defined = try #require(parsed.dataSet[Tag(0x0008_1115)])
            #expect(defined.vr == .SQ && defined.items?.isEmpty == true && !defined.hasUndefinedLength)
            let undefined = try #require(parsed.dataSet[Tag(0x0008_1140)])
            #expect(undefined.vr == .SQ && undefined.items?.isEmpty == true && undefined.hasUndefinedLength)
            #expect(parsed.dataSet.string(Tag(0x0010_0010)) == "DOE^JOHN")
        }

        @Test(arguments: syntaxes)
        func emptyItems(_ syntax: Syntax) throws {
            var f = DICOMBytes.part10(syntax)
            f.sopClass()
            f.sequence(0x0008_1115, defined: true) { $0.item(defined: true) }
            f.sequence(0x0008_1140, defined: false) { s in
                s.item(defined: true)
                s.item(defined: false)
            }
            let parsed = try DICOMFile(bytes: f.bytes)
            let one = try #require(parsed.dataSet[Tag(0x0008_1115)]?.items)
            #expect(one.count == 1 && one[0].dataSet.isEmpty && !one[0].hasUndefinedLength)
            let two = try #require(parsed.dataSet[Tag(0x0008_1140)]?.items)
            #expect(two.count == 2 && two.allSatisfy { $0.dataSet.isEmpty })
            #expect(two.map(\.hasUndefinedLength) == [false, true])
        }

        @Test(arguments: syntaxes)
        func zeroLengthValues(_ syntax: Syntax) throws {
            var f = DICOMBytes.part10(syntax)
            f.sopClass()
            f.element(0x0008_0020, "DA", [])
            f.element(0x0010_0010, "PN", [])
            f.element(0x0018_0050, "DS", [])
            f.element(0x0028_0010, "US", [])
            f.element(0x0042_0011, "OB", [])
            f.element(0x0054_0081, "US", [])
            let parsed = try DICOMFile(bytes: f.bytes)
            let set = parsed.dataSet
            #expect(set.count == 7)
            for tag: UInt32 in [0x0008_0020, 0x0010_0010, 0x0018_0050, 0x0028_0010, 0x0042_0011, 0x0054_0081] {
                let element = try #require(set[Tag(tag)])
                #expect(element.bytes?.isEmpty == true, "\(Tag(tag))")
                #expect(set.strings(element).isEmpty && set.integers(element).isEmpty)
            }
            #expect(set.integer(.rows) == nil)
            #expect(set[Tag(0x0042_0011)]?.vr == .OB && set[Tag(0x0010_0010)]?.vr == .PN)
        }

        /// Undefined-length sequences of undefined-length items, 100 deep; and the
        /// limit itself, 128, with defined lengths.
        @Test(arguments: [(100, false), (128, true), (128, false)])
        func deepNesting(depth: Int, defined: Bool) throws {
            var f = DICOMBytes.part10(.explicitLE)
            f.sopClass()
            f.nested(depth: depth, defined: defined) { $0.element(0x0010_0010, "PN", text: "DEEP") }
            f.element(0x0010_0020, "LO", text: "AFTER")
            let parsed = try DICOMFile(bytes: f.bytes)
            var set = parsed.dataSet
            for _ in 0..<depth {
                let sequence = try #require(set[Tag(0x0008_1140)])
                #expect(sequence.hasUndefinedLength == !defined)
                let items = try #require(sequence.items)
                try #require(items.count == 1)
                set = items[0].dataSet
            }
            #expect(set.string(Tag(0x0010_0010)) == "DEEP")
            #expect(parsed.dataSet.string(Tag(0x0010_0020)) == "AFTER")
        }

        /// CP-246: an explicit VR UN of undefined length is a sequence whose content
        /// is implicit VR little endian, in a big endian file too; a known sequence
        /// sent as UN with a defined length likewise.
        @Test(arguments: [(Syntax.explicitLE, false), (.explicitLE, true), (.explicitBE, false)])
        func unSequence(_ syntax: Syntax, defined: Bool) throws {
            var f = DICOMBytes.part10(syntax)
            f.sopClass()
            let open = f.openSequence(0x0008_1140, vr: "UN", defined: defined)
            f.explicitVR = false
            f.bigEndian = false
            f.item(defined: false) { i in
                i.element(0x0008_1150, "UI", text: "1.2.840.10008.5.1.4.1.1.2")
                i.element(0x0008_1155, "UI", text: "1.2.3.4")
            }
            f.item(defined: true) { $0.us(0x0028_0010, 512) }
            f.close(open)
            f.explicitVR = true
            f.bigEndian = syntax.bigEndian
            f.element(0x0010_0010, "PN", text: "DOE^JOHN")
            let parsed = try DICOMFile(bytes: f.bytes)
            let sequence = try #require(parsed.dataSet[Tag(0x0008_1140)])
            #expect(sequence.vr == .SQ && sequence.sourceVR == .UN && sequence.hasUndefinedLength == !defined)
            let items = try #require(sequence.items)
            try #require(items.count == 2)
            let first = items[0].dataSet
            #expect(first[Tag(0x0008_1150)]?.vr == .UI)
            #expect(first.string(Tag(0x0008_1150)) == "1.2.840.10008.5.1.4.1.1.2")
            #expect(first.string(Tag(0x0008_1155)) == "1.2.3.4")
            #expect(items[1].dataSet.integer(.rows) == 512)
            #expect(parsed.dataSet.string(Tag(0x0010_0010)) == "DOE^JOHN")
        }

        /// Implicit VR private elements get their VR from the private dictionary
        /// through their creator; unknown ones stay UN.
        @Test func implicitPrivateVR() throws {
            var f = DICOMBytes.part10(.implicitLE)
            f.sopClass()
            f.element(0x0029_0010, "LO", text: "SIEMENS CSA HEADER")
            f.element(0x0029_0011, "LO", text: "ACME 1.0")
            f.element(0x0029_1008, "CS", text: "IMAGE NUM 4")
            f.element(0x0029_1010, "OB", [1, 2, 3, 4])
            f.element(0x0029_1099, "UN", [5, 6])
            f.element(0x0029_1108, "CS", text: "X")
            let set = try DICOMFile(bytes: f.bytes).dataSet
            #expect(set[Tag(0x0029_0010)]?.vr == .LO && set[Tag(0x0029_0011)]?.vr == .LO)
            #expect(set[Tag(0x0029_1008)]?.vr == .CS)
            #expect(set.string(Tag(0x0029_1008)) == "IMAGE NUM 4")
            #expect(set[Tag(0x0029_1010)]?.vr == .OB)
            #expect(set[Tag(0x0029_1099)]?.vr == .UN)
            #expect(set[Tag(0x0029_1108)]?.vr == .UN)  // block 11 is ACME's, unknown
        }

        /// (6002,3000) Overlay Data is in the dictionary as 60xx,3000 "OB or OW": OW in
        /// implicit VR; the other overlay attributes come from their 60xx masks too.
        @Test func overlayRepeatingGroup() throws {
            var f = DICOMBytes.part10(.implicitLE)
            f.sopClass()
            f.us(0x6002_0010, 4)
            f.us(0x6002_0011, 4)
            f.element(0x6002_0040, "CS", text: "G")
            f.us(0x6002_0100, 1)
            f.element(0x6002_3000, "OW", [0xFF, 0x0F])
            let set = try DICOMFile(bytes: f.bytes).dataSet
            #expect(set[Tag(0x6002_0010)]?.vr == .US && set.integer(Tag(0x6002_0010)) == 4)
            #expect(set[Tag(0x6002_0040)]?.vr == .CS && set.string(Tag(0x6002_0040)) == "G")
            #expect(set[Tag(0x6002_3000)]?.vr == .OW)
            #expect(set[Tag(0x6002_3000)]?.bytes?.array == [0xFF, 0x0F])
        }

        /// A data set with no preamble and no meta group: its encoding is inferred.
        @Test(arguments: syntaxes)
        func bareDataSet(_ syntax: Syntax) throws {
            var f = DICOMBytes(explicitVR: syntax.explicitVR, bigEndian: syntax.bigEndian)
            f.sopClass()
            f.element(0x0010_0010, "PN", text: "DOE^JOHN")
            f.us(0x0028_0010, 512)
            f.sequence(0x0040_0275, defined: false) { s in
                s.item(defined: true) { $0.element(0x0008_0050, "SH", text: "A1") }
            }
            let parsed = try DICOMFile(bytes: f.bytes)
            #expect(parsed.preamble == nil && parsed.meta.isEmpty)
            #expect(parsed.transferSyntax == TransferSyntax(uid: syntax.rawValue))
            #expect(parsed.dataSet.string(Tag(0x0010_0010)) == "DOE^JOHN")
            #expect(parsed.dataSet.integer(.rows) == 512)
            let item = try #require(parsed.dataSet[Tag(0x0040_0275)]?.items?.first)
            #expect(item.dataSet.string(Tag(0x0008_0050)) == "A1")
        }

        /// Odd lengths are read and reported as warnings, with the code, path and
        /// offset the error would have (`rejectOddLengths` makes them errors).
        @Test func oddLengthsAreWarnings() throws {
            var f = DICOMBytes.part10(.explicitLE)
            f.sopClass()
            let at = f.position
            f.element(0x0010_0010, "PN", Array("DOE".utf8))
            f.element(0x0010_0020, "LO", text: "ID")
            let parsed = try DICOMFile(bytes: f.bytes)
            try #require(parsed.warnings.count == 1)
            let warning = parsed.warnings[0]
            #expect(warning.code == "odd-length" && warning.path.description == "(0010,0010)" && warning.offset == at)
            #expect(parsed.dataSet.string(Tag(0x0010_0010)) == "DOE")
            #expect(parsed.dataSet.string(Tag(0x0010_0020)) == "ID")
        }

        /// Delimiters have length 0 (PS3.5 7.5); one that does not is read as pydicom
        /// and DCMTK read it: the length is ignored and the next header follows the
        /// delimiter's 8 bytes.
        @Test func delimiterLengthsAreIgnored() throws {
            var f = DICOMBytes.part10(.explicitLE)
            f.sopClass()
            f.header(0x0008_1140, "SQ", length: DICOMBytes.undefined)
            f.itemHeader(length: DICOMBytes.undefined)
            f.element(0x0008_1150, "UI", text: "1.2")
            f.itemDelimiter(length: 8)
            f.sequenceDelimiter(length: 4)
            f.element(0x0010_0010, "PN", text: "DOE^JOHN")
            f.image(rows: 8, columns: 8, bits: 8)
            f.header(0x7FE0_0010, "OB", length: DICOMBytes.undefined)
            f.fragment([])
            f.fragment([1, 2, 3, 4])
            f.sequenceDelimiter(length: 4)
            let parsed = try DICOMFile(bytes: f.bytes)
            #expect(parsed.dataSet[Tag(0x0008_1140)]?.items?.first?.dataSet.string(Tag(0x0008_1150)) == "1.2")
            #expect(parsed.dataSet.string(Tag(0x0010_0010)) == "DOE^JOHN")
            #expect(parsed.dataSet[.pixelData]?.encapsulated?.fragments.count == 1)
        }

        /// A Deflated data set inflating to exactly `maxInflatedSize` is read; one byte
        /// less of limit refuses it. Offsets are then in the inflated data.
        @Test func deflatedAtTheLimit() throws {
            var body = DICOMBytes()
            body.sopClass()
            body.element(0x0010_0010, "PN", text: "DOE^JOHN")
            body.element(0x7FE0_0010, "OB", [UInt8](repeating: 0xAB, count: 100_000))
            var f = DICOMBytes.part10(.deflated)
            f.raw(DICOMBytes.stored(body.bytes))
            let parsed = try DICOMFile(bytes: f.bytes, options: ParseOptions(maxInflatedSize: body.count))
            #expect(parsed.source.count == body.count && parsed.dataSetOffset == 0 && !parsed.offsetsAreFileOffsets)
            #expect(parsed.dataSet[Tag(0x0010_0010)]?.offset == 34)
            #expect(parsed.dataSet[.pixelData]?.bytes?.count == 100_000)
            let error = #expect(throws: DICOMError.self) {
                _ = try DICOMFile(bytes: f.bytes, options: ParseOptions(maxInflatedSize: body.count - 1))
            }
            #expect(error?.kind == .inflatedTooLarge(limit: body.count - 1))
        }

        /// Headers, then Pixel Data whose length runs far past the end, then garbage:
        /// a full parse refuses it, the headers-only one never reads that far.
        static func headersThenBadPixelData() -> DICOMBytes {
            var f = DICOMBytes.part10(.explicitLE)
            f.sopClass()
            f.image(rows: 2, columns: 2, bits: 8)
            f.element(0x7FE0_0010, "OB", [1, 2, 3, 4], length: 0x7FFF_FFF0)
            f.raw(Array("not an element".utf8))
            return f
        }

        @Test func stopBeforePixelData() throws {
            let bytes = Self.headersThenBadPixelData().bytes
            let error = #expect(throws: DICOMError.self) { _ = try DICOMFile(bytes: bytes) }
            #expect(error?.code == "value-beyond-end" && error?.path.description == "(7FE0,0010)")
            let parsed = try DICOMFile(bytes: bytes, options: .headersOnly)
            #expect(parsed.stoppedBeforePixelData)
            #expect(parsed.dataSet[.pixelData] == nil)
            #expect(parsed.dataSet.integer(.rows) == 2)
            #expect(parsed.dataSet.elements.last?.tag == .bitsAllocated)
        }

        /// From a file, headers-only reads a 64 KiB prefix: the pixel data beyond it is
        /// not read at all.
        @Test func stopBeforePixelDataReadsOnlyAPrefix() throws {
            var f = DICOMBytes.part10(.explicitLE)
            f.sopClass()
            f.image(rows: 256, columns: 512, bits: 8)
            f.element(0x7FE0_0010, "OB", [UInt8](repeating: 0x55, count: 256 * 512))
            f.element(0xFFFC_FFFC, "ZZ", [0, 0])  // an invalid VR after the pixel data
            let url = FileManager.default.temporaryDirectory
                .appendingPathComponent("aida-malformed-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).dcm")
            try Data(f.bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let parsed = try DICOMFile(path: url.path, options: .headersOnly)
            #expect(parsed.stoppedBeforePixelData && parsed.dataSet[.pixelData] == nil)
            #expect(parsed.source.count == DICOMReader.headerPrefix)
            #expect(parsed.dataSet.integer(.columns) == 512)
            let error = #expect(throws: DICOMError.self) { _ = try DICOMFile(path: url.path) }
            #expect(error?.code == "invalid-vr" && error?.path.description == "(FFFC,FFFC)")
        }

        /// Implicit VR private elements look up their creator, and US-or-SS elements
        /// Pixel Representation, in the data sets already read: tens of thousands of
        /// them must not cost quadratic time.
        @Test func manyPrivateElementsInLinearTime() throws {
            var f = DICOMBytes.part10(.implicitLE)
            f.sopClass()
            for element in 0x1000...0x7FFF { f.element(0x0009_0000 | UInt32(element), "UN", []) }
            f.sequence(0x0040_0275, defined: false) { s in
                for _ in 0..<10_000 { s.item(defined: true) { $0.element(0x0028_0106, "US", [1, 0]) } }
            }
            let clock = ContinuousClock()
            let start = clock.now
            let parsed = try DICOMFile(bytes: f.bytes)
            let elapsed = clock.now - start
            #expect(parsed.dataSet.count == 1 + 0x7000 + 1)
            #expect(parsed.dataSet[Tag(0x0040_0275)]?.items?.count == 10_000)
            #expect(parsed.dataSet[Tag(0x0009_7FFF)]?.vr == .UN)
            // About 0.2 s unoptimized; quadratic lookups took minutes.
            #expect(elapsed < .seconds(2), "took \(elapsed)")
        }
    }
}
