import Testing

@testable import Repository

@Suite struct CommitMessageTests {
    typealias T = CommitInfo.Trailer

    @Test func trailersFormANewParagraph() throws {
        let text = try Dataset.composeMessage("Add scans\n\n", trailers: [T(key: "License", value: "LicenseRef-AIDA")])
        #expect(text == "Add scans\n\nLicense: LicenseRef-AIDA\n")
        #expect(GitRepository.trailers(of: text) == [T(key: "License", value: "LicenseRef-AIDA")])
    }

    @Test func trailersJoinAnExistingTrailerBlock() throws {
        let text = try Dataset.composeMessage(
            "Add scans\n\nAuthor: A", trailers: [T(key: "Author", value: "B"), T(key: "License", value: "X")])
        #expect(text == "Add scans\n\nAuthor: A\nAuthor: B\nLicense: X\n")
        #expect(GitRepository.trailers(of: text).map(\.value) == ["A", "B", "X"])
    }

    @Test func noTrailersKeepsTheMessage() throws {
        #expect(try Dataset.composeMessage("One line", trailers: []) == "One line\n")
    }

    @Test(arguments: ["Bad Key", "", "Key:", "Ключ"])
    func invalidKeysAreRefused(key: String) {
        #expect(throws: DatasetError.self) { try Dataset.composeMessage("m", trailers: [T(key: key, value: "v")]) }
    }

    @Test func multilineOrEmptyValuesAreRefused() {
        #expect(throws: DatasetError.self) { try Dataset.composeMessage("m", trailers: [T(key: "K", value: "a\nb")]) }
        #expect(throws: DatasetError.self) { try Dataset.composeMessage("m", trailers: [T(key: "K", value: "  ")]) }
    }

    @Test func emptyMessageIsRefused() {
        #expect(throws: DatasetError.self) { try Dataset.composeMessage(" \n\n", trailers: []) }
    }
}
