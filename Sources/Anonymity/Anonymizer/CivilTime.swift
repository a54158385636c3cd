/// A DICOM DA or DT value taken apart, and the calendar arithmetic to move it:
/// proleptic Gregorian days since 1970-01-01 (H. Hinnant's `days_from_civil`).
struct CivilTime: Equatable {
    var year: Int
    var month = 1
    var day = 1
    var hour = 0
    var minute = 0
    var second = 0
    var microsecond = 0
    /// How many fields the value gave: 1 year, 2 month, 3 day, 4 hour, 5 minute, 6 second.
    var precision = 1
    /// Digits of the fraction of a second as written (0–6).
    var fractionDigits = 0
    /// `&ZZXX` as written, kept: an offset is no date.
    var zone = ""

    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// DT: YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&ZZXX]; nil if malformed or out of range.
    init?(dateTime text: Substring) {
        var body = text
        if let sign = body.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            zone = String(body[sign...])
            body = body[..<sign]
            let offset = zone.dropFirst()
            guard offset.count == 4, offset.allSatisfy(\.isASCIIDigit), let minutes = Int(offset.suffix(2)),
                minutes < 60
            else { return nil }
        }
        if let dot = body.firstIndex(of: ".") {
            let fraction = body[body.index(after: dot)...]
            body = body[..<dot]
            guard body.count == 14, (1...6).contains(fraction.count), fraction.allSatisfy(\.isASCIIDigit) else {
                return nil
            }
            fractionDigits = fraction.count
            microsecond = Int(fraction + String(repeating: "0", count: 6 - fraction.count))!
        }
        guard [4, 6, 8, 10, 12, 14].contains(body.count), body.allSatisfy(\.isASCIIDigit) else { return nil }
        let digits = Array(body)
        func field(_ start: Int, _ length: Int) -> Int { Int(String(digits[start..<start + length]))! }
        year = field(0, 4)
        precision = 1 + (body.count - 4) / 2
        if precision >= 2 { month = field(4, 2) }
        if precision >= 3 { day = field(6, 2) }
        if precision >= 4 { hour = field(8, 2) }
        if precision >= 5 { minute = field(10, 2) }
        if precision >= 6 { second = field(12, 2) }
        // A leap second (60) has no place on this time line: reported, not guessed.
        guard year >= 1, (1...12).contains(month), (1...Self.daysIn(month, of: year)).contains(day), hour < 24,
            minute < 60, second < 60
        else { return nil }
    }

    /// Microseconds since 1970-01-01 00:00 (of the value's own clock).
    var microseconds: Int64 {
        let days = Int64(Self.days(year: year, month: month, day: day))
        return days * Self.microsecondsPerDay
            + ((Int64(hour) * 60 + Int64(minute)) * 60 + Int64(second)) * 1_000_000 + Int64(microsecond)
    }

    /// The instant `microseconds`, written at this value's precision, fraction and zone.
    func moved(to microseconds: Int64) -> CivilTime {
        var moved = self
        let (days, rest) = Self.floorDivide(microseconds, Self.microsecondsPerDay)
        (moved.year, moved.month, moved.day) = Self.civil(days: Int(days))
        moved.hour = Int(rest / 3_600_000_000)
        moved.minute = Int(rest / 60_000_000 % 60)
        moved.second = Int(rest / 1_000_000 % 60)
        moved.microsecond = Int(rest % 1_000_000)
        return moved
    }

    /// DT text at the original precision: fields it did not give stay absent.
    var dateTimeText: String {
        var text = Self.pad(year, 4)
        let fields = [month, day, hour, minute, second]
        for index in 0..<(precision - 1) { text += Self.pad(fields[index], 2) }
        if fractionDigits > 0 { text += "." + Self.pad(microsecond, 6).prefix(fractionDigits) }
        return text + zone
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let quotient = a / b - (a % b < 0 ? 1 : 0)
        return (quotient, a - quotient * b)
    }

    static func daysIn(_ month: Int, of year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
