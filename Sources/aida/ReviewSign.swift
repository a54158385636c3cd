import ArgumentParser
import Foundation
import Repository

struct ReviewSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Record that a person reviewed the sample; the next commit carries it.",
        discussion: """
            Signs the sample `aida review sample` took, if the staged content is still
            exactly what was sampled; otherwise sample (and review) again. The sign-off
            waits in .git/aida/review-signoff.json, and the next `aida commit` adds it as
            the trailers `Reviewed-By: <name> <email>`, `Review-Sample: <k> of <n>
            examinations (seed <hex>)` and, with --note, `Review-Note:`.

            The reviewer is --reviewer, else GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, else
            git's user.name and user.email.

            Exit status: 0 signed, 1 no sample or the staged content changed since it was
            taken, 2 usage error or failure.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    @Option(help: ArgumentHelp("Who reviewed, as 'Name <email>' (default: your git identity).", valueName: "NAME"))
    var reviewer: String?

    @Option(help: "A one-line note on the review, recorded as the Review-Note trailer.")
    var note: String?

    func validate() throws {
        for (name, value) in [("--reviewer", reviewer), ("--note", note)] {
            guard let value else { continue }
            if value.trimmingCharacters(in: .whitespaces).isEmpty || value.contains(where: \.isNewline) {
                throw ValidationError("\(name) must be one non-empty line")
            }
        }
    }

    func run() throws {
        let dataset = try global.openDataset()
        guard let sample = try ReviewRecords.read(ReviewSampleRecord.self, at: ReviewRecords.samplePath(dataset)) else {
            throw Failure(message: "no review sample to sign: run `aida review sample` and review it first", code: 1)
        }
        let staged = try StagedExaminations(dataset)
        guard sample.seed == staged.seed else {
            throw Failure(
                message: """
                    the staged content changed since the sample was taken (seed \(sample.seed.prefix(12)), now \
                    \(staged.seed.prefix(12))): run `aida review sample` again and review the new sample
                    """, code: 1)
        }
        let (profile, profileName) = try ReviewRecords.profile(of: dataset)
        guard profile.review.sampleOneIn == sample.sampleOneIn else {
            throw Failure(
                message: """
                    the sample took one examination in \(sample.sampleOneIn) but the profile (\(profileName)) \
                    now says one in \(profile.review.sampleOneIn): run `aida review sample` again
                    """, code: 1)
        }
        let signOff = ReviewSignOff(
            seed: sample.seed, reviewer: try reviewer?.trimmingCharacters(in: .whitespaces) ?? Self.identity(dataset),
            signedAt: ReviewRecords.now(), note: note?.trimmingCharacters(in: .whitespaces),
            sampleOneIn: sample.sampleOneIn, examinations: sample.examinations, sampled: sample.sampled.map(\.study))
        let path = ReviewRecords.signOffPath(dataset)
        if let old = try ReviewRecords.read(ReviewSignOff.self, at: path), old.seed == signOff.seed {
            Output.note("replaces the sign-off by \(old.reviewer) (\(old.signedAt))")
        }
        try ReviewRecords.write(signOff, to: path)
        if output.json { return try Output.json(signOff) }
        let summary = StagedExaminations.summary(
            sampled: signOff.sampled.count, of: signOff.examinations, seed: signOff.seed)
        Output.line("signed: review of \(summary) by \(signOff.reviewer)")
        Output.note("the next `aida commit` records it; staging anything else first voids it")
    }

    /// `Name <email>` from the environment or git's configuration, as a commit's author.
    static func identity(_ dataset: Dataset) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let configured = dataset.git.configuredIdentity()
        guard let name = environment["GIT_AUTHOR_NAME"] ?? configured?.name,
            let email = environment["GIT_AUTHOR_EMAIL"] ?? configured?.email
        else {
            throw Failure(
                message: "who reviewed? give --reviewer 'Name <email>' or set git's user.name and user.email", code: 2)
        }
        return "\(name) <\(email)>"
    }
}
