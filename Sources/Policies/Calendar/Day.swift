/// A calendar date in the agency's time zone, with no clock time.
///
/// The rules work on dates only (POLICY.md "Time"), so a `Day` is a count of days since 1970-01-01 and all
/// arithmetic is integer arithmetic (Howard Hinnant's days-from-civil algorithm): no Foundation `Calendar`
/// in the hot path, and no time zone can shift it.
public struct Day: Sendable, Hashable, Comparable {
    /// Days since 1970-01-01 (negative before it).
    public let ordinal: Int

    /// The day `ordinal` days after 1970-01-01.
    @inlinable public init(ordinal: Int) { self.ordinal = ordinal }

    /// The day with the given calendar fields.
    ///
    /// - Precondition: `month` is 1...12 and `day` is a day of that month (use ``init(_:)`` for untrusted text).
    public init(year: Int, month: Int, day: Int) {
        precondition((1...12).contains(month) && day >= 1 && day <= Day.daysIn(month: month, year: year),
                     "\(year)-\(month)-\(day) is not a calendar date")
        self.ordinal = Day.ordinal(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD` (exactly, four-digit year); `nil` for anything else, including 2026-02-30.
    public init?(_ iso: String) {
        var iso = iso
        let parsed: Day? = iso.withUTF8 { Day.parse(isoDate: $0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses a `YYYY-MM-DD` prefix of exactly 10 bytes.
    static func parse(isoDate b: UnsafeBufferPointer<UInt8>) -> Day? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10),
              (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y) else { return nil }
        return Day(ordinal: ordinal(year: y, month: m, day: d))
    }

    // MARK: Calendar fields

    /// Year, month (1-12) and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        // civil_from_days
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The year (proleptic Gregorian).
    public var year: Int { components.year }
    /// The month, 1-12.
    public var month: Int { components.month }
    /// The day of the month, 1-31.
    public var day: Int { components.day }

    /// The day of the week (1970-01-01 was a Thursday).
    @inlinable public var weekday: Weekday {
        let r = (ordinal + 3) % 7
        return Weekday(rawValue: (r < 0 ? r + 7 : r) + 1)!
    }

    /// Saturday or Sunday.
    @inlinable public var isWeekend: Bool {
        let r = (ordinal + 3) % 7
        return (r < 0 ? r + 7 : r) >= 5
    }

    // MARK: Arithmetic

    /// The day `days` days later (earlier when negative).
    @inlinable public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// The same day of the month `months` months later, clamped to the end of a shorter month
    /// (POLICY.md "Time": 2026-01-31 plus one month is 2026-02-28; in 2028, 02-29).
    public func adding(months: Int) -> Day {
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        let newDay = min(d, Day.daysIn(month: newMonth, year: newYear))
        return Day(ordinal: Day.ordinal(year: newYear, month: newMonth, day: newDay))
    }

    /// Days from `other` to `self`: positive when `self` is later.
    @inlinable public func days(since other: Day) -> Int { ordinal - other.ordinal }

    @inlinable public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    // MARK: Civil calendar

    /// Whether `year` has a February 29 (proleptic Gregorian calendar).
    public static func isLeap(year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// The number of days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year: year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// days_from_civil: the ordinal of a valid date.
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension Day: CustomStringConvertible, LosslessStringConvertible {
    /// ISO 8601: `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        // Years 0 to 9999, every real date: ten bytes straight into the string (a queue writes millions of dates).
        if y >= 0 && y <= 9999 {
            return String(unsafeUninitializedCapacity: 10) { out in
                out[0] = UInt8(48 + y / 1000); out[1] = UInt8(48 + y / 100 % 10)
                out[2] = UInt8(48 + y / 10 % 10); out[3] = UInt8(48 + y % 10)
                out[4] = UInt8(ascii: "-"); out[5] = UInt8(48 + m / 10); out[6] = UInt8(48 + m % 10)
                out[7] = UInt8(ascii: "-"); out[8] = UInt8(48 + d / 10); out[9] = UInt8(48 + d % 10)
                return 10
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(11)
        if y < 0 { bytes.append(UInt8(ascii: "-")) }
        let ay = abs(y)
        if ay > 9999 { bytes.append(contentsOf: Array(String(ay / 10000).utf8)) }
        for v in [(ay % 10000) / 1000, (ay % 1000) / 100, (ay % 100) / 10, ay % 10] { bytes.append(UInt8(48 + v)) }
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(48 + m / 10)); bytes.append(UInt8(48 + m % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(48 + d / 10)); bytes.append(UInt8(48 + d % 10))
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Day: Codable {
    /// Decodes a `"YYYY-MM-DD"` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date: write YYYY-MM-DD, e.g. 2026-11-02")
        }
        self = day
    }

    /// Encodes as a `"YYYY-MM-DD"` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A day of the week, numbered as ISO 8601 does (Monday 1 ... Sunday 7).
public enum Weekday: Int, Sendable, Hashable, CaseIterable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday
}
