import Crypto
import Foundation

/// Everything an anonymization derives from its key, as pure functions of the key and
/// the original values: the same key gives the same UIDs, pseudonyms and shifts in
/// every file and every run, so references between files still resolve. Each kind of
/// output has its own label in the HMAC input, so no output reveals another.
public struct KeyedDerivations: Sendable {
    // The bytes, not a SymmetricKey, which is not Sendable.
    let key: AnonymizationKey
    /// Whole days added to a patient's dates; 0 is never chosen.
    public let dateShiftRange: ClosedRange<Int>
    /// The factor a patient's intervals between examinations are scaled by.
    public let scaleRange: ClosedRange<Double>

    public static let defaultDateShiftRange = -3650 ... -365
    public static let defaultScaleRange = 0.8...1.25

    public init(
        key: AnonymizationKey, dateShiftRange: ClosedRange<Int> = defaultDateShiftRange,
        scaleRange: ClosedRange<Double> = defaultScaleRange
    ) {
        precondition(dateShiftRange != 0...0, "a date shift range of only 0 shifts nothing")
        precondition(scaleRange.lowerBound > 0, "a scale factor must be positive, or the order of dates is lost")
        self.key = key
        self.dateShiftRange = dateShiftRange
        self.scaleRange = scaleRange
    }

    /// `2.25.` and the decimal of the first 128 bits of HMAC("uid\0" + original):
    /// at most 5 + 39 = 44 characters, a valid UID (no leading zeros).
    public func uid(for original: String) -> String {
        "2.25." + Self.decimal(Array(mac("uid", [original]).prefix(16)))
    }

    /// The patient's pseudonym in `format`; the issuer of the ID (Issuer of Patient ID)
    /// takes part, since two hospitals may give the same ID to different people.
    public func pseudonym(forPatient id: String, issuer: String?, format: PseudonymFormat) -> String {
        let digits = Self.decimal(Array(mac("pseudonym", [id, issuer]).prefix(16)))
        // Leading zeros back, then the last digits: 128 bits give 38 uniform digits.
        let padded = String(repeating: "0", count: max(0, 39 - digits.count)) + digits
        return format.render(digits: padded.suffix(format.digitCount))
    }

    /// Whole days added to all the patient's dates, in ``dateShiftRange``, never 0.
    public func dateShift(forPatient id: String, issuer: String? = nil) -> Int {
        let zero = dateShiftRange.contains(0) ? 1 : 0
        let choices = UInt64(dateShiftRange.count - zero)
        var shift = dateShiftRange.lowerBound + Int(Self.uint64(mac("date-shift", [id, issuer])) % choices)
        if zero == 1 && shift >= 0 { shift += 1 }
        return shift
    }

    /// The factor for the patient's intervals, log-uniform in ``scaleRange`` (so 0.8
    /// and 1.25 are as likely as each other).
    public func intervalScale(forPatient id: String, issuer: String? = nil) -> Double {
        let unit = Double(Self.uint64(mac("interval-scale", [id, issuer])) >> 11) / Double(1 << 53)
        let low = Foundation.log(scaleRange.lowerBound)
        let high = Foundation.log(scaleRange.upperBound)
        return min(max(Foundation.exp(low + unit * (high - low)), scaleRange.lowerBound), scaleRange.upperBound)
    }

    /// HMAC-SHA-256 over `label`, a zero byte, then each field: 0xFF for none, else
    /// its length (4 bytes, big-endian) and its UTF-8. A single field is written
    /// bare (`uid\0` + original, as documented), since nothing follows it.
    func mac(_ label: String, _ fields: [String?]) -> [UInt8] {
        var input = Array(label.utf8) + [0]
        if fields.count == 1, let only = fields[0] {
            input += Array(only.utf8)
        } else {
            for field in fields {
                guard let field else {
                    input.append(0xFF)
                    continue
                }
                let bytes = Array(field.utf8)
                withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { input += $0 }
                input += bytes
            }
        }
        return Array(HMAC<SHA256>.authenticationCode(for: input, using: key.symmetricKey))
    }

    static func uint64(_ bytes: [UInt8]) -> UInt64 {
        bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The decimal digits of a big-endian unsigned number, without leading zeros.
    static func decimal(_ bytes: [UInt8]) -> String {
        var number = bytes
        var digits: [UInt8] = []
        while number.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in number.indices {
                let value = remainder << 8 | Int(number[index])
                number[index] = UInt8(value / 10)
                remainder = value % 10
            }
            digits.append(UInt8(ascii: "0") + UInt8(remainder))
        }
        return digits.isEmpty ? "0" : String(decoding: digits.reversed(), as: UTF8.self)
    }
}

extension KeyedDerivations {
    /// The patient's time shift: their days and, with `scalingFrom` (the patient's
    /// earliest examination date), their interval factor.
    public func timeShift(forPatient id: String, issuer: String? = nil, scalingFrom anchor: String? = nil)
        throws(DateShiftError) -> PatientTimeShift
    {
        let days = dateShift(forPatient: id, issuer: issuer)
        guard let anchor else { return PatientTimeShift(days: days) }
        return try PatientTimeShift(days: days, scale: intervalScale(forPatient: id, issuer: issuer), anchor: anchor)
    }
}
