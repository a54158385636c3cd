import Testing

@testable import Anonymity

@Suite("Anonymization profile")
struct ProfileTests {
    @Test func defaultProfileDeclaresTheGeneratorsOptions() throws {
        let profile = Profile.default
        #expect(
            profile.options == [
                .cleanDescriptors, .retainLongitudinalModifiedDates, .retainPatientCharacteristics,
                .retainDeviceIdentity,
            ])
        #expect(profile.pseudonymPattern == "^AIDA-[0-9]{4}-[0-9]{4}$")
        #expect(profile.pseudonymFormat == "AIDA-{n:4}-{n:4}")
        #expect(profile.tables.k == 5 && profile.tables.l == 2)
        #expect(profile.review.required && profile.review.sampleOneIn == 100)
        #expect(profile.hash.hasPrefix("sha256:") && profile.hash.count == 71)
    }

    @Test func layoutCommentsAndKeyOrderDoNotChangeTheHash() throws {
        let reordered = """
            review: {threshold: 100, sample-one-in: 100, required: true}
            allowed-files: []
            images: {uniform-fraction: 0.950}
            tables: {l: 2, k: 5, sensitive: [], quasi-identifiers: []}
            private-elements: []
            uid-roots: []
            dummy-values: [ANONYMOUS, ANONYMOUS]
            pseudonym-pattern: "^AIDA-[0-9]{4}-[0-9]{4}$"   # same pattern, other quotes
            pseudonym-format: "AIDA-{n:4}-{n:4}"
            options: [retain-device-identity, retain-patient-characteristics,
                      retain-longitudinal-modified-dates, clean-descriptors]
            table: "PS3.15 Table E.1-1 2024b + rows to 2026d"
            """
        let profile = try Profile(yaml: reordered)
        #expect(profile.canonicalJSON == Profile.default.canonicalJSON)
        #expect(profile.hash == Profile.default.hash)
    }

    @Test func minimalProfileGetsTheDefaultsWrittenOut() throws {
        let minimal = """
            table: PS3.15 Table E.1-1 2024b + rows to 2026d
            options: [clean-descriptors, retain-longitudinal-modified-dates, retain-patient-characteristics, retain-device-identity]
            pseudonym-pattern: '^AIDA-[0-9]{4}-[0-9]{4}$'
            """
        #expect(try Profile(yaml: minimal).hash == Profile.default.hash)
    }

    @Test func everySettingChangesTheHash() throws {
        var changed = Profile.default
        changed.options.remove(.retainDeviceIdentity)
        #expect(changed.hash != Profile.default.hash)
        changed = Profile.default
        changed.privateElements = [.init(creator: "GEMS_IDEN_01", element: 1, group: 9, reason: "scanner id")]
        #expect(changed.hash != Profile.default.hash)
        changed = Profile.default
        changed.tables.k = 6
        #expect(changed.hash != Profile.default.hash)
        changed = Profile.default
        changed.pseudonymFormat = "AIDA-{n:2}{n:2}-{n:4}"  // same pseudonyms, other text: other meaning
        #expect(changed.hash != Profile.default.hash)
        changed.pseudonymFormat = nil
        #expect(changed.hash != Profile.default.hash)
    }

    @Test func canonicalFormIsPinned() {
        // Docs/gate.md documents this form; a change here changes every dataset's hash.
        #expect(
            Profile.default.canonicalJSON
                == #"{"allowed-files":[],"dummy-values":["ANONYMOUS"],"images":{"denied-sop-classes":["1.2.840.10008.5.1.4.1.1.104.1","1.2.840.10008.5.1.4.1.1.7","1.2.840.10008.5.1.4.1.1.7.1","1.2.840.10008.5.1.4.1.1.7.2","1.2.840.10008.5.1.4.1.1.7.3","1.2.840.10008.5.1.4.1.1.7.4","1.2.840.10008.5.1.4.1.1.88.67","1.2.840.10008.5.1.4.1.1.88.68"],"uniform-fraction":0.95},"options":["clean-descriptors","retain-device-identity","retain-longitudinal-modified-dates","retain-patient-characteristics"],"private-elements":[],"pseudonym-format":"AIDA-{n:4}-{n:4}","pseudonym-pattern":"^AIDA-[0-9]{4}-[0-9]{4}$","review":{"required":true,"sample-one-in":100,"threshold":100},"table":"PS3.15 Table E.1-1 2024b + rows to 2026d","tables":{"k":5,"l":2,"quasi-identifiers":[],"sensitive":[]},"uid-roots":[]}"#
        )
        // The hash is the form's SHA-256: pinned too, since commits record it. It changed
        // from sha256:6c70cf00… when pseudonym-format was added.
        #expect(
            Profile.default.hash == "sha256:58948be083c7a7cfb13c254ae1d9a053737480b9c652d491d4dd797e981a38f3")
    }

    static let base = """
        table: PS3.15 Table E.1-1 2024b + rows to 2026d
        options: [clean-descriptors]
        pseudonym-pattern: '^P[0-9]+$'

        """

    static let invalid: [(String, Int?, String, String)] = [
        ("opitons: []\n", 4, "opitons", "unknown setting"),
        ("review: {required: maybe}\n", 4, "review.required", "true or false"),
        ("tables: {k: 1}\n", 4, "tables.k", "whole number"),
        ("uid-roots: [1.2.752.01]\n", 4, "uid-roots[0]", "not a UID root"),
        ("uid-roots: ['2.25']\n", 4, "uid-roots[0]", "not a UID root"),
        (
            "private-elements:\n  - {creator: X, element: 300, reason: r}\n", 5, "private-elements[0].element",
            "0x00 to 0xFF"
        ),
        (
            "private-elements:\n  - {creator: X, element: 0x10, group: 0x0010, reason: r}\n", 5,
            "private-elements[0].group", "odd"
        ),
        ("private-elements:\n  - {creator: X, element: 0x10}\n", 5, "private-elements[0].reason", "missing"),
        ("images: {uniform-fraction: 1.5}\n", 4, "images.uniform-fraction", "at most 1"),
        ("pseudonym-format: 'P{n:5}'\n", 4, "pseudonym-format", "at least 6"),
        ("pseudonym-format: 'P{n:4}{x:4}'\n", 4, "pseudonym-format", "not a digit group"),
        ("pseudonym-format: 'P{n:8'\n", 4, "pseudonym-format", "without its"),
        ("pseudonym-format: 'Q{n:8}'\n", 4, "pseudonym-format", "does not match"),
        ("allowed-files: &a [{pattern: x, reason: y}]\nreview: *a\n", 4, "", "anchors and aliases"),
        (
            "allowed-files: [{pattern: '*.nii.gz', reason: '&c'}]  # a * in a comment\nopitons: 1\n", 5, "opitons",
            "unknown"
        ),
    ]

    @Test(
        "invalid settings name the line and the field",
        arguments: 0..<invalid.count)
    func invalidSetting(_ index: Int) throws {
        let (extra, line, field, message) = Self.invalid[index]
        do {
            _ = try Profile(yaml: Self.base + extra, file: "p.yaml")
            Issue.record("accepted: \(extra)")
        } catch let error as ProfileError {
            #expect(error.file == "p.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.field == field, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func pseudonymFormatDefaultsOnlyWhereItMatchesThePattern() throws {
        // A custom pattern with no format: the gate still works; anonymizing needs a format.
        let custom = try Profile(yaml: Self.base)
        #expect(custom.pseudonymFormat == nil)
        #expect(custom.canonicalJSON.contains(#""pseudonym-format":null"#))
        let matching = try Profile(yaml: Self.base + "pseudonym-format: 'P{n:8}'\n")
        #expect(matching.pseudonymFormat == "P{n:8}")
    }

    @Test func wrongEditionUnknownOptionAndBadPatternAreRefused() {
        let cases = [
            ("table: PS3.15 2019a\noptions: []\npseudonym-pattern: x\n", "table"),
            (
                "table: PS3.15 Table E.1-1 2024b + rows to 2026d\noptions: [keep-everything]\npseudonym-pattern: x\n",
                "options[0]"
            ),
            (
                "table: PS3.15 Table E.1-1 2024b + rows to 2026d\noptions: []\npseudonym-pattern: '(['\n",
                "pseudonym-pattern"
            ),
            ("table: PS3.15 Table E.1-1 2024b + rows to 2026d\noptions: []\n", "pseudonym-pattern"),
            ("table: PS3.15 Table E.1-1 2024b + rows to 2026d\noptions: []\noptions: []\npseudonym-pattern: x\n", ""),
        ]
        for (text, field) in cases {
            #expect(throws: ProfileError.self) { try Profile(yaml: text) }
            do { _ = try Profile(yaml: text) } catch let error as ProfileError {
                #expect(error.field == field, "\(error)")
            } catch { Issue.record("\(error)") }
        }
    }
}
