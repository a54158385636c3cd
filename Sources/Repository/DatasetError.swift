/// Errors of the dataset commands, each naming the path and saying what to do.
public enum DatasetError: Error, Sendable, CustomStringConvertible {
    case outsideRepository(String)
    case insideGitDirectory(String)
    case symlink(String)
    case notRegularFile(String)
    case noMatch(String)
    case unreadable(String, String)
    case changedWhileAdding(String)
    case addFailed([String])
    case unstagedChanges([String])
    case nothingToCommit
    case emptyMessage
    case invalidTrailer(String)
    case noIdentity
    case missingObjects([String])
    case locked(pid: Int32, command: String)
    case bare

    public var description: String {
        switch self {
        case .outsideRepository(let path):
            return "\(path) is outside the repository; add files from inside its work tree"
        case .insideGitDirectory(let path): return "\(path) is inside .git; aida does not track git's own files"
        case .symlink(let path):
            return "\(path) is a symbolic link; datasets hold regular files only: copy the target instead"
        case .notRegularFile(let path): return "\(path) is not a regular file (device, socket or pipe)"
        case .noMatch(let path): return "pathspec '\(path)' did not match any file"
        case .unreadable(let path, let why): return "cannot read \(path): \(why)"
        case .changedWhileAdding(let path):
            return "\(path) changed while it was being added; add it again once it is complete"
        case .addFailed(let problems):
            let shown = problems.prefix(20).map { "  " + $0 }.joined(separator: "\n")
            let more = problems.count > 20 ? "\n  … and \(problems.count - 20) more" : ""
            return "nothing was staged; \(problems.count) file(s) could not be added:\n\(shown)\(more)"
        case .unstagedChanges(let paths):
            let shown = paths.prefix(20).map { "  " + $0 }.joined(separator: "\n")
            return "nothing was removed; these files have changes that are not staged:\n\(shown)\n"
                + "use --cached to keep the files, or --force to delete them"
        case .nothingToCommit: return "nothing to commit: the index matches HEAD (use `aida add` first)"
        case .emptyMessage: return "the commit message is empty; give one with -m"
        case .invalidTrailer(let why): return "invalid trailer: \(why)"
        case .noIdentity:
            return
                "who are you? set `git config --global user.name NAME` and `git config --global user.email EMAIL`, or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL"
        case .missingObjects(let lines):
            let shown = lines.prefix(20).map { "  " + $0 }.joined(separator: "\n")
            return
                "nothing was changed; \(lines.count) object(s) are not in the store:\n\(shown)\nfetch them (`aida pull`) or check the store with `aida fsck`"
        case .locked(let pid, let command):
            return
                "another aida process (pid \(pid), `aida \(command)`) is working in this repository; wait for it to finish"
        case .bare: return "this command needs a work tree, and the repository is bare"
        }
    }

    /// 1: the command ran and found the state it reports; 2: it could not do what was asked.
    public var exitCode: Int32 {
        switch self {
        case .nothingToCommit: return 1
        default: return 2
        }
    }
}
