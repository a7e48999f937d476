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

        public init(address: String, commonName: String?) {
            self.address = address
            self.commonName = commonName
        }
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

    public init(method: String?, uid: String?, sequence: Int, start: Start?, status: String?, organizer: Person?,
                attendees: [Person], summary: String?) {
        (self.method, self.uid, self.sequence, self.start, self.status) = (method, uid, sequence, start, status)
        (self.organizer, self.attendees, self.summary) = (organizer, attendees, summary)
    }
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
        var bytes = Array(text.utf8)
        let lines = unfold(&bytes)
        for line in lines {
            guard let (name, params, value) = contentLine(bytes[line]) else { continue }
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

    /// Section 3.1: a line break followed by one space or tab is removed with that character. Works in place on
    /// the text's UTF-8 bytes: each logical line is moved down to be contiguous; returns their ranges. Empty lines
    /// are skipped; a line ends at LF, less a CR before it (and one more stray CR).
    static func unfold(_ bytes: inout [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        let count = bytes.count
        bytes.withUnsafeMutableBufferPointer { b in
            var out = 0
            var i = 0
            while i < count {
                var end = i
                while end < count, b[end] != 10 { end += 1 }
                let next = end < count ? end + 1 : end
                var contentEnd = end
                if contentEnd > i, b[contentEnd - 1] == 13 { contentEnd -= 1 }
                if end < count, contentEnd > i, b[contentEnd - 1] == 13 { contentEnd -= 1 }
                if contentEnd > i {
                    let folded = (b[i] == 32 || b[i] == 9) && !lines.isEmpty
                    let from = folded ? i + 1 : i
                    if !folded { lines.append(out..<out) }
                    for k in from..<contentEnd { b[out] = b[k]; out += 1 }
                    lines[lines.count - 1] = lines[lines.count - 1].lowerBound..<out
                }
                i = next
            }
        }
        return lines
    }

    /// `NAME *(";" param) ":" value` (section 3.1); parameter values may be quoted (and then hold `:` and `;`).
    /// Names and parameter names upper case (ASCII).
    static func contentLine(_ line: ArraySlice<UInt8>) -> (String, [String: String], String)? {
        func text(_ r: Range<Int>, upper: Bool = false) -> String {
            guard upper else { return String(decoding: line[r], as: UTF8.self) }
            return String(decoding: line[r].map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self)
        }
        let end = line.endIndex
        var i = line.startIndex
        while i < end, line[i] != 59, line[i] != 58 { i += 1 }  // ; :
        guard i < end, i > line.startIndex else { return nil }
        let name = text(line.startIndex..<i, upper: true)
        var params: [String: String] = [:]
        while i < end, line[i] == 59 {
            i += 1
            let keyStart = i
            while i < end, line[i] != 61, line[i] != 58, line[i] != 59 { i += 1 }  // = : ;
            let key = text(keyStart..<i, upper: true)
            var value: [UInt8] = []
            if i < end, line[i] == 61 {
                i += 1
                if i < end, line[i] == 34 {  // "
                    i += 1
                    let q = i
                    while i < end, line[i] != 34 { i += 1 }
                    value += line[q..<i]
                    if i < end { i += 1 }
                }
                let rest = i
                while i < end, line[i] != 59, line[i] != 58 { i += 1 }
                value += line[rest..<i]
            }
            params[key] = String(decoding: value, as: UTF8.self)
        }
        guard i < end, line[i] == 58 else { return nil }
        return (name, params, text((i + 1)..<end))
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
