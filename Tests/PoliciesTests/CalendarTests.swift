import Foundation
import Policies
import Testing

@Suite struct CalendarTests {
    @Test("a day round-trips through YYYY-MM-DD and knows its fields")
    func isoRoundTrip() {
        for text in ["1970-01-01", "2026-11-02", "2000-02-29", "1969-12-31", "0001-01-01", "9999-12-31", "2028-02-29"] {
            #expect(Day(text)?.description == text)
        }
        let day = d("2026-11-02")
        #expect(day.year == 2026 && day.month == 11 && day.day == 2)
        #expect(Day(year: 2026, month: 11, day: 2) == day)
        #expect(Day(ordinal: 0).description == "1970-01-01")
        // Past the four-digit years the text still names the day.
        #expect(Day(year: 10_000, month: 1, day: 1).description == "10000-01-01")
        #expect(Day(year: 0, month: 3, day: 1).description == "0000-03-01")
        #expect(Day(year: -1, month: 12, day: 31).description == "-0001-12-31")
        #expect(Day(year: 10_000, month: 1, day: 1).adding(days: -1).description == "9999-12-31")
    }

    @Test("text that is not a calendar date is refused", arguments: [
        "03/04/2026", "2026-2-3", "2026-02-30", "2026-13-01", "2027-02-29", "1900-02-29", "", "2026-11-02x", "20261102",
    ])
    func refusesNonDates(_ text: String) {
        #expect(Day(text) == nil)
    }

    @Test("weekdays follow the calendar, 1970-01-01 being a Thursday")
    func weekdays() {
        #expect(d("1970-01-01").weekday == .thursday)
        #expect(d("2026-11-02").weekday == .monday)
        #expect(d("2026-11-06").weekday == .friday)
        #expect(d("2026-11-07").isWeekend && d("2026-11-08").isWeekend && !d("2026-11-09").isWeekend)
        #expect(d("1969-12-28").weekday == .sunday)
    }

    @Test("days and day differences are integer arithmetic across months and years")
    func dayArithmetic() {
        #expect(d("2026-11-06").adding(days: 42) == d("2026-12-18"))
        #expect(d("2026-11-20").adding(days: 42) == d("2027-01-01"))
        #expect(d("2026-12-31").adding(days: 1) == d("2027-01-01"))
        #expect(d("2028-02-28").adding(days: 1) == d("2028-02-29"))
        #expect(d("2027-01-01").days(since: d("2026-11-20")) == 42)
        #expect(d("2026-11-02").days(since: d("2026-11-04")) == -2)
        #expect(d("2026-11-02") < d("2026-11-03"))
    }

    @Test("n months after a day keeps its day of the month, clamped to a shorter month's end")
    func months() {
        #expect(d("2026-12-02").adding(months: 2) == d("2027-02-02"))
        #expect(d("2027-01-01").adding(months: 2) == d("2027-03-01"))
        #expect(d("2026-01-31").adding(months: 1) == d("2026-02-28"))
        #expect(d("2028-01-31").adding(months: 1) == d("2028-02-29"))  // leap year
        #expect(d("2028-02-29").adding(months: 12) == d("2029-02-28"))
        #expect(d("2026-03-31").adding(months: 1) == d("2026-04-30"))
        #expect(d("2026-10-31").adding(months: 2) == d("2026-12-31"))
        #expect(d("2026-11-30").adding(months: 3) == d("2027-02-28"))
        #expect(d("2026-03-15").adding(months: -3) == d("2025-12-15"))
        #expect(d("2026-05-31").adding(months: 0) == d("2026-05-31"))
    }

    @Test("leap years follow the Gregorian rule")
    func leapYears() {
        #expect(Day.isLeap(year: 2028) && Day.isLeap(year: 2000) && Day.isLeap(year: 2400))
        #expect(!Day.isLeap(year: 2026) && !Day.isLeap(year: 1900) && !Day.isLeap(year: 2100))
        #expect(Day.daysIn(month: 2, year: 2028) == 29 && Day.daysIn(month: 2, year: 2027) == 28)
    }

    @Test("days are Codable as YYYY-MM-DD strings")
    func codable() throws {
        let data = try JSONEncoder().encode([d("2026-11-02")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-11-02"]"#)
        #expect(try JSONDecoder().decode([Day].self, from: data) == [d("2026-11-02")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Day].self, from: Data(#"["03/04/2026"]"#.utf8)) }
    }
}

@Suite struct BusinessDayTests {
    @Test("0 business days after a day is the day itself, even on a weekend or holiday")
    func zeroIsTheDayItself() {
        let holidays: Holidays = [d("2026-11-26")]
        #expect(holidays.businessDays(0, after: d("2026-11-07")) == d("2026-11-07"))
        #expect(holidays.businessDays(0, after: d("2026-11-26")) == d("2026-11-26"))
    }

    @Test("n business days after d is the n-th business day strictly after d")
    func strictlyAfter() {
        #expect(Holidays.none.businessDays(1, after: d("2026-11-02")) == d("2026-11-03"))
        #expect(Holidays.none.businessDays(3, after: d("2026-11-06")) == d("2026-11-11"))  // example A, over a weekend
        #expect(Holidays.none.businessDays(5, after: d("2026-11-12")) == d("2026-11-19"))  // example B
        #expect(Holidays.none.businessDays(1, after: d("2026-11-07")) == d("2026-11-09"))  // from a Saturday
        #expect(Holidays.none.businessDays(1, after: d("2026-11-06")) == d("2026-11-09"))  // Friday to Monday
    }

    @Test("holidays are skipped like weekends (example D)")
    func holidaysSkipped() {
        let holidays: Holidays = [d("2026-11-27"), d("2026-11-26")]
        #expect(holidays.businessDays(3, after: d("2026-11-25")) == d("2026-12-02"))
        #expect(Holidays.none.businessDays(3, after: d("2026-11-25")) == d("2026-11-30"))
        #expect(!holidays.isBusinessDay(d("2026-11-26")) && holidays.isBusinessDay(d("2026-11-25")))
        #expect(holidays.days == [d("2026-11-26"), d("2026-11-27")])
    }
}

@Suite struct DateCellTests {
    let utc = TimeZone(identifier: "UTC")!
    let paris = TimeZone(identifier: "Europe/Paris")!
    let newYork = TimeZone(identifier: "America/New_York")!

    @Test("a date alone never shifts, whatever the zone")
    func dateAlone() throws {
        #expect(try Day(cell: "2026-11-02", timeZone: newYork) == d("2026-11-02"))
        #expect(try Day(cell: " 2026-11-02 ", timeZone: paris) == d("2026-11-02"))
    }

    @Test("a date-time with Z or an offset is converted to the agency's zone before its date is taken")
    func convertedToZone() throws {
        #expect(try Day(cell: "2026-11-02T23:30:00Z", timeZone: utc) == d("2026-11-02"))
        #expect(try Day(cell: "2026-11-02T23:30:00Z", timeZone: paris) == d("2026-11-03"))
        #expect(try Day(cell: "2026-11-03T02:00:00Z", timeZone: newYork) == d("2026-11-02"))
        #expect(try Day(cell: "2026-11-03T01:00:00+02:00", timeZone: utc) == d("2026-11-02"))
        #expect(try Day(cell: "2026-11-02T20:00-0500", timeZone: utc) == d("2026-11-03"))
        #expect(try Day(cell: "2026-11-02T12:00:00.250+09", timeZone: utc) == d("2026-11-02"))
        #expect(try Day(cell: "2026-07-01T22:30:00Z", timeZone: paris) == d("2026-07-02"))  // summer time, +2
    }

    @Test("a date-time without an offset is already in the agency's zone")
    func noOffset() throws {
        #expect(try Day(cell: "2026-11-02T23:59:59", timeZone: newYork) == d("2026-11-02"))
        #expect(try Day(cell: "2026-11-02 08:15", timeZone: paris) == d("2026-11-02"))
    }

    @Test("the policy's timezone decides the day of a date-time")
    func policyZone() throws {
        var policy = Policy.standard
        try policy.set(key: "timezone", value: "Asia/Tokyo")
        #expect(try Day(cell: "2026-11-02T16:00:00Z", policy: policy) == d("2026-11-03"))
        #expect(try Day(cell: "2026-11-02T16:00:00Z", policy: .standard) == d("2026-11-02"))
    }

    @Test("anything else is refused with an error that shows the accepted forms", arguments: [
        "03/04/2026", "2026/11/02", "Nov 2, 2026", "2026-11-02T25", "2026-11-02T10:00+1", "2026-11-02Tnoon", "yesterday",
    ])
    func refuses(_ text: String) {
        #expect(throws: DateCellError.notADate(text)) { try Day(cell: text, timeZone: utc) }
        let message = DateCellError.notADate(text).description
        #expect(message.contains(text) && message.contains("YYYY-MM-DD"))
    }

    @Test("an impossible day is refused as such")
    func impossibleDay() {
        #expect(throws: DateCellError.noSuchDay("2026-02-30")) { try Day(cell: "2026-02-30", timeZone: utc) }
        #expect(throws: DateCellError.noSuchDay("2026-02-30T10:00:00Z")) { try Day(cell: "2026-02-30T10:00:00Z", timeZone: utc) }
    }
}
