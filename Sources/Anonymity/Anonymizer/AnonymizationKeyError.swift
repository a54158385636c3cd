/// Why an anonymization key could not be used: each case names the file, since a
/// wrong key silently gives other pseudonyms, shifts and UIDs.
public enum AnonymizationKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Group or others may read it: the key would no longer be secret.
    case readableByOthers(path: String, mode: UInt32)
    case wrongSize(path: String, size: Int)
    case notARegularFile(path: String)
    /// The key must never be shared along with the data it pseudonymizes.
    case insideDataset(path: String, root: String)
    /// Nor inside what is being anonymized: the input may be shared or versioned too.
    case insideInput(path: String, input: String)
    /// Neither `$XDG_CONFIG_HOME` nor `$HOME` is set.
    case noDefaultLocation
    case io(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .readableByOthers(let path, let mode):
            "\(path): anonymization key is readable by group or others (mode \(String(mode, radix: 8)));"
                + " make it private: chmod 600 \(path)"
        case .wrongSize(let path, let size):
            "\(path): an anonymization key is \(AnonymizationKey.byteCount) bytes; this file has \(size)"
        case .notARegularFile(let path):
            "\(path): anonymization key is not a regular file"
        case .insideDataset(let path, let root):
            "\(path): the anonymization key must not live inside the dataset \(root);"
                + " keep it outside, e.g. in ~/.config/aida/"
        case .insideInput(let path, let input):
            "\(path): the anonymization key must not live inside the input \(input);"
                + " keep it outside, e.g. in ~/.config/aida/"
        case .noDefaultLocation:
            "no place for the anonymization key: neither XDG_CONFIG_HOME nor HOME is set; give a key file"
        case .io(let path, let operation, let errno):
            "\(path): \(operation) failed (errno \(errno))"
        }
    }
}
