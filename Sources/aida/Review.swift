import ArgumentParser

/// `aida review …`: the policy's sampling for human review.
struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Sample staged examinations for human review and sign the review.",
        discussion: """
            The AIDA policy (Appendix 3) has one examination in every 100 selected for a
            complete review of all its DICOM data by a person, to confirm that the
            anonymization still works and that nothing new (a vendor's private text, a
            technician's comment) slipped into the elements kept.

            An examination is a DICOM study (Study Instance UID) among the staged files.
            The sample is fixed by the staged content: a seed hashed from every staged
            file's path and content id ranks the examinations, and the first
            ⌈n/sample-one-in⌉ are taken. Sampling again without changes gives the same
            sample; staging anything draws a new one.

            `aida review sample` lists every file and every element of the sampled
            examinations; `aida review sign` records that a person read them. The next
            `aida commit` carries the sign-off as trailers:

              Reviewed-By: Jane Doe <jane@example.org>
              Review-Sample: 1 of 6 examinations (seed 3f2a9c0d41b7)

            Where the profile has `review: {required: true}` (the default), a commit
            adding `review.threshold` (default 100) or more examinations is refused
            without a sign-off for exactly its staged content, and so is any commit whose
            staged content changed after the sign-off.

            Examples:
              aida add scans/
              aida review sample | less          # read every element of the sample
              aida review sign --note "no findings"
              aida commit -m "Export 2026-11"
              git log -1 --format='%(trailers)'
            """,
        subcommands: [ReviewSample.self, ReviewSign.self])
}
