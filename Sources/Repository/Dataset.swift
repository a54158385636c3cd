import Foundation
import Store

/// A dataset repository: a git repository whose large files live in aida's object store.
///
/// The entry point for every command. Not `Sendable`: one command, one thread, one handle;
/// the parallel parts (hashing, compressing) run on the store, never on libgit2 handles.
public final class Dataset {
    public let git: GitRepository
    /// The work tree, with a trailing slash.
    public let root: String
    public let store: ObjectStore

    init(git: GitRepository) throws {
        guard let workdir = git.workdir else { throw DatasetError.bare }
        self.git = git
        self.root = workdir
        self.store = ObjectStore(
            root: git.gitdir + "aida/objects", fallbackRoots: [git.gitdir + "lfs/objects"])
    }

    /// Opens the dataset that contains `path`.
    public static func open(at path: String) throws -> Dataset {
        try Dataset(git: GitRepository.open(discovering: path))
    }

    /// The rules `aida init` writes to `.gitattributes`: everything to the store except the
    /// dataset's text files, which stay ordinary git blobs.
    public static let attributes = """
        # Written by `aida init`. Every file goes to the object store (git-lfs pointers in git)
        # except the dataset's text files, which stay ordinary git blobs.
        * filter=lfs diff=lfs merge=lfs -text
        .gitattributes !filter !diff !merge !text
        .gitignore !filter !diff !merge !text
        LICENSE !filter !diff !merge !text
        LICENSES/** !filter !diff !merge !text
        README* !filter !diff !merge !text
        *.csv !filter !diff !merge !text
        *.tsv !filter !diff !merge !text
        *.txt !filter !diff !merge !text
        *.md !filter !diff !merge !text
        *.json !filter !diff !merge !text
        *.yaml !filter !diff !merge !text
        *.yml !filter !diff !merge !text
        *.cff !filter !diff !merge !text

        """

    /// Creates a dataset at `path`: a git repository on `main`, the `.gitattributes` above and
    /// the git-lfs filter configuration that `git lfs install --local` writes, so stock git with
    /// git-lfs treats the pointers as it would its own.
    public static func create(at path: String) throws -> Dataset {
        let git = try GitRepository.create(at: path)
        for (key, value) in [
            ("filter.lfs.clean", "git-lfs clean -- %f"), ("filter.lfs.smudge", "git-lfs smudge -- %f"),
            ("filter.lfs.process", "git-lfs filter-process"), ("filter.lfs.required", "true"),
        ] {
            try git.setConfig(key, value)
        }
        let dataset = try Dataset(git: git)
        try FileSystem.createDirectory(git.gitdir + "aida/objects")
        let attributesPath = dataset.root + ".gitattributes"
        if !FileManager.default.fileExists(atPath: attributesPath) {
            try FileSystem.writeDurably(Data(attributes.utf8), to: attributesPath)
        }
        return dataset
    }

    /// Takes the repository lock for a command that changes the repository, cleaning up after
    /// an aida process that died holding it.
    func lock(_ command: String) throws -> RepositoryLock {
        try RepositoryLock(gitdir: git.gitdir, command: command, store: store)
    }
}
