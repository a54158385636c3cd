import Crypto
import Foundation

/// The canonical form of a profile, and its hash.
///
/// Canonical form (documented in Docs/gate.md): one line of JSON, UTF-8, no spaces;
/// object keys sorted by their bytes; every setting present, defaults written out;
/// lists whose order means nothing (options, dummy values, UID roots, SOP classes,
/// column names, private elements, allowed files) sorted and without duplicates;
/// numbers as the shortest decimal that reads back to the same value; strings with
/// only `"`, `\` and control characters escaped. The hash is `sha256:` and the
/// lowercase hex of SHA-256 over those bytes.
extension Profile {
    public var canonicalJSON: String {
        var object: [(String, String)] = [
            ("table", Self.quote(table)),
            ("options", Self.array(options.map(\.rawValue))),
            ("pseudonym-pattern", Self.quote(pseudonymPattern)),
            ("pseudonym-format", pseudonymFormat.map(Self.quote) ?? "null"),
            ("dummy-values", Self.array(dummyValues)),
            ("uid-roots", Self.array(uidRoots)),
            (
                "private-elements",
                "["
                    + Set(privateElements).sorted(by: Self.order).map { element in
                        Self.object([
                            ("creator", Self.quote(element.creator)), ("element", String(element.element)),
                            ("group", element.group.map { String($0) } ?? "null"),
                            ("reason", Self.quote(element.reason)),
                        ])
                    }.joined(separator: ",") + "]"
            ),
            (
                "tables",
                Self.object([
                    ("quasi-identifiers", Self.array(tables.quasiIdentifiers)),
                    ("sensitive", Self.array(tables.sensitive)),
                    ("k", String(tables.k)), ("l", String(tables.l)),
                ])
            ),
            (
                "images",
                Self.object([
                    ("uniform-fraction", "\(images.uniformFraction)"),
                    ("denied-sop-classes", Self.array(images.deniedSOPClasses)),
                ])
            ),
            (
                "review",
                Self.object([
                    ("required", review.required ? "true" : "false"), ("sample-one-in", String(review.sampleOneIn)),
                    ("threshold", String(review.threshold)),
                ])
            ),
            (
                "allowed-files",
                "["
                    + Set(allowedFiles).sorted { ($0.pattern, $0.reason) < ($1.pattern, $1.reason) }.map { file in
                        Self.object([("pattern", Self.quote(file.pattern)), ("reason", Self.quote(file.reason))])
                    }.joined(separator: ",") + "]"
            ),
        ]
        object.sort { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        return "{" + object.map { Self.quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// `sha256:<hex>` of the canonical form: what commits record as `Anonymization-Profile`.
    public var hash: String {
        let digest = SHA256.hash(data: Data(canonicalJSON.utf8))
        return "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }

    static func order(_ a: AllowedPrivateElement, _ b: AllowedPrivateElement) -> Bool {
        (a.creator, Int(a.group ?? 0), Int(a.element), a.reason) < (
            b.creator, Int(b.group ?? 0), Int(b.element), b.reason
        )
    }

    static func object(_ members: [(String, String)]) -> String {
        let sorted = members.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        return "{" + sorted.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// Sorted by bytes, duplicates dropped.
    static func array(_ values: [String]) -> String {
        let sorted = Set(values).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return "[" + sorted.map(quote).joined(separator: ",") + "]"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
