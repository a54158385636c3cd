import ArgumentParser
import Foundation
import Repository
import Store

@main
struct Aida: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aida",
        abstract: "Version, share and cite anonymized medical imaging datasets.",
        discussion: """
            A dataset is a git repository; large files live in a content-addressed store and
            git holds git-lfs pointers to them, so stock git and git-lfs can read it.

            Examples:
              aida init ct-study && cd ct-study
              aida add scans/ labels.csv
              aida commit -m "First 200 slices" --trailer License=LicenseRef-AIDA-BY
              aida log
              aida checkout HEAD~1
              aida fsck

            Exit status: 0 success, 1 the command ran and found a problem (fsck found damage,
            nothing to commit), 2 usage error or failure.
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Add.self, Remove.self, Status.self, Commit.self, Log.self, Show.self, Diff.self,
            Checkout.self, Fsck.self, GC.self, DICOMCommand.self, ProfileCommand.self, Check.self, Anonymize.self,
            Review.self,
        ])

    static func main() {
        do {
            let (arguments, paths) = PathArguments.split(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot(arguments)
            if var dump = command as? DICOMDump, !paths.isEmpty {
                dump.files += paths
                command = dump
            }
            try command.run()
        } catch let failure as Failure {
            Output.error(failure.message)
            Foundation.exit(failure.code)
        } catch let error as DatasetError {
            Output.error(error.description)
            Foundation.exit(error.exitCode)
        } catch let error as GitError {
            Output.error(Output.explain(error))
            Foundation.exit(2)
        } catch let error as StoreError {
            Output.error(error.description)
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            // Usage errors are 2, as with git and most Unix tools, not sysexits' 64.
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// An error that has already been explained; carries the exit code.
struct Failure: Error {
    let message: String
    let code: Int32
}
