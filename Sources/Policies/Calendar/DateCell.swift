import Foundation

/// Why an input cell is not a date the rules can use.
public enum DateCellError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// Not `YYYY-MM-DD` nor an ISO 8601 date-time (e.g. `03/04/2026`).
    case notADate(String)
    /// Shaped like a date but not on the calendar (e.g. `2026-02-30`).
    case noSuchDay(String)

    public var description: String {
        switch self {
        case .notADate(let text):
            return "'\(text)' is not a date: write YYYY-MM-DD (e.g. 2026-11-02) or an ISO 8601 date-time "
                + "(e.g. 2026-11-02T09:30:00Z or 2026-11-02T09:30:00+01:00)"
        case .noSuchDay(let text):
            return "'\(text)' is not a day of the calendar: check the month and the day"
        }
    }

    public var errorDescription: String? { description }
}

extension Day {
    /// The day an input cell names in the agency's time zone (POLICY.md "Time", Precise reading 1).
    ///
    /// - `YYYY-MM-DD` is that day, whatever the zone.
    /// - An ISO 8601 date-time with `Z` or an offset (`±HH:MM`, `±HHMM`, `±HH`) is converted to `timeZone`,
    ///   then its date is used.
    /// - A date-time without an offset is already in `timeZone`: its date part is used.
    ///
    /// Surrounding spaces are ignored.
    /// - Throws: ``DateCellError`` for anything else, e.g. `03/04/2026` or `2026-02-30`.
    public init(cell: String, timeZone: TimeZone) throws {
        let text = cell.trimmingCharacters(in: .whitespaces)
        var utf8 = Array(text.utf8)
        let result: Result<Day, DateCellError> = utf8.withUnsafeMutableBufferPointer { buffer in
            Day.parse(cell: UnsafeBufferPointer(buffer), text: text, timeZone: timeZone)
        }
        self = try result.get()
    }

    /// The day an input cell names in the policy's time zone; see ``init(cell:timeZone:)``.
    public init(cell: String, policy: Policy) throws {
        try self.init(cell: cell, timeZone: policy.timeZone)
    }

    private static func parse(cell b: UnsafeBufferPointer<UInt8>, text: String, timeZone: TimeZone)
        -> Result<Day, DateCellError>
    {
        func isDigit(_ i: Int) -> Bool { i < b.count && b[i] >= 48 && b[i] <= 57 }
        func number(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for i in from..<(from + count) {
                guard isDigit(i) else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        // The date part must be exactly YYYY-MM-DD.
        guard b.count >= 10, number(0, 4) != nil, b[4] == UInt8(ascii: "-"), number(5, 2) != nil,
              b[7] == UInt8(ascii: "-"), number(8, 2) != nil else { return .failure(.notADate(text)) }
        guard let date = Day.parse(isoDate: UnsafeBufferPointer(rebasing: b[0..<10])) else {
            return .failure(.noSuchDay(text))
        }
        if b.count == 10 { return .success(date) }

        // Date-time: 'T' (or a space, as RFC 3339 allows), HH:MM, optional :SS and fraction, optional zone.
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let hour = number(11, 2), b.count > 13, b[13] == UInt8(ascii: ":"), let minute = number(14, 2),
              hour <= 23, minute <= 59 else { return .failure(.notADate(text)) }
        var i = 16
        var second = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let s = number(i + 1, 2), s <= 60 else { return .failure(.notADate(text)) }
            second = s
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                guard isDigit(i) else { return .failure(.notADate(text)) }
                while isDigit(i) { i += 1 }
            }
        }
        if i == b.count { return .success(date) }  // no offset: already in the agency's zone

        let offsetSeconds: Int
        if (b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z")), i + 1 == b.count {
            offsetSeconds = 0
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = number(i + 1, 2), oh <= 23 else { return .failure(.notADate(text)) }
            var om = 0
            let rest = b.count - (i + 3)
            if rest == 3, b[i + 3] == UInt8(ascii: ":"), let m = number(i + 4, 2) { om = m }
            else if rest == 2, let m = number(i + 3, 2) { om = m }
            else if rest != 0 { return .failure(.notADate(text)) }
            guard om <= 59 else { return .failure(.notADate(text)) }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        } else {
            return .failure(.notADate(text))
        }
        // The instant in UTC, then the wall-clock date in the agency's zone.
        let utcSeconds = date.ordinal * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        let zoneOffset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcSeconds)))
        let local = utcSeconds + zoneOffset
        let localOrdinal = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return .success(Day(ordinal: localOrdinal))
    }
}
