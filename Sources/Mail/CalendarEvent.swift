/// One event of an iCalendar object carried in a message (RFC 5545), with what scheduling needs (RFC 5546).
public struct CalendarEvent: Equatable, Sendable {
    /// When the event starts, as DTSTART writes it (RFC 5545 section 3.3.4 and 3.3.5).
    public enum Start: Equatable, Sendable {
        /// `VALUE=DATE`: a day, in no zone.
        case date(year: Int, month: Int, day: Int)
        /// A UTC time (`...Z`).
        case utc(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)
        /// A local time in the zone named by TZID, or floating (nil: the reader's own zone).
        case local(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, tzid: String?)
    }

    /// A CAL-ADDRESS with its common name: `ATTENDEE;CN=Dana Cho:mailto:dana@acme.test`.
    public struct Person: Equatable, Sendable {
        /// The address without `mailto:`.
        public let address: String
        public let commonName: String?
    }

    /// The calendar's METHOD (section 3.7.2), upper case: `REQUEST`, `CANCEL`, `REPLY`...; nil when absent.
    public let method: String?
    public let uid: String?
    /// SEQUENCE (section 3.8.7.4), 0 when absent.
    public let sequence: Int
    public let start: Start?
    /// STATUS (section 3.8.1.11), upper case, e.g. `CANCELLED`.
    public let status: String?
    public let organizer: Person?
    public let attendees: [Person]
    public let summary: String?
}

/// Reading iCalendar text (RFC 5545 section 3.1): content lines, unfolded.
public enum ICalendar {
    /// The events of `text` (every VEVENT of every VCALENDAR), each with its calendar's METHOD.
    public static func events(_ text: String) -> [CalendarEvent] {
        var events: [CalendarEvent] = []
        var method: String?
        var inEvent = false
        var nested = 0  // VALARM and the like inside the event
        var uid: String?, sequence = 0, start: CalendarEvent.Start?, status: String?, summary: String?
        var organizer: CalendarEvent.Person?
        var attendees: [CalendarEvent.Person] = []
        for line in unfold(text) {
            guard let (name, params, value) = contentLine(line) else { continue }
            switch name {
            case "BEGIN":
                if value.uppercased() == "VEVENT" && !inEvent {
                    inEvent = true
                    (uid, sequence, start, status, summary, organizer, attendees) = (nil, 0, nil, nil, nil, nil, [])
                } else if inEvent { nested += 1 }
                continue
            case "END":
                if inEvent && nested > 0 { nested -= 1; continue }
                if inEvent && value.uppercased() == "VEVENT" {
                    inEvent = false
                    events.append(CalendarEvent(method: method, uid: uid, sequence: sequence, start: start, status: status,
                                                organizer: organizer, attendees: attendees, summary: summary))
                }
                continue
            case "METHOD" where !inEvent: method = value.uppercased()
            default: break
            }
            guard inEvent, nested == 0 else { continue }
            switch name {
            case "UID": uid = value
            case "SEQUENCE": sequence = Int(value) ?? 0
            case "STATUS": status = value.uppercased()
            case "SUMMARY": summary = unescape(value)
            case "DTSTART": start = parseStart(value, params)
            case "ORGANIZER": organizer = person(value, params)
            case "ATTENDEE": if let p = person(value, params) { attendees.append(p) }
            default: break
            }
        }
        return events
    }

    /// Section 3.1: a line break followed by one space or tab is removed with that character.
    static func unfold(_ text: String) -> [String] {
        var lines: [String] = []
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += line.dropFirst()
            } else {
                lines.append(String(line))
            }
        }
        return lines
    }

    /// `NAME *(";" param) ":" value` (section 3.1); parameter values may be quoted (and then hold `:` and `;`).
    static func contentLine(_ line: String) -> (String, [String: String], String)? {
        var name = ""
        var params: [String: String] = [:]
        var i = line.startIndex
        while i < line.endIndex, line[i] != ";", line[i] != ":" { name.append(line[i]); i = line.index(after: i) }
        guard i < line.endIndex, !name.isEmpty else { return nil }
        while i < line.endIndex, line[i] == ";" {
            i = line.index(after: i)
            var key = ""
            while i < line.endIndex, line[i] != "=", line[i] != ":", line[i] != ";" { key.append(line[i]); i = line.index(after: i) }
            var value = ""
            if i < line.endIndex, line[i] == "=" {
                i = line.index(after: i)
                if i < line.endIndex, line[i] == "\"" {
                    i = line.index(after: i)
                    while i < line.endIndex, line[i] != "\"" { value.append(line[i]); i = line.index(after: i) }
                    if i < line.endIndex { i = line.index(after: i) }
                }
                while i < line.endIndex, line[i] != ";", line[i] != ":" { value.append(line[i]); i = line.index(after: i) }
            }
            params[key.uppercased()] = value
        }
        guard i < line.endIndex, line[i] == ":" else { return nil }
        return (name.uppercased(), params, String(line[line.index(after: i)...]))
    }

    static func person(_ value: String, _ params: [String: String]) -> CalendarEvent.Person? {
        var address = value.trimmingCharactersASCII()
        if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
        guard !address.isEmpty else { return nil }
        let cn = params["CN"].map { $0.trimmingCharactersASCII() }
        return CalendarEvent.Person(address: address, commonName: (cn?.isEmpty ?? true) ? nil : cn)
    }

    /// DATE `YYYYMMDD` or DATE-TIME `YYYYMMDDTHHMMSS[Z]` (sections 3.3.4, 3.3.5).
    static func parseStart(_ value: String, _ params: [String: String]) -> CalendarEvent.Start? {
        let v = Array(value.trimmingCharactersASCII().utf8)
        func number(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= v.count, v[r].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return v[r].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        guard let y = number(0..<4), let m = number(4..<6), let d = number(6..<8), (1...12).contains(m),
              (1...MailDate.daysIn(m, of: y)).contains(d) else { return nil }
        if v.count == 8 { return .date(year: y, month: m, day: d) }
        guard v.count >= 15, v[8] == UInt8(ascii: "T"), let hh = number(9..<11), let mi = number(11..<13),
              let ss = number(13..<15), hh < 24, mi < 60, ss <= 60 else { return nil }
        if v.count == 16, v[15] == UInt8(ascii: "Z") {
            return .utc(year: y, month: m, day: d, hour: hh, minute: mi, second: ss)
        }
        guard v.count == 15 else { return nil }
        return .local(year: y, month: m, day: d, hour: hh, minute: mi, second: ss, tzid: params["TZID"])
    }

    /// TEXT values (section 3.3.11): `\n`, `\,`, `\;`, `\\`.
    static func unescape(_ value: String) -> String {
        var out = ""
        var escaped = false
        for c in value {
            if escaped {
                out.append(c == "n" || c == "N" ? "\n" : c)
                escaped = false
            } else if c == "\\" { escaped = true } else { out.append(c) }
        }
        return out
    }
}
