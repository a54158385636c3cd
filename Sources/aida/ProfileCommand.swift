import ArgumentParser

/// `aida profile …`: the dataset's anonymization profile.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show, check or create the anonymization profile.",
        discussion: """
            The profile (anonymization-profile.yaml at the dataset's root) says what
            "anonymous" means for the dataset: PS3.15 Table E.1-1 with its options, the
            pseudonym pattern, private elements kept and why, and the rules for tables,
            images and review. Its hash, over a canonical form, is what commits record.

            Examples:
              aida profile default > anonymization-profile.yaml
              aida profile show
              aida profile show other-profile.yaml --json
            """,
        subcommands: [ProfileShow.self, ProfileDefault.self])
}
