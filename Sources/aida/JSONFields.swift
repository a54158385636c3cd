import Foundation

/// A flat JSON object for one-line reports on stderr.
struct JSONFields {
    private var parts: [String] = []

    mutating func add(_ key: String, _ value: String) { parts.append("\(Self.quote(key)):\(Self.quote(value))") }
    mutating func add(_ key: String, _ value: Int) { parts.append("\(Self.quote(key)):\(value)") }

    var text: String { "{" + parts.joined(separator: ",") + "}" }

    static func quote(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
