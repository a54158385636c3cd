import Testing

@testable import Anonymity

@Suite("Free-text identifiers")
struct TextCheckTests {
    /// A valid personnummer for a birth date and serial: the Luhn digit appended.
    static func personnummer(_ yymmdd: String, _ serial: String) -> String {
        let digits = (yymmdd + serial).compactMap(\.wholeNumberValue)
        var sum = 0
        for (position, digit) in digits.enumerated() {
            let weighted = position % 2 == 0 ? digit * 2 : digit
            sum += weighted > 9 ? weighted - 9 : weighted
        }
        return yymmdd + "-" + serial + String((10 - sum % 10) % 10)
    }

    static func rules(_ text: String) -> [String] { TextCheck().matches(in: text).map(\.rule) }

    @Test func personalIdentityAndCoordinationNumbers() {
        let number = Self.personnummer("850709", "238")
        #expect(Self.rules("Remiss \(number), akut") == ["personnummer"])
        #expect(Self.rules("19" + number) == ["personnummer"])
        #expect(Self.rules("19" + number.replacingOccurrences(of: "-", with: "")) == ["personnummer"])
        #expect(Self.rules(number.replacingOccurrences(of: "-", with: "+")) == ["personnummer"])
        let coordination = Self.personnummer("850769", "238")  // day + 60
        #expect(Self.rules(coordination) == ["personnummer"])
        // A wrong check digit, an impossible month, a date, a UID, a longer number: none.
        let last = number.last!.wholeNumberValue!
        #expect(Self.rules(String(number.dropLast()) + String((last + 1) % 10)).isEmpty)
        #expect(Self.rules(Self.personnummer("851309", "238")).isEmpty)
        #expect(Self.rules("20190301").isEmpty)
        #expect(Self.rules("1.2.752.24.7.\(number.filter(\.isNumber)).1").isEmpty)
        #expect(Self.rules("99" + number.filter(\.isNumber) + "7").isEmpty)
        #expect(Self.rules("\(number.filter(\.isNumber)).5").isEmpty, "a UID component")
        // A file name is punctuation, not a UID: the dot before a letter does not hide it.
        #expect(Self.rules("19\(number).nii") == ["personnummer"])
        #expect(Self.rules("scan_19\(number.filter(\.isNumber)).dcm") == ["personnummer"])
        #expect(Self.rules("ref. \(number).") == ["personnummer"])
    }

    @Test func hsaIdsPhoneNumbersAndEmail() {
        #expect(Self.rules("ansvarig SE2321000016-1234") == ["hsa-id"])
        #expect(Self.rules("tel 013-22 1234") == ["phone"])
        #expect(Self.rules("ring +46 70 123 45 67") == ["phone"])
        #expect(Self.rules("070-1234567") == ["phone"])
        #expect(Self.rules("Ring 070-1234567.") == ["phone"], "a full stop ends the sentence")
        #expect(Self.rules("SE04046256").isEmpty, "a code glued to letters")
        #expect(Self.rules("1.070123456.3").isEmpty, "inside a dotted number")
        #expect(Self.rules("anna.svensson@regionostergotland.se") == ["email"])
        // Measurements, versions, pseudonyms' digits, slice positions: none.
        for fine in ["0.5 mm", "Lungemboli 1mm", "AIDA-0001-0000", "-1024", "v3.6.7", "120 kV 250 mAs", "0001-0000"] {
            #expect(Self.rules(fine).isEmpty, "\(fine)")
        }
    }
}
