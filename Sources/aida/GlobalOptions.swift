import ArgumentParser
import Foundation
import Repository

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if aida was started in <path>.", valueName: "path"))
    var directory: String?

    /// The folder commands work from: `-C` resolved against the current folder.
    var workingDirectory: String {
        let current = FileManager.default.currentDirectoryPath
        guard let directory else { return current }
        return directory.hasPrefix("/") ? directory : current + "/" + directory
    }

    func openDataset() throws -> Dataset {
        try Dataset.open(at: workingDirectory)
    }
}

struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false
}
