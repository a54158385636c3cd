import DICOM
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Every check of a file, chosen by what the file is: tables (CSV, TSV) cell by cell
/// and for k-anonymity and l-diversity, text files line by line, the dataset's own
/// metadata not at all (it describes the dataset, not a patient), DICOM, NIfTI and
/// TIFF by their own checks, archives refused (to be unpacked), and anything else read
/// as a bare DICOM data set and refused if that fails (fail-closed).
public struct Gate: Sendable {
    /// The version of the gate's rules, part of every cached verdict's key. Bump it with any
    /// change to what the checks find, so no verdict of older rules is served. (A rebuilt
    /// executable invalidates the cache too; this is for builds that keep their size and date.)
    public static let rulesVersion = "gate-13"

    public let profile: Profile
    let header: HeaderCheck

    public init(profile: Profile) throws {
        self.profile = profile
        header = try HeaderCheck(profile: profile)
    }

    public enum Kind: Sendable, Equatable {
        case dicom, table(Character), text, metadata
        /// NIfTI-1 or NIfTI-2, plain or gzip-compressed.
        case nifti
        /// TIFF or BigTIFF, whole-slide formats included.
        case tiff
        /// An archive or compressed stream, by format name: refused, to be unpacked.
        case archive(String)
        /// No format aida checks: read as a bare DICOM data set, refused if that fails.
        /// The format's name when its magic number is known ("a PNG image").
        case other(String?)
    }

    /// By name for text, tables and metadata, unless the content is a binary format
    /// (a `.csv` that is a zip is an archive); by content for the rest, whatever the
    /// extension says (a `.dcm` that is a zip is an archive too).
    public static func kind(of path: String) -> Kind { sniff(path).kind }

    /// The kind and the file opened to find it, for the checks to read on.
    static func sniff(_ path: String) -> (kind: Kind, file: BoundedFile?) {
        let named = kind(named: path)
        guard let file = BoundedFile(path: path) else { return (named, nil) }
        let sniffed = FileSniffer.kind(of: file)
        if case .other(nil) = sniffed, named != .dicom { return (named, file) }
        return (sniffed, file)
    }

    /// A TIFF header in the preamble whose first IFD lies inside the file. Old writers left
    /// TIFF headers pointing past the end (pydicom's CT_small.dcm): no image there to check,
    /// so the file is judged as the DICOM it is.
    static func hasTIFFPreamble(_ file: BoundedFile) -> Bool {
        let head = file.read(upTo: 16)
        guard FileSniffer.isTIFF(head), head.count >= 16 else { return false }
        let little = head[0] == 0x49
        let bigTIFF = head[2] == 0x2B || head[3] == 0x2B
        let bytes = bigTIFF ? head[8..<16] : head[4..<8]
        let offset = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let first = little ? offset : (bigTIFF ? offset.byteSwapped : UInt64(UInt32(truncatingIfNeeded: offset).byteSwapped))
        return first >= 8 && first < file.size
    }

    /// What the name says; `.dicom` here means "no text name: the content decides".
    /// Metadata is only what describes the dataset by a name of its own (README, LICENSE,
    /// the profile, the citation file, git's files): any other JSON or YAML is text, read
    /// line by line, since a DICOM JSON export or a clinical YAML carries patients' data.
    public static func kind(named path: String) -> Kind {
        // Plain string slicing: NSString's path methods cost a few percent of a whole check.
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        if metadataNames.contains(name) || metadataPrefixes.contains(where: name.hasPrefix) { return .metadata }
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        switch dot.map({ name[name.index(after: $0)...].lowercased() }) ?? "" {
        case "csv": return .table(",")
        case "tsv": return .table("\t")
        case "txt", "md", "json", "yaml", "yml": return .text
        default: return .dicom
        }
    }

    static let metadataNames: Set<String> = [
        ".gitattributes", ".gitignore", Profile.fileName, "CITATION.cff",
    ]
    static let metadataPrefixes = ["README", "LICENSE", "LicenseRef-"]

    /// The findings for one file; `name` is how reports call it.
    public func check(path: String, name: String? = nil) -> [Finding] {
        let label = name ?? path
        // The name is the path in the dataset, which patterns are written against.
        if isAllowed(path) || isAllowed(label) { return [] }
        // NIfTI and TIFF are known from the opened file's bytes, so `file` is there for them.
        let (kind, file) = Self.sniff(path)
        switch kind {
        case .metadata:
            return []
        case .dicom:
            // PS3.10 lets the preamble hold a TIFF header, as dual-personality slide files
            // do: then the TIFF side is checked as well.
            let tiff = file.map(Self.hasTIFFPreamble) ?? false
            return header.check(path: path, name: label) + (tiff ? TIFFCheck().check(file!, file: label) : [])
        case .nifti:
            return NIfTICheck(header: header).check(file!, file: label)
        case .tiff:
            return TIFFCheck().check(file!, file: label)
        case .archive(let format):
            return [
                Finding(
                    file: label, path: "", rule: "archive",
                    message: "a \(format) archive: unpack it, so that each file in it can be checked")
            ]
        case .other(let format):
            return bareDataSet(path: path, name: label, format: format)
        case .table(let delimiter):
            guard let text = Self.readText(path) else { return unreadable(label) }
            return TableCheck(profile: profile).check(text: text, delimiter: delimiter, file: label)
        case .text:
            guard let text = Self.readText(path) else { return unreadable(label) }
            if Self.isDICOMJSON(text) {
                // Its names, IDs and dates are values of tags, which line-by-line text rules
                // cannot judge: refused, fail-closed, until it is converted.
                return [
                    Finding(
                        file: label, path: "", rule: "unknown-file-type",
                        message: "DICOM JSON (PS3.18 F.2): convert it to DICOM files, which the gate checks "
                            + "element by element, or allow it in the profile with the reason")
                ]
            }
            var findings: [Finding] = []
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for match in TextCheck().matches(in: String(line)) {
                    findings.append(
                        Finding(
                            file: label, path: "line \(index + 1)", rule: match.rule,
                            message: "\(HeaderCheck.ruleNames[match.rule] ?? match.rule) in the text",
                            value: Finding.mask(match.text)))
                }
            }
            return findings
        }
    }

    /// The DICOM JSON Model: an object (or an array of them) keyed by eight hex digits whose
    /// values carry a "vr".
    static func isDICOMJSON(_ text: String) -> Bool {
        guard let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[" else { return false }
        return text.contains("\"vr\"") && text.contains(/"[0-9A-Fa-f]{8}"\s*:/)
    }

    /// A file of no format aida knows by its magic: DICOM if it parses as a bare
    /// data set; otherwise an unknown type (not `unreadable`, which is for files that
    /// claim a format and break it), with what the DICOM reader said.
    func bareDataSet(path: String, name: String, format: String?) -> [Finding] {
        var why = format ?? ""
        if format == nil {
            do {
                let file = try DICOMFile(path: path, options: .headersOnly)
                return header.check(file, name: name, pixelSample: ImageCheck.sample(path: path, file: file))
            } catch let error as DICOMError {
                let place = error.path == .root ? "" : " at \(error.path)"
                why = "not a file type aida knows, nor a DICOM data set (\(error.message)\(place))"
            } catch {
                why = "not a file type aida knows, nor a DICOM data set (\(error))"
            }
        }
        return [
            Finding(
                file: name, path: "", rule: "unknown-file-type",
                message: "\(why): aida checks DICOM, NIfTI, TIFF, tables and text; convert the file, or let it"
                    + " through with a pattern and a reason in the profile's allowed-files")
        ]
    }

    /// A file the profile's `allowed-files` lets through, each pattern with its reason:
    /// matched (fnmatch) against the whole path and against the file name.
    func isAllowed(_ path: String) -> Bool {
        if profile.allowedFiles.isEmpty { return false }
        let name = (path as NSString).lastPathComponent
        return profile.allowedFiles.contains { rule in
            fnmatch(rule.pattern, path, 0) == 0 || fnmatch(rule.pattern, name, 0) == 0
        }
    }

    func unreadable(_ label: String) -> [Finding] {
        [Finding(file: label, path: "", rule: "unreadable", message: "not UTF-8 text of at most 256 MiB")]
    }

    static func readText(_ path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, size <= DelimitedTable.maxSize,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
