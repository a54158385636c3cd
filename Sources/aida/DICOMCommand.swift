import ArgumentParser

/// `aida dicom …`: tools that read DICOM files directly, outside any dataset.
struct DICOMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dicom",
        abstract: "Inspect DICOM files.",
        discussion: """
            Examples:
              aida dicom dump scan.dcm
              aida dicom dump --headers-only --json series/*.dcm
            """,
        subcommands: [DICOMDump.self])
}
