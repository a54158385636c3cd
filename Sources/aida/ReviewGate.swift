import Anonymity
import Foundation
import Repository

/// The review rule at `aida commit` (Docs/gate.md, "Review sampling").
///
/// A sign-off whose seed matches the staged files adds `Reviewed-By:` and `Review-Sample:`
/// (and `Review-Note:`) trailers; a sign-off for other content refuses the commit. Without
/// one, a profile with `review.required` refuses a commit adding `review.threshold` or more
/// examinations. Headers are read only when the number of possible DICOM files could reach
/// the threshold, and only until it is reached.
struct ReviewGate {
    /// Trailers to add to the commit.
    let trailers: [CommitInfo.Trailer]

    static func beforeCommit(_ dataset: Dataset) throws -> ReviewGate {
        let (profile, profileName) = try ReviewRecords.profile(of: dataset)
        let rules = profile.review
        if let signOff = try ReviewRecords.read(ReviewSignOff.self, at: ReviewRecords.signOffPath(dataset)) {
            guard signOff.seed == (try StagedExaminations(dataset)).seed else {
                throw Failure(
                    message: """
                        the review sign-off by \(signOff.reviewer) (\(signOff.signedAt)) is for other staged \
                        content: files were staged or changed after `aida review sample`. Run `aida review sample` \
                        again, review the new sample, then `aida review sign` (a new sample also drops the old \
                        sign-off)
                        """, code: 1)
            }
            guard signOff.sampleOneIn == rules.sampleOneIn else {
                throw Failure(
                    message: """
                        the review sign-off sampled one examination in \(signOff.sampleOneIn) but the profile \
                        (\(profileName)) now says one in \(rules.sampleOneIn): run `aida review sample` and \
                        `aida review sign` again
                        """, code: 1)
            }
            return ReviewGate(trailers: signOff.trailers)
        }
        guard rules.required else { return ReviewGate(trailers: []) }
        var staged = try StagedExaminations(dataset)
        guard staged.candidates.count >= rules.threshold else { return ReviewGate(trailers: []) }
        try staged.scan(dataset, limit: rules.threshold)
        guard staged.count >= rules.threshold else { return ReviewGate(trailers: []) }
        let counted = staged.complete ? "\(staged.count)" : "at least \(staged.count)"
        throw Failure(
            message: """
                this commit adds \(counted) examinations (DICOM studies), and the profile (\(profileName)) \
                requires a human review of one in \(rules.sampleOneIn) for commits adding \(rules.threshold) or \
                more: run `aida review sample`, read every element it lists, then `aida review sign`
                """, code: 1)
    }

    /// After the commit: a sign-off is in its trailers now, and any sample was of content
    /// that is committed (or of content staged before that); both removed.
    func committed(_ dataset: Dataset) {
        ReviewRecords.remove(ReviewRecords.samplePath(dataset))
        ReviewRecords.remove(ReviewRecords.signOffPath(dataset))
    }
}
