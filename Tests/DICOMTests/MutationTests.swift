import Dispatch
import Foundation
import Testing

@testable import DICOM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Mutation testing of the parser (Docs/dicom.md, Fuzzing): 10,000 deterministic
/// mutants of real files (pydicom's test files, and pydicom-data's and deid-data's
/// when installed), each parsed with the default and the headers-only options and,
/// when it parses, rendered to DICOM JSON and to the text dump, which decode every value,
/// and written back with ``DICOMWriter``, whose output must parse again.
///
/// A crash kills the test process: that is the failure signal, and a signal handler
/// first prints which mutant it was and how to reproduce it. Every mutant must take
/// under 2 s, every error must be a ``DICOMError``, and the process's peak RSS must
/// stay under 512 MiB.
///
/// Environment: `AIDA_MUTATION_SEED` (decimal or 0x hex), `AIDA_MUTANTS` (count),
/// `AIDA_MUTATION_WORKERS`, `AIDA_MUTATION_ONLY` (one mutant's index, to reproduce it)
/// with `AIDA_MUTATION_SAVE` (a folder to write that mutant to), `PYDICOM_TEST_FILES`
/// (pydicom's test_files folder), `AIDA_MUTATION_CORPUS` (more folders, colon-separated).
@Suite("DICOM: parser mutation run")
struct MutationTests {
    static let defaultSeed: UInt64 = 0xA1DA_D1C0_2025
    static let defaultMutants = 10_000
    /// Files larger than this are left out: mutants of pixel data teach little and
    /// cost a debug build's base64 and text loops much time.
    static let maxSeedFileSize = 1 << 20
    static let maxSeedFiles = 400
    static let perMutantLimit: Duration = .seconds(2)
    static let rssLimitBytes = 512 << 20

    @Test("10,000 mutants of the corpus: no crash, no mutant over 2 s, peak RSS under 512 MiB")
    func mutants() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["AIDA_MUTATION_SEED"].flatMap(Self.parseSeed) ?? Self.defaultSeed
        let count = environment["AIDA_MUTANTS"].flatMap { Int($0) } ?? Self.defaultMutants
        let corpus = MutationCorpus.load(environment: environment)
        guard !corpus.seeds.isEmpty else {
            Issue.record(
                "no corpus: install pydicom (.ci/setup does), or set PYDICOM_TEST_FILES or AIDA_MUTATION_CORPUS")
            return
        }
        let indices: [Int]
        if let only = environment["AIDA_MUTATION_ONLY"].flatMap({ Int($0) }) {
            indices = [only]
        } else {
            indices = Array(0..<count)
        }
        let workers = max(
            1,
            min(
                environment["AIDA_MUTATION_WORKERS"].flatMap { Int($0) }
                    ?? min(2, ProcessInfo.processInfo.activeProcessorCount), 16))
        CrashReporter.install(seed: seed, corpus: corpus)
        let memory = MutationPeakMemory.start()

        let started = ContinuousClock.now
        let tallies = TallyCollector()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var tally = MutationTally()
            var position = worker
            while position < indices.count {
                let index = indices[position]
                let (mutant, seedIndex, operations) = Mutator.mutant(index, seed: seed, corpus: corpus)
                if let folder = environment["AIDA_MUTATION_SAVE"], indices.count == 1 {
                    let path = folder + "/mutant-\(index).dcm"
                    _ = FileManager.default.createFile(atPath: path, contents: Data(mutant))
                    print(
                        "mutation: wrote \(path) (\(corpus.seeds[seedIndex].name); \(operations.joined(separator: ", ")))"
                    )
                }
                CrashReporter.enter(worker: worker, mutant: index, seedFile: seedIndex)
                let outcome = MutationRun.run(mutant)
                CrashReporter.leave(worker: worker)
                tally.add(
                    outcome, mutant: index, seedName: corpus.seeds[seedIndex].name, size: mutant.count,
                    operations: operations)
                position += workers
            }
            tallies.add(tally)
        }
        let elapsed = ContinuousClock.now - started
        CrashReporter.uninstall()
        let total = tallies.total

        let peakRSS = memory.peak()

        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            total.summary(
                seed: seed, corpus: corpus, workers: workers, seconds: seconds, peakRSS: peakRSS))

        #expect(total.mutants == indices.count)
        #expect(total.problems.isEmpty, "\(total.problems.prefix(20).joined(separator: "\n"))")
        #expect(
            total.slowest.duration < Self.perMutantLimit,
            "mutant \(total.slowest.mutant) (of \(total.slowest.seedName)) took \(total.slowest.duration); reproduce with AIDA_MUTATION_SEED=\(seed) AIDA_MUTATION_ONLY=\(total.slowest.mutant)"
        )
        #expect(
            peakRSS.bytes < Self.rssLimitBytes,
            "peak RSS \(peakRSS.bytes >> 20) MiB (\(peakRSS.how)); largest data set source \(total.largestInflated) bytes, JSON \(total.largestJSON), dump \(total.largestDump)"
        )
        #expect(total.largestInflated <= ParseOptions.default.maxInflatedSize)
    }

    static func parseSeed(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
        return UInt64(text)
    }
}

// MARK: - One mutant's run

/// What one mutant did: each parse's result and the work done on it.
struct MutationOutcome {
    /// "ok" or the DICOMError code, for the default and the headers-only options.
    var full = ""
    var headers = ""
    var duration: Duration = .zero
    /// Largest data set source (the inflated data set of a Deflated file).
    var source = 0
    var jsonBytes = 0
    var dumpBytes = 0
    /// Parsed mutants that DICOMWriter wrote back (each then parsed again).
    var written = 0
    var problems: [String] = []
}

enum MutationRun {
    static func run(_ bytes: [UInt8]) -> MutationOutcome {
        var outcome = MutationOutcome()
        let started = ContinuousClock.now
        outcome.full = parse(bytes, options: .default, into: &outcome)
        outcome.headers = parse(bytes, options: .headersOnly, into: &outcome)
        outcome.duration = ContinuousClock.now - started
        // Headers-only reads a prefix of what the full parse reads, with fewer checks.
        if outcome.full == "ok" && outcome.headers != "ok" {
            outcome.problems.append("the full parse succeeds but headers-only fails with \(outcome.headers)")
        }
        return outcome
    }

    static func parse(_ bytes: [UInt8], options: ParseOptions, into outcome: inout MutationOutcome) -> String {
        do {
            let file = try DICOMFile(bytes: bytes, options: options)
            outcome.source = max(outcome.source, file.source.count)
            let json = DICOMJSONEncoder().encode(file)
            let dump = TextDump().render(file)
            outcome.jsonBytes = max(outcome.jsonBytes, json.utf8.count)
            outcome.dumpBytes = max(outcome.dumpBytes, dump.utf8.count)
            // What the writer writes must read back (it may refuse a file, with an error).
            if !options.stopBeforePixelData, let written = try? DICOMWriter().write(file) {
                outcome.written += 1
                do {
                    _ = try DICOMFile(bytes: written, options: .default)
                } catch {
                    outcome.problems.append("the file DICOMWriter wrote does not parse: \(error)")
                }
            }
            return "ok"
        } catch let error as DICOMError {
            _ = error.description
            return error.code
        } catch {
            outcome.problems.append("not a DICOMError: \(type(of: error)) \(error)")
            return "other-error"
        }
    }
}

/// The workers' tallies, merged under a lock as each worker finishes.
final class TallyCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var merged = MutationTally()

    func add(_ tally: MutationTally) { lock.withLock { merged = merged.merged(tally) } }

    var total: MutationTally { lock.withLock { merged } }
}

struct MutationTally {
    var mutants = 0
    var fullOK = 0
    var headersOK = 0
    var codes: [String: Int] = [:]
    var slowest: (duration: Duration, mutant: Int, seedName: String) = (.zero, -1, "")
    var totalDuration: Duration = .zero
    var largestMutant = 0
    var largestInflated = 0
    var largestJSON = 0
    var largestDump = 0
    var written = 0
    var problems: [String] = []
    /// Per operation: mutants it took part in, and how many of those parsed.
    var operations: [String: (used: Int, parsed: Int)] = [:]

    mutating func add(_ outcome: MutationOutcome, mutant: Int, seedName: String, size: Int, operations used: [String]) {
        mutants += 1
        for operation in Set(used) {
            let before = operations[operation] ?? (0, 0)
            operations[operation] = (before.used + 1, before.parsed + (outcome.full == "ok" ? 1 : 0))
        }
        if outcome.full == "ok" { fullOK += 1 } else { codes[outcome.full, default: 0] += 1 }
        if outcome.headers == "ok" { headersOK += 1 }
        if outcome.duration > slowest.duration { slowest = (outcome.duration, mutant, seedName) }
        totalDuration += outcome.duration
        largestMutant = max(largestMutant, size)
        largestInflated = max(largestInflated, outcome.source)
        largestJSON = max(largestJSON, outcome.jsonBytes)
        largestDump = max(largestDump, outcome.dumpBytes)
        written += outcome.written
        problems += outcome.problems.map { "mutant \(mutant) (of \(seedName)): \($0)" }
    }

    func merged(_ other: MutationTally) -> MutationTally {
        var result = self
        result.mutants += other.mutants
        result.fullOK += other.fullOK
        result.headersOK += other.headersOK
        result.codes.merge(other.codes, uniquingKeysWith: +)
        if other.slowest.duration > result.slowest.duration { result.slowest = other.slowest }
        result.totalDuration += other.totalDuration
        result.largestMutant = max(result.largestMutant, other.largestMutant)
        result.largestInflated = max(result.largestInflated, other.largestInflated)
        result.largestJSON = max(result.largestJSON, other.largestJSON)
        result.largestDump = max(result.largestDump, other.largestDump)
        result.written += other.written
        result.problems += other.problems
        result.operations.merge(other.operations) { ($0.used + $1.used, $0.parsed + $1.parsed) }
        return result
    }

    func summary(
        seed: UInt64, corpus: MutationCorpus, workers: Int, seconds: Double, peakRSS: (bytes: Int, how: String)
    ) -> String {
        let rate = seconds > 0 ? Double(mutants) / seconds : 0
        var lines = [
            "mutation: \(mutants) mutants of \(corpus.seeds.count) files (\(corpus.totalBytes >> 10) KiB; \(corpus.sources.joined(separator: ", "))), seed 0x\(String(seed, radix: 16)), \(workers) workers",
            "mutation: structure known (the seed parses) for \(corpus.seeds.filter { !$0.boundaries.isEmpty }.count) files",
            "mutation: \(String(format: "%.1f", seconds)) s, \(String(format: "%.0f", rate)) mutants/s; slowest mutant \(slowest.mutant) (of \(slowest.seedName)) \(slowest.duration)",
            "mutation: parsed \(fullOK) (default options), \(headersOK) (headers-only); refused \(mutants - fullOK); written back and re-read \(written)",
            "mutation: largest mutant \(largestMutant) bytes, largest data set source \(largestInflated) bytes, largest JSON \(largestJSON) bytes, largest dump \(largestDump) bytes, peak RSS \(peakRSS.bytes >> 20) MiB (\(peakRSS.how))",
        ]
        lines.append("mutation: refusals by error code:")
        for (code, count) in codes.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            lines.append("mutation:   \(code): \(count)")
        }
        lines.append("mutation: operations (mutants using it, of which parsed):")
        for (operation, counts) in operations.sorted(by: { $0.key < $1.key }) {
            lines.append("mutation:   \(operation): \(counts.used), \(counts.parsed)")
        }
        return lines.joined(separator: "\n")
    }
}

/// The process's peak resident memory during the run. On Linux the peak is reset
/// first (/proc/self/clear_refs 5), so tests that ran earlier in this process do not
/// count; tests running at the same time still do. Elsewhere: getrusage's lifetime peak.
struct MutationPeakMemory {
    let reset: Bool

    static func start() -> MutationPeakMemory {
        MutationPeakMemory(
            reset: (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil)
    }

    func peak() -> (bytes: Int, how: String) {
        if reset, let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        {
            return (kib * 1024, "VmHWM since the run began")
        }
        var usage = rusage()
        #if canImport(Darwin)
            getrusage(RUSAGE_SELF, &usage)
            return (Int(usage.ru_maxrss), "ru_maxrss of the process")  // bytes
        #else
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            return (Int(usage.ru_maxrss) * 1024, "ru_maxrss of the process")  // KiB
        #endif
    }
}

// MARK: - Corpus

/// One seed file with what its parse tells about it: where elements and items
/// start and where their length fields are, so mutations hit structure, not pixels.
struct MutationSeed {
    struct LengthField {
        let offset: Int
        let width: Int
        let bigEndian: Bool
    }

    let name: String
    let bytes: [UInt8]
    /// Element and item header offsets, sorted.
    var boundaries: [Int] = []
    /// Where a (0008,1140) element would be in tag order: before the first element
    /// above it in some data set. Nested sequences inserted there parse.
    var nestPoints: [Int] = []
    /// Values other than pixel data: mutating their bytes keeps the structure, so
    /// more mutants parse and reach the value decoders.
    var values: [Range<Int>] = []
    var lengthFields: [LengthField] = []
    /// The data set's byte order (for inserted tags and lengths).
    var bigEndian = false
    /// Explicit VR data set (for inserted element headers).
    var explicitVR = true
    /// Where the top-level pixel data starts, or the file's end: the headers lie before.
    var headerEnd: Int

    init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        headerEnd = bytes.count
        var options = ParseOptions.default
        options.checkPixelData = false
        guard
            let file = (try? DICOMFile(bytes: bytes, options: options))
                ?? (try? DICOMFile(bytes: bytes, options: .headersOnly))
        else { return }
        bigEndian = file.transferSyntax.isBigEndian
        guard file.offsetsAreFileOffsets else { return }
        explicitVR = DICOMReader.explicitVR(
            file.source, at: file.dataSetOffset, declared: file.transferSyntax.isExplicitVR)
        walk(file.meta, bigEndian: false)
        walk(file.dataSet, bigEndian: bigEndian)
        if let pixels = file.dataSet[.pixelData], let offset = pixels.offset {
            headerEnd = offset
        } else if file.stoppedBeforePixelData {
            headerEnd = min(bytes.count, file.dataSetOffset + 1)
        }
        boundaries.sort()
    }

    private mutating func walk(_ dataSet: DataSet, bigEndian: Bool) {
        if let next = dataSet.elements.first(where: { $0.tag > Mutator.nestTag }), let offset = next.offset,
            !dataSet.contains(Mutator.nestTag)
        {
            nestPoints.append(offset)
        }
        for element in dataSet.elements {
            guard let offset = element.offset, offset + 8 <= bytes.count else { continue }
            boundaries.append(offset)
            if let vr = VR(bytes: bytes[offset + 4], bytes[offset + 5]) {
                if vr.hasLongLength {
                    lengthFields.append(.init(offset: offset + 8, width: 4, bigEndian: bigEndian))
                } else {
                    lengthFields.append(.init(offset: offset + 6, width: 2, bigEndian: bigEndian))
                }
            } else {
                lengthFields.append(.init(offset: offset + 4, width: 4, bigEndian: bigEndian))
            }
            switch element.value {
            case .sequence(let items):
                // CP-246 (UN) sequence content is little endian whatever the syntax.
                let itemOrder = element.sourceVR == .UN ? false : bigEndian
                for item in items {
                    if let itemOffset = item.offset, itemOffset + 8 <= bytes.count {
                        boundaries.append(itemOffset)
                        lengthFields.append(.init(offset: itemOffset + 4, width: 4, bigEndian: itemOrder))
                    }
                    walk(item.dataSet, bigEndian: itemOrder)
                }
            case .encapsulated(let pixels):
                let start = pixels.value.range.lowerBound
                boundaries.append(start)
                lengthFields.append(.init(offset: start + 4, width: 4, bigEndian: bigEndian))
                for fragment in pixels.fragments where fragment.range.lowerBound >= 8 {
                    boundaries.append(fragment.range.lowerBound - 8)
                    lengthFields.append(.init(offset: fragment.range.lowerBound - 4, width: 4, bigEndian: bigEndian))
                }
                boundaries.append(pixels.value.range.upperBound)
            case .bytes(let value):
                if !value.isEmpty && element.tag != .pixelData { values.append(value.range) }
            }
        }
    }
}

struct MutationCorpus {
    var seeds: [MutationSeed] = []
    var sources: [String] = []
    var totalBytes: Int { seeds.reduce(0) { $0 + $1.bytes.count } }

    /// pydicom's test files, pydicom-data's and deid-data's files (found through
    /// python3), and any folder in AIDA_MUTATION_CORPUS; DICOM files only (a "DICM"
    /// prefix, or a bare data set that parses), small ones only, sorted by name.
    static func load(environment: [String: String]) -> MutationCorpus {
        var roots: [(label: String, path: String)] = []
        if let path = environment["PYDICOM_TEST_FILES"] {
            roots.append(("pydicom", path))
        }
        for (label, path) in pythonPackageFolders() where !(label == "pydicom" && !roots.isEmpty) {
            roots.append((label, path))
        }
        for path in (environment["AIDA_MUTATION_CORPUS"] ?? "").split(separator: ":") {
            roots.append((String(path), String(path)))
        }
        var corpus = MutationCorpus()
        var candidates: [(name: String, path: String)] = []
        for root in roots {
            guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { continue }
            var found = 0
            while let relative = enumerator.nextObject() as? String {
                let path = root.path + "/" + relative
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                    let size = attributes[.size] as? Int, size > 0, size <= MutationTests.maxSeedFileSize
                else { continue }
                candidates.append((root.label + ":" + relative, path))
                found += 1
            }
            if found > 0 { corpus.sources.append(root.label) }
        }
        candidates.sort { $0.name < $1.name }
        for candidate in candidates where corpus.seeds.count < MutationTests.maxSeedFiles {
            guard let data = FileManager.default.contents(atPath: candidate.path) else { continue }
            let bytes = [UInt8](data)
            let hasPrefix = bytes.count >= 132 && Array(bytes[128..<132]) == Array("DICM".utf8)
            guard hasPrefix || (try? DICOMFile(bytes: bytes, options: .headersOnly)) != nil else { continue }
            corpus.seeds.append(MutationSeed(name: candidate.name, bytes: bytes))
        }
        return corpus
    }

    /// Data folders of the Python packages that ship DICOM files, when installed.
    static func pythonPackageFolders() -> [(String, String)] {
        let script = """
            import importlib.util, os
            for name, sub in (("pydicom", "data/test_files"), ("data_store", "data"), ("deid_data", "data")):
                try:
                    spec = importlib.util.find_spec(name)
                except Exception:
                    spec = None
                if spec and spec.origin:
                    print(name + "\\t" + os.path.join(os.path.dirname(spec.origin), sub))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return [] }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let labels = ["pydicom": "pydicom", "data_store": "pydicom-data", "deid_data": "deid-data"]
        return String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (labels[String(parts[0])] ?? String(parts[0]), String(parts[1]))
        }
    }
}

// MARK: - Mutations

/// SplitMix64: small, fast, and the same sequence on every platform.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
}

enum Mutator {
    enum Operation: String, CaseIterable {
        case flipBits = "flip bits"
        case setBytes = "set bytes"
        case length = "overwrite a length"
        case truncate
        case duplicate = "duplicate a chunk"
        case delete = "delete a chunk"
        case delimiter = "insert item/delimiter tags"
        case nest = "insert nested sequences"
        case splice
        case retag = "overwrite a tag or VR"
        case text = "overwrite a value with text"
    }

    /// Referenced Image Sequence, the sequence the nesting mutation inserts.
    static let nestTag = Tag(0x0008_1140)

    /// Mutant `index` of `seed`: the same bytes on every run and in any order, so a
    /// failing index reproduces alone (AIDA_MUTATION_ONLY).
    static func mutant(_ index: Int, seed: UInt64, corpus: MutationCorpus) -> ([UInt8], Int, [String]) {
        var rng = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        _ = rng.next()
        let seedIndex = rng.below(corpus.seeds.count)
        let source = corpus.seeds[seedIndex]
        var bytes = source.bytes
        let roll = rng.below(100)
        let steps = roll < 60 ? 1 : roll < 90 ? 2 : 3
        var applied: [String] = []
        for _ in 0..<steps {
            let operation = rng.pick(Operation.allCases)
            apply(operation, to: &bytes, source: source, corpus: corpus, rng: &rng)
            applied.append(operation.rawValue)
        }
        return (bytes, seedIndex, applied)
    }

    static func apply(
        _ operation: Operation, to bytes: inout [UInt8], source: MutationSeed, corpus: MutationCorpus,
        rng: inout SplitMix64
    ) {
        switch operation {
        case .flipBits:
            for _ in 0..<(1 + rng.below(4)) where !bytes.isEmpty {
                let at = position(in: bytes, source: source, rng: &rng)
                bytes[at] ^= UInt8(1) << UInt8(rng.below(8))
            }
        case .setBytes:
            for _ in 0..<(1 + rng.below(8)) where !bytes.isEmpty {
                let at = position(in: bytes, source: source, rng: &rng)
                bytes[at] = rng.pick([0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE, 0x20, 0x5C, 0x1B, UInt8(rng.below(256))])
            }
        case .length:
            overwriteLength(&bytes, source: source, rng: &rng)
        case .truncate:
            guard !bytes.isEmpty else { return }
            var at = rng.chance(50) ? nearBoundary(bytes, source: source, rng: &rng) : rng.below(bytes.count)
            if rng.chance(20) { at = min(bytes.count, rng.below(160)) }
            bytes.removeSubrange(min(at, bytes.count)...)
        case .duplicate:
            guard !bytes.isEmpty else { return }
            let start =
                rng.chance(60)
                ? nearBoundary(bytes, source: source, rng: &rng) : position(in: bytes, source: source, rng: &rng)
            let length = min(bytes.count - start, 1 + rng.below(rng.chance(70) ? 64 : 2048))
            guard length > 0 else { return }
            let chunk = Array(bytes[start..<(start + length)])
            let copies = rng.chance(85) ? 1 : 2 + rng.below(30)
            let target = rng.chance(50) ? start + length : position(in: bytes, source: source, rng: &rng)
            for _ in 0..<copies { bytes.insert(contentsOf: chunk, at: min(target, bytes.count)) }
        case .delete:
            guard !bytes.isEmpty else { return }
            let start =
                rng.chance(50)
                ? nearBoundary(bytes, source: source, rng: &rng) : position(in: bytes, source: source, rng: &rng)
            let length = min(bytes.count - start, 1 + rng.below(rng.chance(60) ? 16 : 1024))
            bytes.removeSubrange(start..<(start + length))
        case .delimiter:
            let at =
                rng.chance(80)
                ? nearBoundary(bytes, source: source, rng: &rng, exact: true) : rng.below(bytes.count + 1)
            var inserted: [UInt8] = []
            for _ in 0..<(rng.chance(80) ? 1 : 2 + rng.below(16)) {
                let element: UInt16 = rng.pick([0xE000, 0xE00D, 0xE0DD, 0xE000, 0xE000])
                let length: UInt32 = rng.pick([
                    0, 0xFFFF_FFFF, 0xFFFF_FFFF, 8, UInt32(rng.below(64)) * 2,
                    UInt32(bytes.count - min(at, bytes.count)),
                ])
                inserted += encode16(0xFFFE, big: source.bigEndian) + encode16(element, big: source.bigEndian)
                inserted += encode32(length, big: source.bigEndian)
            }
            bytes.insert(contentsOf: inserted, at: min(at, bytes.count))
        case .nest:
            // Sequences within items within sequences, undefined length, to reach the depth limit.
            let at =
                source.nestPoints.isEmpty || rng.chance(10)
                ? nearBoundary(bytes, source: source, rng: &rng, exact: true)
                : min(bytes.count, rng.pick(source.nestPoints))
            let depth = rng.pick([2, 10, 127, 128, 129, 200, 1 + rng.below(300)])
            let big = source.bigEndian
            var level: [UInt8] =
                encode16(UInt16(nestTag.rawValue >> 16), big: big)
                + encode16(UInt16(nestTag.rawValue & 0xFFFF), big: big)
            if source.explicitVR { level += Array("SQ".utf8) + [0, 0] }
            level += encode32(0xFFFF_FFFF, big: big)
            level += encode16(0xFFFE, big: big) + encode16(0xE000, big: big) + encode32(0xFFFF_FFFF, big: big)
            var inserted: [UInt8] = []
            for _ in 0..<depth { inserted += level }
            if rng.chance(50) {
                let close =
                    encode16(0xFFFE, big: big) + encode16(0xE00D, big: big) + encode32(0, big: big)
                    + encode16(0xFFFE, big: big) + encode16(0xE0DD, big: big) + encode32(0, big: big)
                for _ in 0..<depth { inserted += close }
            }
            bytes.insert(contentsOf: inserted, at: min(at, bytes.count))
        case .splice:
            let other = corpus.seeds[rng.below(corpus.seeds.count)]
            let cut = min(bytes.count, nearBoundary(bytes, source: source, rng: &rng, exact: rng.chance(70)))
            let from =
                other.bytes.isEmpty ? 0 : nearBoundary(other.bytes, source: other, rng: &rng, exact: rng.chance(70))
            bytes = Array(bytes[..<cut]) + Array(other.bytes[min(from, other.bytes.count)...])
        case .retag:
            let at = nearBoundary(bytes, source: source, rng: &rng, exact: true)
            if rng.chance(60) {
                guard at + 4 <= bytes.count else { return }
                let tags: [UInt32] = [
                    0x7FE0_0010, 0x0008_0005, 0x0002_0010, 0x0002_0000, 0x0028_0010, 0x0028_0011, 0x0028_0100,
                    0x0028_0008, 0x0028_0002, 0x0028_0103, 0x0028_0004, 0x0008_0000, 0x0009_0010, 0x0009_1010,
                    0x0029_1010, 0xFFFE_E000, 0xFFFE_E00D, 0xFFFE_E0DD, 0x0000_0000, 0xFFFF_FFFF, 0x0040_0275,
                    0x0028_1200, 0x0028_3006, 0x0010_0010, 0x0018_0015, UInt32(truncatingIfNeeded: rng.next()),
                ]
                let tag = rng.pick(tags)
                let encoded =
                    encode16(UInt16(tag >> 16), big: source.bigEndian)
                    + encode16(UInt16(tag & 0xFFFF), big: source.bigEndian)
                bytes.replaceSubrange(at..<(at + 4), with: encoded)
            } else {
                guard at + 6 <= bytes.count else { return }
                let vr: [UInt8] =
                    rng.chance(80)
                    ? Array(rng.pick(VR.allCases).rawValue.utf8)
                    : [UInt8(0x41 + rng.below(26)), UInt8(0x41 + rng.below(26))]
                bytes.replaceSubrange((at + 4)..<(at + 6), with: vr)
            }
        case .text:
            guard !bytes.isEmpty else { return }
            let tokens = [
                "ISO_IR 192", "ISO 2022 IR 87\\ISO 2022 IR 13", "ISO_IR 100", "GB18030", "ISO 2022 IR 149",
                "\\\\\\\\", "=", "^^^^=^^^^=^^^^", "-1", "+0", "1e308", "-1e309", "NaN", "inf", "99999999999999999999",
                "-9223372036854775808", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.4.50",
                "\u{1B}$B", "\u{1B}(J", "\u{1B}$)C\u{0E}", "\u{FF}\u{FE}\u{80}", "YBR_FULL_422", "1A", "\0\0",
            ]
            let token = Array(rng.pick(tokens).utf8)
            let base =
                source.values.isEmpty || rng.chance(20)
                ? nearBoundary(bytes, source: source, rng: &rng, exact: true) + rng.pick([8, 12, 8, 6])
                : rng.pick(source.values).lowerBound
            guard base < bytes.count else { return }
            let length = min(token.count, bytes.count - base)
            bytes.replaceSubrange(base..<(base + length), with: token[..<length])
        }
    }

    static func overwriteLength(_ bytes: inout [UInt8], source: MutationSeed, rng: inout SplitMix64) {
        guard bytes.count >= 4 else { return }
        var offset: Int
        var width: Int
        var big = source.bigEndian
        if !source.lengthFields.isEmpty && rng.chance(85) {
            let field = rng.pick(source.lengthFields)
            (offset, width, big) = (field.offset, field.width, field.bigEndian)
        } else {
            width = rng.chance(50) ? 2 : 4
            offset = position(in: bytes, source: source, rng: &rng) & ~1
        }
        if rng.chance(5) { big.toggle() }
        guard offset >= 0, offset + width <= bytes.count else { return }
        let current = Int(
            width == 2 ? UInt64(decode16(bytes, offset, big: big)) : UInt64(decode32(bytes, offset, big: big)))
        let remaining = bytes.count - offset - width
        let delta = rng.pick([1, 2, 3, 4, 7, 8, 12, -1, -2, -3, -4, -8])
        let candidates: [Int] = [
            0, 1, 2, 3, 2 * rng.below(64) + 1, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000,
            0xFFFF_FFFE, 0xFFFF_FFFF, 0xFFFF_FFFF, bytes.count, bytes.count + delta, remaining, remaining + delta,
            current + delta, current * 2, current / 2, Int(rng.next() & 0xFFFF_FFFF),
        ]
        let value = UInt64(bitPattern: Int64(rng.pick(candidates)))
        if width == 2 {
            bytes.replaceSubrange(offset..<(offset + 2), with: encode16(UInt16(truncatingIfNeeded: value), big: big))
        } else {
            bytes.replaceSubrange(offset..<(offset + 4), with: encode32(UInt32(truncatingIfNeeded: value), big: big))
        }
    }

    /// Mostly in the headers (before the pixel data): in an element's value, in an
    /// element's header, anywhere before the pixel data; sometimes anywhere.
    static func position(in bytes: [UInt8], source: MutationSeed, rng: inout SplitMix64) -> Int {
        guard !bytes.isEmpty else { return 0 }
        let roll = rng.below(100)
        if roll < 40, !source.values.isEmpty {
            let value = rng.pick(source.values)
            return min(bytes.count - 1, value.lowerBound + rng.below(value.count))
        }
        if roll < 60, !source.boundaries.isEmpty {
            return min(bytes.count - 1, rng.pick(source.boundaries) + rng.below(12))
        }
        if roll < 90 { return rng.below(min(bytes.count, max(1, source.headerEnd + 16))) }
        return rng.below(bytes.count)
    }

    /// An element or item boundary of the seed (clamped to the mutant), or a little after it.
    static func nearBoundary(_ bytes: [UInt8], source: MutationSeed, rng: inout SplitMix64, exact: Bool = false) -> Int
    {
        guard !source.boundaries.isEmpty else { return rng.below(bytes.count + 1) }
        let boundary = rng.pick(source.boundaries) + (exact ? 0 : rng.below(16))
        return min(boundary, bytes.count)
    }

    static func encode16(_ value: UInt16, big: Bool) -> [UInt8] {
        big ? [UInt8(value >> 8), UInt8(value & 0xFF)] : [UInt8(value & 0xFF), UInt8(value >> 8)]
    }

    static func encode32(_ value: UInt32, big: Bool) -> [UInt8] {
        let little = [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
        return big ? little.reversed() : little
    }

    static func decode16(_ bytes: [UInt8], _ offset: Int, big: Bool) -> UInt16 {
        let (a, b) = (UInt16(bytes[offset]), UInt16(bytes[offset + 1]))
        return big ? a << 8 | b : b << 8 | a
    }

    static func decode32(_ bytes: [UInt8], _ offset: Int, big: Bool) -> UInt32 {
        let values = (0..<4).map { UInt32(bytes[offset + $0]) }
        return big
            ? values[0] << 24 | values[1] << 16 | values[2] << 8 | values[3]
            : values[3] << 24 | values[2] << 16 | values[1] << 8 | values[0]
    }
}

// MARK: - Crash report

/// On a crash (a trap is SIGILL on x86-64, SIGTRAP on arm64; SIGSEGV, SIGBUS,
/// SIGABRT, SIGFPE), prints which mutant each worker was running and how to
/// reproduce it, then puts back the previous handler (Swift's backtracer) and
/// returns: the faulting instruction runs again and the process dies as it would have.
enum CrashReporter {
    static let slots = 16
    // Each worker writes its own slots; only the signal handler reads them.
    nonisolated(unsafe) static let running = UnsafeMutablePointer<Int>.allocate(capacity: slots * 2)
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    nonisolated(unsafe) static var seed: UInt64 = 0
    nonisolated(unsafe) static var seedNames: [UnsafeMutablePointer<CChar>] = []
    static let signals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]

    static func install(seed: UInt64, corpus: MutationCorpus) {
        running.initialize(repeating: -1, count: slots * 2)
        self.seed = seed
        seedNames = corpus.seeds.map { strdup($0.name)! }
        for signal in signals {
            var action = sigaction()
            #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = { CrashReporter.handle($0) }
            #else
                action.__sigaction_u.__sa_handler = { CrashReporter.handle($0) }
            #endif
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previous + Int(signal))
        }
    }

    /// Puts back the handlers found at install, so a later crash elsewhere is not blamed on a mutant.
    static func uninstall() {
        for signal in signals { sigaction(signal, previous + Int(signal), nil) }
    }

    static func enter(worker: Int, mutant: Int, seedFile: Int) {
        guard worker < slots else { return }
        running[worker * 2 + 1] = seedFile
        running[worker * 2] = mutant
    }

    static func leave(worker: Int) {
        guard worker < slots else { return }
        running[worker * 2] = -1
    }

    static func handle(_ signal: Int32) {
        put("\nmutation test: signal ")
        put(number: UInt64(signal))
        put(" while running")
        for worker in 0..<slots where running[worker * 2] >= 0 {
            let seedFile = running[worker * 2 + 1]
            put(" mutant ")
            put(number: UInt64(running[worker * 2]))
            put(" (of ")
            if seedFile >= 0 && seedFile < seedNames.count { put(cString: seedNames[seedFile]) }
            put(")")
        }
        put(". Reproduce one: AIDA_MUTATION_SEED=0x")
        put(number: seed, radix: 16)
        put(" AIDA_MUTATION_ONLY=<mutant> AIDA_MUTATION_SAVE=/tmp swift test --filter MutationTests\n")
        sigaction(signal, previous + Int(signal), nil)
    }

    private static func put(_ text: StaticString) {
        _ = text.withUTF8Buffer { write(2, $0.baseAddress, $0.count) }
    }

    private static func put(cString text: UnsafeMutablePointer<CChar>) {
        _ = write(2, text, strlen(text))
    }

    /// Digits without allocating (async-signal-safe).
    private static func put(number value: UInt64, radix: UInt64 = 10) {
        var scratch: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { buffer in
            var index = buffer.count
            var rest = value
            repeat {
                index -= 1
                let digit = UInt8(rest % radix)
                buffer[index] = digit < 10 ? 0x30 + digit : 0x57 + digit
                rest /= radix
            } while rest > 0 && index > 0
            _ = write(2, buffer.baseAddress! + index, buffer.count - index)
        }
    }
}
