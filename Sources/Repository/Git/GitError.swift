internal import CGit2

/// An error reported by libgit2, with its return code, error class and message.
///
/// libgit2 keeps the last error per thread, so it is read in the same synchronous call that failed.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// libgit2's return code (`GIT_ENOTFOUND`, `GIT_ELOCKED`, ...).
    public let code: Int32
    /// libgit2's error class (`GIT_ERROR_INDEX`, ...), 0 when none was set.
    public let errorClass: Int32
    public let message: String
    /// What aida was doing, e.g. "read the index".
    public let operation: String

    public var description: String { "could not \(operation): \(message)" }

    /// True when the object or reference looked up does not exist.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
    /// True when a lock file held by another process blocked the operation.
    public var isLocked: Bool {
        code == GIT_ELOCKED.rawValue || message.contains(".lock")
    }
    public var isUnbornBranch: Bool { code == GIT_EUNBORNBRANCH.rawValue }

    init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
        if let last = git_error_last(), let text = last.pointee.message {
            self.message = String(cString: text)
            self.errorClass = last.pointee.klass
        } else {
            self.message = "libgit2 error \(code)"
            self.errorClass = 0
        }
    }

    init(message: String, operation: String, code: Int32 = -1) {
        self.code = code
        self.errorClass = 0
        self.message = message
        self.operation = operation
    }
}

/// Turns a libgit2 return code into a thrown `GitError`.
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws {
    if code < 0 { throw GitError(code: code, operation: operation()) }
}
