import Anonymity
import ArgumentParser
import Foundation

struct ProfileShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Check a profile and print its hash and settings.",
        discussion: """
            Without FILE, the dataset's anonymization-profile.yaml. A profile with an unknown
            setting, a wrong value or another table edition is refused with its line and field.

            Exit status: 0 the profile is valid, 1 it is not, 2 usage error.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    @Argument(help: "A profile file (default: the dataset's anonymization-profile.yaml).")
    var file: String?

    struct Shown: Encodable {
        let file: String
        let hash: String
        let table: String
        let options: [String]
        let pseudonymPattern: String
        let privateElements: Int
        let canonical: String
    }

    func run() throws {
        let path: String
        if let file {
            path = file.hasPrefix("/") ? file : global.workingDirectory + "/" + file
        } else {
            path = try global.openDataset().root + Profile.fileName
        }
        let profile: Profile
        do {
            profile = try Profile(contentsOf: path)
        } catch let error as ProfileError {
            throw Failure(message: error.description, code: 1)
        }
        let shown = Shown(
            file: path, hash: profile.hash, table: profile.table, options: profile.options.map(\.rawValue).sorted(),
            pseudonymPattern: profile.pseudonymPattern, privateElements: profile.privateElements.count,
            canonical: profile.canonicalJSON)
        if output.json { return try Output.json(shown) }
        Output.line("\(path): valid")
        Output.line("hash     \(shown.hash)")
        Output.line("table    \(shown.table)")
        Output.line("options  \(shown.options.joined(separator: ", "))")
        Output.line("pseudonyms match \(shown.pseudonymPattern)")
        Output.line("private elements kept: \(shown.privateElements)")
    }
}
