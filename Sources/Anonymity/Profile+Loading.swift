import Foundation

extension Profile {
    /// Parses a profile's YAML text; `file` names it in errors.
    public init(yaml text: String, file: String = Profile.fileName) throws {
        self = try ProfileReader(file: file).read(text)
    }

    /// Reads and parses a profile file.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileError(file: path, line: nil, field: "", message: "cannot be read")
        }
        guard data.count <= ProfileReader.maxSize, let text = String(data: data, encoding: .utf8) else {
            throw ProfileError(file: path, line: nil, field: "", message: "not UTF-8 text of at most 256 KiB")
        }
        try self.init(yaml: text, file: path)
    }

    /// The default profile (``defaultYAML``), parsed.
    public static let `default`: Profile = {
        do { return try Profile(yaml: defaultYAML, file: "(default profile)") } catch {
            fatalError("the built-in default profile does not parse: \(error)")
        }
    }()

    /// The default profile as written into a new dataset: the practice of the policy's
    /// Appendix 3, and the options `gen_dataset.py`'s anonymized output declares.
    public static let defaultYAML = """
        # Anonymization profile (aida). What "anonymous" means for this dataset; the gate
        # checks every file against it, and every commit records its hash.
        table: PS3.15 Table E.1-1 2024b + rows to 2026d

        # Options of the Basic Application Level Confidentiality Profile (PS3.15 E.3).
        options:
          - clean-descriptors                    # free text cleaned of identifiers
          - retain-longitudinal-modified-dates   # dates kept, shifted per patient
          - retain-patient-characteristics       # age, sex, size, weight
          - retain-device-identity               # scanner make and model

        # A pseudonym in a Z or D element (PatientName, PatientID) must match this;
        # aida anonymize writes them in this format ({n:4}: four digits from the key).
        pseudonym-pattern: '^AIDA-[0-9]{4}-[0-9]{4}$'
        pseudonym-format: 'AIDA-{n:4}-{n:4}'
        dummy-values: [ANONYMOUS]

        # UID roots of this dataset's own; 2.25. (UUID-derived) is always accepted.
        uid-roots: []

        # Private elements kept, each with the reason it is safe: none by default.
        private-elements: []

        # Associated tables: k-anonymity over quasi-identifiers, l-diversity of sensitive columns.
        tables:
          quasi-identifiers: []   # empty: classified by column name
          sensitive: []
          k: 5
          l: 2

        images:
          uniform-fraction: 0.95   # one value covering this much of an image: a picture of text

        review:
          required: true
          sample-one-in: 100       # one examination in 100 reviewed by a person
          threshold: 100           # a commit adding this many examinations needs a sign-off

        # Other files allowed, by path pattern, each with its reason: none by default.
        allowed-files: []

        """
}
