import Foundation
import Repository

/// Printing for people and for scripts: text on stdout, messages on stderr, colour only on a
/// terminal and never with NO_COLOR.
enum Output {
    static let colorEnabled: Bool = {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }()

    static func line(_ text: String = "") { Swift.print(text) }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("aida: error: " + text + "\n").utf8))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data(("aida: " + text + "\n").utf8))
    }

    static func color(_ text: String, _ code: String) -> String {
        colorEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Prints a value as pretty, key-sorted JSON on stdout.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        Swift.print(String(decoding: data, as: UTF8.self))
    }

    /// Says what went wrong in libgit2 terms a user can act on.
    static func explain(_ error: GitError) -> String {
        if error.message.contains("index.lock") || error.message.contains(".lock'") {
            return "\(error.description)\nanother git process may be running; if none is, remove that lock file"
        }
        if error.message.contains("not owned by current user") {
            return
                "\(error.description)\nthe repository belongs to another user; run aida as its owner (git refuses such repositories for safety)"
        }
        return error.description
    }

    /// Notes what was cleaned up after an interrupted aida.
    static func recovered(_ lines: [String]) {
        for line in lines { note("recovered: " + line) }
    }
}
