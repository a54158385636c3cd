import Testing

@testable import Anonymity

/// DA and DT values moved by a patient's shift: exact without scaling, order kept with
/// it, partial forms at their precision, and anything unparseable reported.
@Suite("Patient time shift")
struct PatientTimeShiftTests {
    @Test func datesMoveByWholeDaysAcrossMonthsYearsAndLeapDays() throws {
        let shift = PatientTimeShift(days: -366)
        #expect(try shift.shift(date: "20200301") == "20190301")
        #expect(try shift.shift(date: "20210228") == "20200228")
        #expect(try PatientTimeShift(days: 1).shift(date: "20240228") == "20240229")
        #expect(try PatientTimeShift(days: -1).shift(date: "20000101") == "19991231")
        // Multiple values, padding, empty.
        #expect(try PatientTimeShift(days: 10).shift(date: "20200101\\20200201 ") == "20200111\\20200211")
        #expect(try shift.shift(date: "") == "")
    }

    @Test func dateTimesKeepPrecisionFractionAndZone() throws {
        let shift = PatientTimeShift(days: -400)
        #expect(try shift.shift(dateTime: "20200315101112.123+0100") == "20190209101112.123+0100")
        #expect(try shift.shift(dateTime: "20200315101112") == "20190209101112")
        #expect(try shift.shift(dateTime: "202003151011") == "201902091011")
        #expect(try shift.shift(dateTime: "20200315") == "20190209")
        // Partial forms: from the start of the period, written at the same precision.
        #expect(try shift.shift(dateTime: "202003") == "201901")
        #expect(try shift.shift(dateTime: "2020") == "2018")
        #expect(try shift.shift(dateTime: "2020-0500") == "2018-0500")
    }

    @Test func unparseableValuesAreReportedNotKept() {
        let shift = PatientTimeShift(days: -400)
        for value in ["2020.03.15", "202003", "20201315", "20200230", "2020031", "20200315-20200401", "ABCDEFGH"] {
            #expect(throws: DateShiftError.self, "\(value)") { try shift.shift(date: value) }
        }
        for value in [
            "20200315101160", "20200315.5", "2020031510111.5", "20200315101112.1234567", "20200315+01",
            "20200315+0160", "19",
        ] {
            #expect(throws: DateShiftError.self, "\(value)") { try shift.shift(dateTime: value) }
        }
        #expect(throws: DateShiftError.self) { try PatientTimeShift(days: -3650).shift(date: "00050101") }
    }

    @Test func intervalsIdenticalWithoutScalingAndScaledByOneFactorWithIt() throws {
        let plain = PatientTimeShift(days: -1000)
        let scaled = try PatientTimeShift(days: -1000, scale: 1.25, anchor: "20200101")
        let dates = ["20200101", "20200105", "20200301", "20210101"]
        let days = try dates.map { CivilTime(dateTime: Substring(try plain.shift(date: $0)))!.microseconds }
        let original = dates.map { CivilTime(dateTime: Substring($0))!.microseconds }
        #expect(zip(days, original).allSatisfy { $0 - $1 == -1000 * CivilTime.microsecondsPerDay })
        #expect(try scaled.shift(date: "20200101") == plain.shift(date: "20200101"))
        // 4 days become 5, 366 days become 457.5 (whole days, rounded down).
        #expect(try scaled.shift(date: "20200105") == PatientTimeShift(days: -995).shift(date: "20200101"))
        #expect(try scaled.shift(date: "20210101") == PatientTimeShift(days: -1000 + 457).shift(date: "20200101"))
    }

    @Test func scalingKeepsTheOrderOfRandomDateSets() throws {
        var generator = SystemRandomNumberGenerator()
        let derivations = KeyedDerivations(key: try AnonymizationKey(bytes: [UInt8](repeating: 9, count: 32)))
        for patient in 0..<200 {
            let base = CivilTime.days(year: 1990, month: 1, day: 1)
            let dates = (0..<12).map { _ in base + Int.random(in: 0...12_000, using: &generator) }.sorted()
            let texts = dates.map {
                CivilTime(dateTime: "19700101")!.moved(to: Int64($0) * CivilTime.microsecondsPerDay).dateTimeText
            }
            let shift = try derivations.timeShift(forPatient: "P\(patient)", scalingFrom: texts[0])
            let shifted = try texts.map { try shift.shift(date: $0) }
            #expect(shifted == shifted.sorted(), "patient \(patient), factor \(shift.scale)")
            // Date-times a minute apart keep strict order at second precision (a factor
            // of at least 0.8 leaves at least 48 seconds).
            let times = try (0..<5).map { try shift.shift(dateTime: texts[5] + "100\($0)00") }
            #expect(times == times.sorted() && Set(times).count == 5)
        }
    }
}
