import Foundation

/// Associated tables (CSV, TSV): every cell through the free-text checks, then
/// k-anonymity over the quasi-identifier columns and l-diversity of the sensitive
/// ones, as the profile sets them (or, without a declaration, by column name).
struct TableCheck {
    let profile: Profile

    /// Column names (lower-cased words) taken as quasi-identifiers or sensitive when the
    /// profile declares none: the usual re-identification keys and the findings.
    static let quasiIdentifierWords = [
        "age", "ålder", "sex", "gender", "kön", "birth", "born", "födelse", "postcode", "zip", "postnummer",
        "municipality", "kommun", "date", "datum", "height", "längd", "weight", "vikt",
    ]
    static let sensitiveWords = ["diagnosis", "diagnos", "finding", "findings", "fynd"]

    func check(text: String, delimiter: Character, file: String) -> [Finding] {
        let table: DelimitedTable
        do {
            table = try DelimitedTable(text: text, delimiter: delimiter)
        } catch {
            return [Finding(file: file, path: "", rule: "unreadable", message: "not a readable table: \(error)")]
        }
        var findings: [Finding] = []
        let check = TextCheck()
        for (rowIndex, row) in table.rows.enumerated() {
            for (column, cell) in row.enumerated() where !cell.isEmpty {
                for match in check.matches(in: cell) {
                    let name = column < table.header.count ? table.header[column] : "column \(column + 1)"
                    findings.append(
                        Finding(
                            file: file, path: "row \(rowIndex + 2), \(name)", rule: match.rule,
                            message: "\(HeaderCheck.ruleNames[match.rule] ?? match.rule) in a cell",
                            value: Finding.mask(match.text)))
                }
            }
        }
        let quasi = columns(table.header, declared: profile.tables.quasiIdentifiers, words: Self.quasiIdentifierWords)
        let sensitive = columns(table.header, declared: profile.tables.sensitive, words: Self.sensitiveWords)
        guard !quasi.isEmpty, !table.rows.isEmpty else { return findings }
        var classes: [[String]: [Int]] = [:]
        for (index, row) in table.rows.enumerated() {
            classes[quasi.map { $0 < row.count ? row[$0] : "" }, default: []].append(index)
        }
        let names = quasi.map { table.header[$0] }.joined(separator: ", ")
        let small = classes.filter { $0.value.count < profile.tables.k }
        if !small.isEmpty {
            let rows = small.values.reduce(0) { $0 + $1.count }
            let smallest = small.values.map(\.count).min() ?? 0
            findings.append(
                Finding(
                    file: file, path: "columns \(names)", rule: "k-anonymity",
                    message:
                        "\(rows) of \(table.rows.count) rows are in \(small.count) classes smaller than k=\(profile.tables.k) (smallest: \(smallest))"
                ))
        }
        for column in sensitive {
            let poor = classes.values.filter { members in
                Set(members.map { column < table.rows[$0].count ? table.rows[$0][column] : "" }).count
                    < profile.tables.l
            }
            if !poor.isEmpty {
                findings.append(
                    Finding(
                        file: file, path: "column \(table.header[column])", rule: "l-diversity",
                        message:
                            "\(poor.count) classes over \(names) have fewer than l=\(profile.tables.l) distinct values")
                )
            }
        }
        return findings
    }

    /// The declared columns, or those whose name has one of the words.
    func columns(_ header: [String], declared: [String], words: [String]) -> [Int] {
        if !declared.isEmpty {
            let wanted = Set(declared.map { $0.lowercased() })
            return header.indices.filter { wanted.contains(header[$0].lowercased()) }
        }
        return header.indices.filter { index in
            let parts = header[index].lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
            return parts.contains { part in words.contains { part.hasPrefix($0) } }
        }
    }
}
