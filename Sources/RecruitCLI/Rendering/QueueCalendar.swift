import Policies
import Recruiting

/// The queue as an RFC 5545 calendar: one VTODO per item, due on its due date (all-day), so recruiters can see the
/// day's work in the calendar program they already use.
enum QueueCalendar {
    /// Writes the calendar in chunks, its to-dos rendered in parallel runs (however large the queue, memory holds a
    /// few runs, not the whole calendar).
    static func write(_ queue: QueueItems, asOf: Day, to output: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//recruit//follow-up queue//EN", "CALSCALE:GREGORIAN",
                    "X-WR-CALNAME:recruit queue \(asOf)"]
        let stamp = compact(asOf) + "T000000Z"
        try queue.write(queue.pieces(head: lines(head), tail: lines(["END:VCALENDAR"])), rendering: { item, _, out in
            out.append(contentsOf: lines(toDo(item, stamp: stamp)))
        }, to: output)
    }

    /// The VTODO of one item, unfolded.
    static func toDo(_ item: Recommendation, stamp: String) -> [String] {
        let who = item.candidate.map { "\($0) / \(item.opening ?? "")" } ?? item.hiringManager ?? item.client
        return [
            "BEGIN:VTODO",
            "UID:\(uid(item))",
            "DTSTAMP:\(stamp)",
            "DTSTART;VALUE=DATE:\(compact(item.due))",
            "DUE;VALUE=DATE:\(compact(item.deadline ?? item.due.adding(days: 1)))",
            "SUMMARY:\(escape("\(item.rule.rawValue) (\(item.actor.rawValue)): \(who)"))",
            "DESCRIPTION:\(escape(item.reason.description))",
            "CATEGORIES:\(escape(item.kind.rawValue))",
            "PRIORITY:\(item.kind == .overContact ? 1 : item.overdue ? 3 : 5)",
            "STATUS:NEEDS-ACTION",
            "END:VTODO",
        ]
    }

    /// Content lines as the calendar's bytes: each folded, each ending in CRLF.
    static func lines(_ lines: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for line in lines {
            bytes.append(contentsOf: fold(line).utf8)
            bytes.append(contentsOf: [0x0D, 0x0A])
        }
        return bytes
    }

    static func compact(_ day: Day) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    /// A stable identifier, so a re-exported calendar updates the same to-dos instead of adding copies.
    static func uid(_ item: Recommendation) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let key = [item.rule.rawValue, item.candidate ?? "", item.opening ?? "", item.client, item.hiringManager ?? "", item.due.description]
            .joined(separator: "\u{1F}")
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16) + "@recruit"
    }

    /// TEXT escaping of RFC 5545 section 3.3.11.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(ch)
            }
        }
        return out
    }

    /// Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var size = 0
        for ch in line {
            let width = String(ch).utf8.count
            if size + width > (parts.isEmpty ? 75 : 74) {
                parts.append(current)
                current = ""
                size = 0
            }
            current.append(ch)
            size += width
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
