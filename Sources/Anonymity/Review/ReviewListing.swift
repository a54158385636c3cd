import DICOM
import Foundation

/// Every element of a file as a reviewer reads it: full tag path, keyword, VR and the value
/// as text, never shortened for text VRs (a name hides in the end of a long comment as well
/// as in the start), with readable runs pulled out of binary values (vendors put text there).
public struct ReviewedElement: Sendable, Equatable, Codable {
    public let path: String
    public let keyword: String
    public let vr: String
    public let value: String
}

public enum ReviewListing {
    /// Values of binary VRs shown as hex up to this many bytes.
    static let hexBytes = 32
    /// Numbers shown per element before "… (n values)".
    static let numbers = 64
    /// Characters of readable runs shown from one binary value.
    static let readableCharacters = 4096

    /// Every element at every depth, file meta group first, in file order.
    public static func elements(of file: DICOMFile) -> [ReviewedElement] {
        var listed: [ReviewedElement] = []
        for dataSet in [file.meta, file.dataSet] {
            dataSet.forEachElement { path, element, holder in
                listed.append(
                    ReviewedElement(
                        path: path.description, keyword: keyword(element.tag, in: holder), vr: element.vr.rawValue,
                        value: text(element, in: holder)))
            }
        }
        if file.stoppedBeforePixelData {
            listed.append(
                ReviewedElement(
                    path: "(7FE0,0010)", keyword: "PixelData", vr: "", value: "(not read: look at the image itself)"))
        }
        return listed
    }

    static func keyword(_ tag: Tag, in dataSet: DataSet) -> String {
        guard tag.isPrivate else { return DataDictionary.keyword(for: tag) ?? "Unknown" }
        if tag.isPrivateCreator { return "PrivateCreator" }
        guard let creator = dataSet.privateCreator(of: tag) else { return "Private (no creator)" }
        let name = PrivateDictionary.entry(creator: creator, tag: tag)?.name ?? ""
        return "Private \(creator)" + (name.isEmpty ? "" : ": \(name)")
    }

    /// The value as text: strings joined by `\`, numbers, tags, binary as hex plus its
    /// readable runs.
    static func text(_ element: Element, in dataSet: DataSet) -> String {
        switch element.value {
        case .sequence(let items):
            return "(sequence of \(items.count) item\(items.count == 1 ? "" : "s"))"
        case .encapsulated(let pixels):
            return "(encapsulated pixel data, \(pixels.fragments.count) fragments: look at the image itself)"
        case .bytes(let bytes):
            if bytes.isEmpty { return "" }
            if element.tag == Tag(0x7FE0_0010) {
                return "(\(bytes.count) bytes of pixel data: look at the image itself)"
            }
            switch element.vr {
            case .US, .SS, .UL, .SL, .SV, .UV:
                return numberList(dataSet.integers(element).map(String.init))
            case .FL, .FD:
                return numberList(dataSet.doubles(element).map { "\($0)" })
            case .AT:
                return dataSet.tags(element).map(\.description).joined(separator: "\\")
            default:
                if element.vr.isString { return dataSet.strings(element).joined(separator: "\\") }
                return binary(bytes.array)
            }
        }
    }

    static func numberList(_ values: [String]) -> String {
        guard values.count > numbers else { return values.joined(separator: "\\") }
        return values.prefix(numbers).joined(separator: "\\") + "\\… (\(values.count) values)"
    }

    /// `<n> bytes: hex…`, then `; text: "run" "run"` for runs of 4 or more printable ASCII bytes.
    static func binary(_ bytes: [UInt8]) -> String {
        var text = "\(bytes.count) byte\(bytes.count == 1 ? "" : "s"): "
        text += bytes.prefix(hexBytes).map { String(format: "%02x", $0) }.joined(separator: " ")
        if bytes.count > hexBytes { text += " …" }
        let runs = readableRuns(bytes)
        if !runs.isEmpty { text += "; text: " + runs }
        return text
    }

    static func readableRuns(_ bytes: [UInt8]) -> String {
        var runs: [String] = []
        var current: [UInt8] = []
        var shown = 0
        func flush() {
            if current.count >= 4, shown < readableCharacters {
                let run = String(decoding: current.prefix(readableCharacters - shown), as: UTF8.self)
                runs.append("\"" + run + "\"")
                shown += run.count
            }
            current.removeAll(keepingCapacity: true)
        }
        for byte in bytes {
            if byte >= 0x20 && byte < 0x7F { current.append(byte) } else { flush() }
        }
        flush()
        return runs.joined(separator: " ") + (shown >= readableCharacters ? " …" : "")
    }
}
