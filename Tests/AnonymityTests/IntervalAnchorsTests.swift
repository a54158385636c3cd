import DICOM
import Testing

@testable import Anonymity

/// `--scale-intervals`' first pass: a file's examination date and each patient's earliest,
/// and the anonymizer scaling a patient's dates from it.
@Suite("Interval anchors")
struct IntervalAnchorsTests {
    typealias H = HeaderElementTests

    static func dataSet(_ elements: [Element]) -> DataSet { DataSet(elements: elements) }

    @Test func theExaminationDateIsStudyDateElseSeriesAcquisitionOrContentDate() {
        let study = Self.dataSet([H.text(0x0008_0020, .DA, "20190407"), H.text(0x0008_0021, .DA, "20180101")])
        #expect(IntervalAnchors.examinationDate(of: study) == "20190407")
        // An empty or malformed Study Date gives way to the next.
        let series = Self.dataSet([H.text(0x0008_0020, .DA, ""), H.text(0x0008_0021, .DA, "20180102")])
        #expect(IntervalAnchors.examinationDate(of: series) == "20180102")
        let content = Self.dataSet([H.text(0x0008_0020, .DA, "2019.04.07"), H.text(0x0008_0023, .DA, "20170303 ")])
        #expect(IntervalAnchors.examinationDate(of: content) == "20170303")
        #expect(IntervalAnchors.examinationDate(of: Self.dataSet([H.text(0x0008_0030, .TM, "081300")])) == nil)
    }

    @Test func eachPatientKeepsTheirEarliestDateAndTheIssuerTellsPatientsApart() {
        var anchors = IntervalAnchors()
        let patient = { (id: String, issuer: String?, date: String) -> DataSet in
            var elements = [H.text(0x0010_0020, .LO, id), H.text(0x0008_0020, .DA, date)]
            if let issuer { elements.append(H.text(0x0010_0021, .LO, issuer)) }
            return Self.dataSet(elements)
        }
        for (id, issuer, date) in [
            ("P1", nil, "20190601"), ("P1", nil, "20190101"), ("P1", "", "20190301"), ("P1", "H2", "20200101"),
            ("P2", nil, "20180505"),
        ] {
            anchors.add(patient(id, issuer, date))
        }
        #expect(anchors.anchor(for: PatientKey(id: "P1", issuer: nil)) == "20190101")
        #expect(anchors.anchor(for: PatientKey(id: "P1", issuer: "H2")) == "20200101")
        #expect(anchors.anchor(for: PatientKey(id: "P2", issuer: nil)) == "20180505")
        #expect(anchors.dates.count == 3)
    }

    @Test func withAnchorsTheAnonymizerScalesFromThePatientsEarliestDate() throws {
        let key = try AnonymizationKey(bytes: [UInt8](repeating: 7, count: 32))
        let derivations = KeyedDerivations(key: key)
        var anchors = IntervalAnchors()
        anchors.add("20190101", for: PatientKey(id: "19321228-3059", issuer: nil))
        let plain = try Anonymizer(profile: .default, derivations: derivations)
        let scaled = try Anonymizer(profile: .default, derivations: derivations, intervalAnchors: anchors)
        let studyDate = { (anonymizer: Anonymizer) throws -> String? in
            guard case .anonymized(let out) = anonymizer.anonymize(AnonymizerTests.file(AnonymizerTests.identified()))
            else { throw CancellationError() }
            return out.file.dataSet.string(Tag(0x0008_0020))
        }
        let shift = try derivations.timeShift(forPatient: "19321228-3059", scalingFrom: "20190101")
        #expect(shift.scale != 1)
        #expect(try studyDate(scaled) == shift.shift(date: "20190407"))
        #expect(try studyDate(plain) == PatientTimeShift(days: shift.days).shift(date: "20190407"))
        #expect(try studyDate(scaled) != studyDate(plain))
    }
}
