import Anonymity
import Dispatch
import Foundation
import Repository

/// The gate over many files, with the verdict cache: every key looked up at once, the
/// misses checked on every core, their verdicts stored in one transaction. Shared by
/// `aida check` and `aida commit`, so both judge alike.
struct GateRun {
    /// One file to judge: its name in reports, where its bytes are, and the cache key of
    /// those bytes (nil: not cacheable). `settled`: the key cannot describe bytes that
    /// changed while they were being read.
    struct Item {
        let name: String
        let path: String
        let key: String?
        var settled = true
    }

    let gate: Gate
    let cache: VerdictCache?

    init(gate: Gate, cache: VerdictCache?) {
        self.gate = gate
        self.cache = cache
    }

    /// Findings per item, in order, and how many verdicts came from the cache.
    func run(_ items: [Item]) -> (findings: [[Finding]], cached: Int) {
        let profile = gate.profile.hash
        let keys = items.compactMap(\.key)
        let known = cache?.lookup(keys, profile: profile) ?? [:]
        let slots = ResultSlots<[Finding]>(count: items.count)
        var misses: [Int] = []
        for (index, item) in items.enumerated() {
            if let key = item.key, let findings = known[key] {
                slots.set(index, findings.map { $0.named(item.name) })
            } else {
                misses.append(index)
            }
        }
        let work = misses
        DispatchQueue.concurrentPerform(iterations: work.count) { position in
            let item = items[work[position]]
            slots.set(work[position], gate.check(path: item.path, name: item.name))
        }
        let results = slots.values.map { $0 ?? [] }
        if let cache {
            let fresh = misses.compactMap { index -> (key: String, findings: [Finding])? in
                guard let key = items[index].key, items[index].settled else { return nil }
                return (key, results[index])
            }
            do { try cache.store(fresh, profile: profile) } catch { Output.note("verdict cache not updated: \(error)") }
        }
        return (results, items.count - misses.count)
    }

    /// One finding on one line: where, which rule, why, and the masked value.
    static func describe(_ finding: Finding) -> String {
        let value = finding.value.isEmpty ? "" : " [\(finding.value)]"
        let place = finding.path.isEmpty ? finding.file : "\(finding.file): \(finding.path)"
        return "\(place): \(Output.color(finding.rule, "31")): \(finding.message)\(value)"
    }

    /// The cache: the dataset's `.git/aida/verdicts.sqlite`, else the user's
    /// `$XDG_CACHE_HOME/aida/verdicts.sqlite` (`~/.cache/…`). Nil, with a note, when it
    /// cannot be opened: then every file is checked.
    static func openCache(dataset: Dataset?) -> VerdictCache? {
        let environment = ProcessInfo.processInfo.environment
        let path: String
        if let dataset {
            path = dataset.git.gitdir + "aida/verdicts.sqlite"
        } else if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            path = xdg + "/aida/verdicts.sqlite"
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            path = home + "/.cache/aida/verdicts.sqlite"
        } else {
            return nil
        }
        do { return try VerdictCache(path: path) } catch {
            Output.note("verdict cache \(path) not used: \(error)")
            return nil
        }
    }
}
