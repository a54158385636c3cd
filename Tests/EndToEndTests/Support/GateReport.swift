/// The JSON report of `aida check --json` and of a refused `aida commit --json`.
struct GateReport: Decodable {
    struct Finding: Decodable {
        let file: String
        let path: String
        let rule: String
        let message: String
        let value: String
    }
    /// Only `aida commit`'s report says it.
    let refused: Bool?
    let files: Int
    let cached: Int
    let findings: [Finding]
    /// Only `aida check`'s report lists them.
    let notChecked: [String]?
}
