import ArgumentParser
import Foundation
import Repository

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove files from the index and the work tree.",
        discussion: """
            Examples:
              aida rm scans/bad-slice.dcm
              aida rm -r scans/patient-07
              aida rm --cached notes.txt     # untrack, keep the file
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Flag(name: .long, help: "Only unstage; keep the files in the work tree.") var cached = false
    @Flag(name: .short, help: "Remove the files under a folder.") var r = false
    @Flag(name: [.short, .long], help: "Delete files even if they have unstaged changes.") var force = false
    @Argument(help: "Tracked files or folders.") var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name the files to remove") }
    }

    func run() throws {
        let dataset = try global.openDataset()
        let removed = try dataset.remove(
            paths, workingDirectory: global.workingDirectory, cached: cached, recursive: r, force: force)
        if output.json { return try Output.json(["removed": removed]) }
        for path in removed { Output.line("rm '\(path)'") }
    }
}
