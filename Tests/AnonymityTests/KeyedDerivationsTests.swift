import Testing

@testable import Anonymity

/// What the key drives: deterministic for one key, unrelated between keys, and always
/// within DICOM's syntax and the profile's pattern.
@Suite("Keyed derivations")
struct KeyedDerivationsTests {
    static func derivations(_ fill: UInt8) -> KeyedDerivations {
        KeyedDerivations(key: try! AnonymizationKey(bytes: (0..<32).map { UInt8($0) &+ fill }))
    }

    let one = derivations(0)
    let other = derivations(100)
    let format = try! PseudonymFormat(PseudonymFormat.defaultText)

    @Test func sameKeySameOutputsOtherKeyOtherOutputs() {
        #expect(Self.derivations(0).uid(for: "1.2.3") == one.uid(for: "1.2.3"))
        #expect(
            Self.derivations(0).pseudonym(forPatient: "P1", issuer: nil, format: format)
                == one.pseudonym(forPatient: "P1", issuer: nil, format: format))
        #expect(Self.derivations(0).dateShift(forPatient: "P1") == one.dateShift(forPatient: "P1"))
        var sameUID = 0
        var sameShift = 0
        var sameName = 0
        for index in 0..<1000 {
            let id = "PAT\(index)"
            if one.uid(for: "1.2.\(index)") == other.uid(for: "1.2.\(index)") { sameUID += 1 }
            if one.dateShift(forPatient: id) == other.dateShift(forPatient: id) { sameShift += 1 }
            if one.pseudonym(forPatient: id, issuer: nil, format: format)
                == other.pseudonym(forPatient: id, issuer: nil, format: format)
            {
                sameName += 1
            }
        }
        // Chance agreement: 1 in 3,286 shifts, 1 in 10^8 pseudonyms.
        #expect(sameUID == 0 && sameName == 0 && sameShift <= 3)
    }

    @Test func labelsSeparateTheOutputs() {
        // The same input under two labels gives unrelated bytes.
        #expect(one.mac("uid", ["X"]) != one.mac("pseudonym", ["X"]))
        #expect(one.mac("pseudonym", ["A", nil]) != one.mac("pseudonym", ["A", "B"]))
        #expect(one.mac("pseudonym", ["AB", "C"]) != one.mac("pseudonym", ["A", "BC"]))
        #expect(
            one.pseudonym(forPatient: "P", issuer: "H1", format: format)
                != one.pseudonym(forPatient: "P", issuer: "H2", format: format))
    }

    @Test func uidsAreValidAndShortOver10000Inputs() throws {
        let syntax = try Regex(#"2\.25\.(0|[1-9][0-9]*)"#)
        var seen = Set<String>()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let uid = one.uid(for: "1.2.840.\(generator.next() as UInt64).\(generator.next() as UInt32)")
            #expect(uid.count <= 44)
            #expect(try syntax.wholeMatch(in: uid) != nil, "\(uid)")
            seen.insert(uid)
        }
        #expect(seen.count == 10_000)
    }

    @Test func decimalOf128Bits() {
        #expect(KeyedDerivations.decimal([UInt8](repeating: 0, count: 16)) == "0")
        #expect(KeyedDerivations.decimal([UInt8](repeating: 0, count: 15) + [42]) == "42")
        #expect(
            KeyedDerivations.decimal([UInt8](repeating: 0xFF, count: 16)) == "340282366920938463463374607431768211455")
    }

    @Test func pseudonymsMatchTheProfilesPatternOver10000Patients() throws {
        let profile = Profile.default
        let format = try PseudonymFormat(try #require(profile.pseudonymFormat))
        let pattern = try Regex(profile.pseudonymPattern)
        var seen = Set<String>()
        for index in 0..<10_000 {
            let name = one.pseudonym(forPatient: "ID\(index)", issuer: "HOSP", format: format)
            #expect(try pattern.wholeMatch(in: name) != nil, "\(name)")
            seen.insert(name)
        }
        // 10^8 pseudonyms: about 0.5 expected collisions among 10,000 patients.
        #expect(seen.count >= 9_995)
    }

    @Test func dateShiftsStayInRangeAndAreNeverZero() {
        let tight = KeyedDerivations(key: one.key, dateShiftRange: -2...2, scaleRange: 0.8...1.25)
        var tightSeen = Set<Int>()
        for index in 0..<10_000 {
            let shift = one.dateShift(forPatient: "P\(index)")
            #expect(KeyedDerivations.defaultDateShiftRange.contains(shift) && shift != 0)
            let small = tight.dateShift(forPatient: "P\(index)")
            #expect(small != 0)
            tightSeen.insert(small)
            let scale = one.intervalScale(forPatient: "P\(index)")
            #expect(KeyedDerivations.defaultScaleRange.contains(scale))
        }
        #expect(tightSeen == [-2, -1, 1, 2])
    }

    @Test func pseudonymFormatsRender() throws {
        let format = try PseudonymFormat("X{n:3}-{n:3}Y")
        #expect(format.render(digits: "123456") == "X123-456Y")
        #expect(try format.firstMismatch(pattern: "^X[0-9]{3}-[0-9]{3}Y$") == nil)
        #expect(try format.firstMismatch(pattern: "^X[1-9]{3}-[0-9]{3}Y$") == "X000-000Y")
        #expect(throws: PseudonymFormat.FormatError.self) { try PseudonymFormat("A{n:5}") }
        #expect(throws: PseudonymFormat.FormatError.self) { try PseudonymFormat("A{n:31}") }
    }
}
