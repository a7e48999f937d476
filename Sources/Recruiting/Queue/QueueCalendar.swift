import Policies

/// The queue as an RFC 5545 calendar: one VTODO per item, due on its due date (all-day), so recruiters can see the
/// day's work in the calendar program they already use (`recruit queue --format ics`, and the web workspace's
/// calendar feed).
public enum QueueCalendar {
    /// Writes the calendar in chunks, its to-dos rendered in parallel runs (however large the queue, memory holds a
    /// few runs, not the whole calendar).
    public static func write(_ queue: QueueItems, asOf: Day, to output: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var head: [UInt8] = []
        for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//recruit//follow-up queue//EN", "CALSCALE:GREGORIAN",
                     "X-WR-CALNAME:recruit queue \(asOf)"] {
            appendLine(Array(line.utf8), to: &head)
        }
        var tail: [UInt8] = []
        appendLine(Array("END:VCALENDAR".utf8), to: &tail)
        let stamp = compact(asOf) + "T000000Z"
        try queue.write(queue.pieces(head: head, tail: tail), renderingNamed: { item, names, _, out in
            appendToDo(item, names: names, stamp: stamp, to: &out)
        }, to: output)
    }

    /// Appends an item's VTODO, due on its due date (all-day). Its summary names the candidate and the opening's
    /// title where they are known, the e-mail and opening id after them ("Bea Weiss · Data Analyst
    /// (bea.weiss@example.com / ACME-1043)").
    static func appendToDo(_ item: Recommendation, names: QueueItems.Names = .init(candidate: nil, openingTitle: nil),
                           stamp: String, to out: inout [UInt8]) {
        let who: String
        if let email = item.candidate {
            let name = names.candidate?.onOneLine, title = item.opening == nil ? nil : names.openingTitle?.onOneLine
            if name == nil && title == nil {
                who = "\(email) / \(item.opening ?? "")"
            } else {
                let ids = [name == nil ? nil : email, title == nil ? nil : item.opening].compactMap { $0 }
                who = "\(name ?? email) · \(title ?? item.opening ?? "") (\(ids.joined(separator: " / ")))"
            }
        } else {
            who = item.hiringManager ?? item.client
        }
        var line: [UInt8] = []
        func property(_ name: String, _ value: String, escaped: Bool = false) {
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: name.utf8)
            line.append(UInt8(ascii: ":"))
            if escaped { escape(value, to: &line) } else { line.append(contentsOf: value.utf8) }
            appendLine(line, to: &out)
        }
        property("BEGIN", "VTODO")
        property("UID", uid(item))
        property("DTSTAMP", stamp)
        property("DTSTART;VALUE=DATE", compact(item.due))
        property("DUE;VALUE=DATE", compact(item.deadline ?? item.due.adding(days: 1)))
        property("SUMMARY", "\(item.rule.rawValue) (\(item.actor.rawValue)): \(who)", escaped: true)
        property("DESCRIPTION", item.reason.description, escaped: true)
        property("CATEGORIES", item.kind.rawValue, escaped: true)
        property("PRIORITY", item.kind == .overContact ? "1" : item.overdue ? "3" : "5")
        property("STATUS", "NEEDS-ACTION")
        property("END", "VTODO")
    }

    /// `YYYYMMDD`.
    static func compact(_ day: Day) -> String { String(decoding: day.description.utf8.filter { $0 != 0x2D }, as: UTF8.self) }

    /// A stable identifier, so a re-exported calendar updates the same to-dos instead of adding copies.
    static func uid(_ item: Recommendation) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var first = true
        for field in [item.rule.rawValue, item.candidate ?? "", item.opening ?? "", item.client, item.hiringManager ?? "",
                      item.due.description] {
            if !first {
                hash ^= 0x1F
                hash = hash &* 0x0000_0100_0000_01b3
            }
            first = false
            for byte in field.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        return String(hash, radix: 16) + "@recruit"
    }

    /// TEXT escaping of RFC 5545 section 3.3.11: backslash, semicolon and comma escaped, a line feed written as
    /// `\\n`, a carriage return left out (so CR LF is one `\\n`).
    static func escape(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: ";"), UInt8(ascii: ","):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: break
            default: out.append(byte)
            }
        }
    }

    /// Appends a content line and its CRLF, folded (CRLF and a space) so that no line is longer than 75 octets,
    /// never inside a UTF-8 character.
    static func appendLine(_ line: [UInt8], to out: inout [UInt8]) {
        var start = 0
        var limit = 75
        while line.count - start > limit {
            var end = start + limit
            // Back to the first byte of a character: continuation bytes are 10xxxxxx.
            while end > start + 1 && line[end] & 0xC0 == 0x80 { end -= 1 }
            out.append(contentsOf: line[start..<end])
            out.append(contentsOf: [0x0D, 0x0A, 0x20])
            start = end
            limit = 74
        }
        out.append(contentsOf: line[start...])
        out.append(contentsOf: [0x0D, 0x0A])
    }
}
