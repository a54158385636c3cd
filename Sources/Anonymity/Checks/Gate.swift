import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Every check of a file, chosen by what the file is: tables (CSV, TSV) cell by cell
/// and for k-anonymity and l-diversity, text files line by line, the dataset's own
/// metadata not at all (it describes the dataset, not a patient), and anything else
/// as DICOM, so that an unknown or unreadable file is refused (fail-closed).
public struct Gate: Sendable {
    public let profile: Profile
    let header: HeaderCheck

    public init(profile: Profile) throws {
        self.profile = profile
        header = try HeaderCheck(profile: profile)
    }

    public enum Kind: Sendable, Equatable {
        case dicom, table(Character), text, metadata
    }

    public static func kind(of path: String) -> Kind {
        let name = (path as NSString).lastPathComponent
        switch (name as NSString).pathExtension.lowercased() {
        case "csv": return .table(",")
        case "tsv": return .table("\t")
        case "txt", "md":
            return name.hasPrefix("README") || name.hasPrefix("LICENSE") ? .metadata : .text
        case "yaml", "yml", "json": return .metadata
        default:
            if name.hasPrefix("README") || name.hasPrefix("LICENSE") || name == ".gitattributes" || name == ".gitignore"
            {
                return .metadata
            }
            return .dicom
        }
    }

    /// The findings for one file; `name` is how reports call it.
    public func check(path: String, name: String? = nil) -> [Finding] {
        let label = name ?? path
        // The name is the path in the dataset, which patterns are written against.
        if isAllowed(path) || isAllowed(label) { return [] }
        switch Self.kind(of: path) {
        case .metadata:
            return []
        case .dicom:
            return header.check(path: path, name: label)
        case .table(let delimiter):
            guard let text = Self.readText(path) else { return unreadable(label) }
            return TableCheck(profile: profile).check(text: text, delimiter: delimiter, file: label)
        case .text:
            guard let text = Self.readText(path) else { return unreadable(label) }
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
