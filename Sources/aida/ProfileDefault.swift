import Anonymity
import ArgumentParser

struct ProfileDefault: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "default",
        abstract: "Print the default anonymization profile.",
        discussion: """
            The practice of the AIDA policy's Appendix 3: Table E.1-1 with Clean Descriptors,
            Retain Longitudinal Temporal Information with Modified Dates, Retain Patient
            Characteristics and Retain Device Identity; pseudonyms AIDA-NNNN-NNNN.

            Example:
              aida profile default > anonymization-profile.yaml
            """)

    func run() throws {
        print(Profile.defaultYAML, terminator: "")
    }
}
