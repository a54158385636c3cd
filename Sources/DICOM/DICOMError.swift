/// Why a file could not be read: what was wrong, at which element (its full tag
/// path) and at which byte offset of the (inflated) data.
public struct DICOMError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case notDICOM(String)
        case executablePreamble(String)
        case truncatedHeader(needed: Int, available: Int)
        case valueBeyondEnd(length: UInt64, available: Int)
        case oddLength(UInt32)
        case undefinedLengthNotAllowed(VR)
        case invalidVR(UInt8, UInt8)
        case unexpectedTag(Tag, expected: String)
        case missingDelimiter(String)
        case itemBeyondParent(length: UInt64, available: Int)
        case nestingTooDeep(limit: Int)
        case tooManyElements(limit: Int)
        case duplicateTag
        case tagOutOfOrder(previous: Tag)
        case groupLengthMismatch(declared: UInt32, actual: Int)
        case missingTransferSyntax
        case unknownTransferSyntax(String)
        case metaGroupMissing(String)
        case inflatedTooLarge(limit: Int)
        case corruptDeflate(String)
        case imageSizeOverflow(String)
        case pixelDataTooShort(declared: UInt64, actual: Int)
        case framesExceedFragments(frames: Int, fragments: Int)
        case invalidOffsetTable(String)
        case invalidValue(String)
        case io(String)
    }

    public let kind: Kind
    public let path: TagPath
    public let offset: Int

    public init(_ kind: Kind, path: TagPath = .root, offset: Int) {
        self.kind = kind
        self.path = path
        self.offset = offset
    }

    /// A short stable name for scripts (`--json` errors, tests).
    public var code: String {
        switch kind {
        case .notDICOM: "not-dicom"
        case .executablePreamble: "executable-preamble"
        case .truncatedHeader: "truncated-header"
        case .valueBeyondEnd: "value-beyond-end"
        case .oddLength: "odd-length"
        case .undefinedLengthNotAllowed: "undefined-length-not-allowed"
        case .invalidVR: "invalid-vr"
        case .unexpectedTag: "unexpected-tag"
        case .missingDelimiter: "missing-delimiter"
        case .itemBeyondParent: "item-beyond-parent"
        case .nestingTooDeep: "nesting-too-deep"
        case .tooManyElements: "too-many-elements"
        case .duplicateTag: "duplicate-tag"
        case .tagOutOfOrder: "tag-out-of-order"
        case .groupLengthMismatch: "group-length-mismatch"
        case .missingTransferSyntax: "missing-transfer-syntax"
        case .unknownTransferSyntax: "unknown-transfer-syntax"
        case .metaGroupMissing: "meta-group-missing"
        case .inflatedTooLarge: "inflated-too-large"
        case .corruptDeflate: "corrupt-deflate"
        case .imageSizeOverflow: "image-size-overflow"
        case .pixelDataTooShort: "pixel-data-too-short"
        case .framesExceedFragments: "frames-exceed-fragments"
        case .invalidOffsetTable: "invalid-offset-table"
        case .invalidValue: "invalid-value"
        case .io: "io"
        }
    }

    public var message: String {
        switch kind {
        case .notDICOM(let why): "not a DICOM file: \(why)"
        case .executablePreamble(let what): "the 128-byte preamble holds an executable header (\(what))"
        case .truncatedHeader(let needed, let available):
            "element header needs \(needed) bytes, only \(available) left"
        case .valueBeyondEnd(let length, let available):
            "value length \(length) runs past the end (\(available) bytes left)"
        case .oddLength(let length): "odd value length \(length)"
        case .undefinedLengthNotAllowed(let vr): "undefined length (0xFFFFFFFF) on a \(vr.rawValue) element"
        case .invalidVR(let a, let b): "invalid VR bytes 0x\(Self.hex(a))\(Self.hex(b))"
        case .unexpectedTag(let tag, let expected): "found \(tag) where \(expected) was expected"
        case .missingDelimiter(let what): "no \(what) before the end of the data"
        case .itemBeyondParent(let length, let available):
            "item length \(length) runs past its sequence (\(available) bytes left)"
        case .nestingTooDeep(let limit): "sequences nested deeper than \(limit)"
        case .tooManyElements(let limit): "more than \(limit) elements"
        case .duplicateTag: "the same tag appears twice in one data set"
        case .tagOutOfOrder(let previous): "tag is not greater than the previous tag \(previous)"
        case .groupLengthMismatch(let declared, let actual):
            "group length says \(declared) bytes, the group holds \(actual)"
        case .missingTransferSyntax: "the file meta group has no Transfer Syntax UID (0002,0010)"
        case .unknownTransferSyntax(let uid): "unknown transfer syntax \(uid)"
        case .metaGroupMissing(let why): "invalid file meta group: \(why)"
        case .inflatedTooLarge(let limit): "deflated data set inflates beyond \(limit) bytes"
        case .corruptDeflate(let why): "corrupt deflated data set: \(why)"
        case .imageSizeOverflow(let what): "image size overflows: \(what)"
        case .pixelDataTooShort(let declared, let actual):
            "pixel data holds \(actual) bytes, the image attributes declare \(declared)"
        case .framesExceedFragments(let frames, let fragments):
            "\(frames) frames declared, pixel data holds only \(fragments) fragments"
        case .invalidOffsetTable(let why): "invalid basic offset table: \(why)"
        case .invalidValue(let why): "invalid value: \(why)"
        case .io(let why): why
        }
    }

    public var description: String { "\(path) at offset \(offset): \(message)" }

    static func hex(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16, uppercase: true)
        return text.count == 1 ? "0" + text : text
    }
}
