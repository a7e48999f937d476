/// A Date header's instant (RFC 5322 section 3.3): the wall-clock fields as written and the zone's offset.
public struct MailDate: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let year, month, day, hour, minute, second: Int
    /// Minutes east of UTC (`-0500` is -300). `-0000` and the unknown zones of section 4.3 are 0.
    public let offsetMinutes: Int

    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offsetMinutes: Int) {
        guard (1...12).contains(month), (1...Self.daysIn(month, of: year)).contains(day), (0...23).contains(hour),
              (0...59).contains(minute), (0...60).contains(second), abs(offsetMinutes) < 24 * 60, year >= 1900,
              year <= 9999
        else { return nil }
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        self.offsetMinutes = offsetMinutes
    }

    /// Seconds since 1970-01-01T00:00:00Z (a leap second counts as the next second).
    public var secondsSince1970: Int64 {
        let days = Self.daysFromCivil(year, month, day)
        return (days * 86_400) + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
    }

    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let off = abs(offsetMinutes)
        return "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))\(sign)\(two(off / 60))\(two(off % 60))"
    }

    /// Parses a Date field: `Fri, 20 Nov 2026 09:15:00 -0500`, and the obsolete forms of section 4.3 (no weekday,
    /// no seconds, two- or three-digit years, named zones such as `EST` or `GMT`, military letters, comments such as
    /// `(EDT)` after the zone). Nil when it is not a date (an hour of 27, no month).
    public static func parse(_ text: String) -> MailDate? {
        // Comments out (section 3.2.2), commas to spaces, then words.
        var cleaned = ""
        var depth = 0
        for c in text.unicodeScalars {
            if c == "(" { depth += 1; continue }
            if c == ")" { depth = max(0, depth - 1); continue }
            if depth > 0 { continue }
            cleaned.unicodeScalars.append(c == "," ? " " : c)
        }
        var words = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).map(String.init)
        if let first = words.first, weekdays.contains(first.lowercased().prefix(3)), Int(first) == nil { words.removeFirst() }
        guard words.count >= 4 else { return nil }
        var day: Int?
        var month: Int?
        // day month year (section 3.3) or, as some mailers write, month day year.
        if let d = Int(words[0]), let m = monthNumber(words[1]) { (day, month) = (d, m) }
        else if let m = monthNumber(words[0]), let d = Int(words[1]) { (day, month) = (d, m) }
        guard let day, let month, var year = Int(words[2]), words[2].allSatisfy(\.isNumber) else { return nil }
        // Section 4.3: two digits are 1950-2049 (00-49 add 2000, 50-99 add 1900); three digits add 1900.
        switch words[2].count {
        case 2: year += year < 50 ? 2000 : 1900
        case 3: year += 1900
        case 4: break
        default: return nil
        }
        let time = words[3].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 2 || time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]),
              time.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isNumber) })
        else { return nil }
        let second = time.count == 3 ? Int(time[2])! : 0
        var offset = 0
        if words.count >= 5 { offset = zoneOffset(words[4]) ?? 0 }
        return MailDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                        offsetMinutes: offset)
    }

    private static let weekdays: Set<Substring> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func monthNumber(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        return months.firstIndex(of: String(word.lowercased().prefix(3))).map { $0 + 1 }
    }

    /// `+hhmm`/`-hhmm` (section 3.3) or an obsolete zone name (section 4.3); military letters and unknown names are
    /// "-0000", an unknown offset, read as UTC. Nil for something that is not a zone.
    private static func zoneOffset(_ word: String) -> Int? {
        let chars = Array(word)
        if chars.count == 5, chars[0] == "+" || chars[0] == "-", chars[1...].allSatisfy(\.isNumber),
           let hh = Int(String(chars[1...2])), let mm = Int(String(chars[3...4])), mm < 60 {
            return (chars[0] == "-" ? -1 : 1) * (hh * 60 + mm)
        }
        switch word.uppercased() {
        case "UT", "UTC", "GMT", "Z": return 0
        case "EDT": return -4 * 60
        case "EST", "CDT": return -5 * 60
        case "CST", "MDT": return -6 * 60
        case "MST", "PDT": return -7 * 60
        case "PST": return -8 * 60
        default: return word.allSatisfy(\.isLetter) ? 0 : nil
        }
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        case 1...12: return 31
        default: return 0
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468)
    }
}
