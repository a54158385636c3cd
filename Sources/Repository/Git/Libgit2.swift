internal import CGit2
import Foundation

/// Process-wide libgit2 set-up: done once, before any handle is made.
enum Libgit2 {
    /// Initialises libgit2, turns on fsync of the git directory and registers the `lfs` filter.
    static func bootstrap() {
        _ = ready
    }

    private static let ready: Bool = {
        git_libgit2_init()
        // Neither git nor libgit2 fsyncs new objects and refs unless asked.
        _ = aida_git_enable_fsync_gitdir(1)
        LFSFilter.register()
        return true
    }()
}
