/// One patient's time shift: every date and date-time moves by the same whole days and,
/// when intervals are scaled, its distance from the patient's earliest examination
/// (the anchor) is multiplied by one factor first. Both are monotone, so the order of
/// the patient's examinations is kept (two dates a day apart may meet when the factor
/// is below 1, never cross).
public struct PatientTimeShift: Sendable, Equatable {
    public let days: Int
    /// 1 when intervals are kept as they are.
    public let scale: Double
    let anchor: Int64

    /// Keeps intervals: only `days` added.
    public init(days: Int) {
        self.days = days
        scale = 1
        anchor = 0
    }

    /// Scales intervals by `scale` from `anchor`, the patient's earliest examination
    /// date (DA, YYYYMMDD), then adds `days`.
    public init(days: Int, scale: Double, anchor: String) throws(DateShiftError) {
        precondition(scale > 0, "a scale factor must be positive, or the order of dates is lost")
        let text = Self.trimmed(Substring(anchor))
        guard text.count == 8, let time = CivilTime(dateTime: text) else {
            throw DateShiftError(value: anchor, reason: "not a date YYYYMMDD to scale intervals from")
        }
        self.days = days
        self.scale = scale
        self.anchor = time.microseconds
    }

    /// Shifts a DA value (each of its values, separated by `\`). DA is YYYYMMDD; other
    /// forms (the old YYYY.MM.DD, ranges) are reported, not kept.
    public func shift(date value: String) throws(DateShiftError) -> String {
        try values(value) { text throws(DateShiftError) in
            guard text.count == 8, let time = CivilTime(dateTime: text) else {
                throw DateShiftError(value: value, reason: "not a DICOM date (YYYYMMDD)")
            }
            return String(try move(time, value).dateTimeText)
        }
    }

    /// Shifts a DT value (each of its values): partial forms (YYYY, YYYYMM, ...) from
    /// the start of the period they name, written back at the same precision;
    /// fractions keep their digits; a UTC offset is kept as written.
    public func shift(dateTime value: String) throws(DateShiftError) -> String {
        try values(value) { text throws(DateShiftError) in
            guard let time = CivilTime(dateTime: text) else {
                throw DateShiftError(value: value, reason: "not a DICOM date-time (YYYYMMDDHHMMSS.FFFFFF&ZZXX)")
            }
            return try move(time, value).dateTimeText
        }
    }

    func move(_ time: CivilTime, _ value: String) throws(DateShiftError) -> CivilTime {
        var instant = time.microseconds
        if scale != 1 {
            // In Double: the distance from the anchor, a few decades, fits in 53 bits.
            instant = anchor + Int64((Double(instant - anchor) * scale).rounded(.down))
        }
        instant += Int64(days) * CivilTime.microsecondsPerDay
        let moved = time.moved(to: instant)
        guard (1...9999).contains(moved.year) else {
            throw DateShiftError(value: value, reason: "shifted out of the years 0001–9999")
        }
        return moved
    }

    /// Applies `body` to each `\`-separated value; trailing padding spaces dropped, an
    /// empty value stays empty.
    func values(_ value: String, _ body: (Substring) throws(DateShiftError) -> String) throws(DateShiftError)
        -> String
    {
        var out: [String] = []
        for part in value.split(separator: "\\", omittingEmptySubsequences: false) {
            let text = Self.trimmed(part)
            out.append(text.isEmpty ? "" : try body(text))
        }
        return out.joined(separator: "\\")
    }

    static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while text.last == " " || text.last == "\0" { text = text.dropLast() }
        while text.first == " " { text = text.dropFirst() }
        return text
    }
}
