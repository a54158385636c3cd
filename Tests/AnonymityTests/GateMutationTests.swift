import DICOM
import Foundation
import Testing

@testable import Anonymity

/// The gate on damaged files: every byte of real files is fair game for a sender, so the
/// checks that run after a parse (and the NIfTI and TIFF readers, which read raw bytes)
/// must survive any mutation: a finding, never a trap, a hang or a huge allocation.
@Suite("Gate on mutated files")
struct GateMutationTests {
    /// A seeded generator (SplitMix64), so a failure reproduces.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func mutate(_ bytes: [UInt8], _ random: inout Seeded) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            guard !out.isEmpty else { break }
            let at = Int.random(in: 0..<out.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: out[at] = UInt8.random(in: 0...255, using: &random)
            case 1: out[at] = [0x00, 0xFF, 0x7F, 0x80][Int.random(in: 0..<4, using: &random)]
            case 2: out.removeSubrange(at..<min(out.count, at + Int.random(in: 1...64, using: &random)))
            default: out.insert(contentsOf: out[at..<min(out.count, at + 16)], at: at)
            }
        }
        return out
    }

    @Test("mutations of pydicom's files through the whole gate: findings, never a crash")
    func mutatedFiles() throws {
        let folder = try #require(Python.pydicomTestFiles, "pydicom's test files (pip install pydicom)")
        let names = [
            "CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "nested_priv_SQ.dcm", "SC_rgb_rle.dcm",
            "ExplVR_BigEnd.dcm", "reportsi.dcm", "JPEG2000.dcm", "examples_overlay.dcm",
        ]
        let gate = try Gate(profile: Profile.default)
        let scratch = NSTemporaryDirectory() + "gate-mutations-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var random = Seeded(state: 20_261_125)
        // AIDA_GATE_MUTATIONS=N for a longer soak than CI's 2,000.
        let rounds = ProcessInfo.processInfo.environment["AIDA_GATE_MUTATIONS"].flatMap { Int($0) } ?? 2000
        var refused = 0
        for round in 0..<rounds {
            let name = names[round % names.count]
            let original = try #require(FileManager.default.contents(atPath: folder + "/" + name), "\(name)")
            let path = scratch + "/\(round % 8)-" + name
            try Data(Self.mutate([UInt8](original), &random)).write(to: URL(fileURLWithPath: path))
            let findings = gate.check(path: path, name: name)
            if !findings.isEmpty {
                refused += 1
            } else {
                // Kept for the post-mortem: the mutated bytes that passed.
                let kept = NSTemporaryDirectory() + "gate-mutation-passed-\(round)-" + name
                try? FileManager.default.copyItem(atPath: path, toPath: kept)
                Issue.record("round \(round): a mutation of \(name) passed the gate (kept at \(kept))")
            }
        }
        // The originals all carry identifiers; damage does not make them pass.
        #expect(refused == rounds)
    }
}
