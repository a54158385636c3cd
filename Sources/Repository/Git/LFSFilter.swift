internal import CGit2
import Foundation
import Store

/// aida's `lfs` filter, registered with libgit2 for paths with `filter=lfs`, so that libgit2's
/// status, diff and checkout see pointer files as stock git with git-lfs does.
///
/// - clean (work tree to git): a file becomes its pointer. Only the hash is computed here;
///   `aida add` stores objects itself, in parallel, so status and diff never write to the store.
///   A file that already is a valid pointer passes through unchanged, as with git-lfs.
/// - smudge (git to work tree): a pointer becomes the verified bytes of its object, from the
///   aida store or git-lfs's `.git/lfs/objects`. Anything that is not a pointer passes through.
enum LFSFilter {
    static func register() {
        let filter = UnsafeMutablePointer<git_filter>.allocate(capacity: 1)
        filter.initialize(to: git_filter())
        _ = git_filter_init(filter, UInt32(GIT_FILTER_VERSION))
        // Registered filters live as long as the process.
        filter.pointee.attributes = UnsafePointer(strdup("filter=lfs"))
        filter.pointee.stream = lfsFilterOpenStream
        _ = git_filter_register("lfs", filter, GIT_FILTER_DRIVER_PRIORITY)
    }

    /// The store of the repository a filter runs for.
    static func store(forGitdir gitdir: String) -> ObjectStore {
        ObjectStore(root: gitdir + "aida/objects", fallbackRoots: [gitdir + "lfs/objects"])
    }
}

private func lfsFilterOpenStream(
    out: UnsafeMutablePointer<UnsafeMutablePointer<git_writestream>?>?,
    filter: UnsafeMutablePointer<git_filter>?,
    payload: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    source: OpaquePointer?,
    next: UnsafeMutablePointer<git_writestream>?
) -> Int32 {
    guard let out, let source, let next, let repo = git_filter_source_repo(source) else { return -1 }
    let gitdir = String(cString: git_repository_path(repo))
    let path = git_filter_source_path(source).map { String(cString: $0) } ?? "?"
    let clean = git_filter_source_mode(source) == GIT_FILTER_TO_ODB
    let stream = LFSFilterStream(
        clean: clean, path: path, store: LFSFilter.store(forGitdir: gitdir),
        next: { bytes in
            bytes.isEmpty
                ? 0 : next.pointee.write(next, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
        },
        close: { next.pointee.close(next) })
    let raw = UnsafeMutablePointer<aida_writestream>.allocate(capacity: 1)
    raw.initialize(to: aida_writestream())
    raw.pointee.context = Unmanaged.passRetained(stream).toOpaque()
    raw.pointee.parent.write = { stream, buffer, length in
        guard let stream, let buffer else { return -1 }
        return LFSFilterStream.owner(of: stream).write(UnsafeRawBufferPointer(start: buffer, count: length))
    }
    raw.pointee.parent.close = { stream in
        guard let stream else { return -1 }
        return LFSFilterStream.owner(of: stream).close()
    }
    raw.pointee.parent.free = { stream in
        guard let stream else { return }
        let wrapper = UnsafeMutableRawPointer(stream).assumingMemoryBound(to: aida_writestream.self)
        Unmanaged<LFSFilterStream>.fromOpaque(wrapper.pointee.context).release()
        wrapper.deallocate()
    }
    out.pointee = UnsafeMutableRawPointer(raw).assumingMemoryBound(to: git_writestream.self)
    return 0
}

extension LFSFilterStream {
    static func owner(of stream: UnsafeMutablePointer<git_writestream>) -> LFSFilterStream {
        let wrapper = UnsafeMutableRawPointer(stream).assumingMemoryBound(to: aida_writestream.self)
        return Unmanaged<LFSFilterStream>.fromOpaque(wrapper.pointee.context).takeUnretainedValue()
    }

    /// Hands a message to libgit2 so the failing operation reports it.
    static func fail(_ message: String) -> Int32 {
        _ = git_error_set_str(Int32(GIT_ERROR_FILTER.rawValue), message)
        return -1
    }
}
