// Printed figures for reading mail (Sources/Mail): an mbox of N messages of about 8 KB each (a multipart with a
// text part, an HTML part and, one message in ten, an invitation), split and parsed in one pass, fed in 1 MiB
// chunks as `recruit import mail` reads a file. Usage: mail-bench [N] (default 100000). Not a test.
import Foundation
import Mail

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 100_000 : 100_000

func message(_ i: Int) -> String {
    let prose = String(repeating: "We met Ana Ng on Thursday about ACME-1042 and will decide next week. ", count: 72)
    var parts = """
        --b\(i)\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: quoted-printable\r
        \r
        Dear Sam,=20\r
        \(prose)\r
        --b\(i)\r
        Content-Type: text/html; charset=utf-8\r
        \r
        <p>\(prose.prefix(2000))</p>\r

        """
    if i % 10 == 0 {
        parts += """
            --b\(i)\r
            Content-Type: text/calendar; method=REQUEST\r
            \r
            BEGIN:VCALENDAR\r
            METHOD:REQUEST\r
            BEGIN:VEVENT\r
            UID:int-\(i)@acme.example\r
            SEQUENCE:0\r
            DTSTART;TZID=America/New_York:20261125T150000\r
            ORGANIZER;CN=Dana Cho:mailto:dana.cho@acme.example\r
            ATTENDEE;CN=Ana Ng:mailto:ana.ng@example.com\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
    }
    return """
        From sam@agency.test Mon Nov 23 09:00:00 2026\r
        From: =?utf-8?q?Dana_Ch=C3=B4?= <dana.cho@acme.example>\r
        To: "Lane, Sam" <sam@agency.test>, Ana Ng <ana.ng@example.com>\r
        Subject: =?utf-8?b?UmU6IEFuYSBOZyDigJMgQUNNRS0xMDQy?=\r
        Date: Mon, 23 Nov 2026 09:\(String(format: "%02d", i % 60)):00 -0500\r
        Message-ID: <m\(i)@acme.example>\r
        In-Reply-To: <o\(i)@agency.test>\r
        References: <r\(i)@agency.test>\r
         <o\(i)@agency.test>\r
        MIME-Version: 1.0\r
        Content-Type: multipart/alternative; boundary="b\(i)"\r
        \r
        \(parts)--b\(i)--\r
        \r

        """
}

// 1,000 distinct messages, cycled: the input is streamed, so the resident size is the reader's, not the input's.
let distinct = (0..<min(count, 1000)).map { Array(message($0).utf8) }
let averageBytes = distinct.reduce(0) { $0 + $1.count } / max(distinct.count, 1)
print("mbox: \(count) messages, about \((count * averageBytes) >> 20) MiB, \(averageBytes) bytes each")

struct Tally { var parsed = 0, events = 0, textBytes = 0 }

func run() -> (Tally, Int) {
    var tally = Tally()
    var reader = MboxReader()
    func take(_ items: [MboxReader.Item]) {
        for case let .message(bytes, _) in items {
            guard let m = try? Message(parsing: bytes) else { continue }
            tally.parsed += 1
            tally.events += m.events.count
            tally.textBytes += m.text?.utf8.count ?? 0
            _ = (m.from, m.to, m.cc, m.date, m.identity, m.subject, m.inReplyTo, m.references)
        }
    }
    var chunk: [UInt8] = []
    var total = 0
    for i in 0..<count {
        chunk += distinct[i % distinct.count]
        if chunk.count >= 1 << 20 {
            total += chunk.count
            take(reader.feed(chunk))
            chunk.removeAll(keepingCapacity: true)
        }
    }
    total += chunk.count
    take(reader.feed(chunk))
    take(reader.finish())
    return (tally, total)
}

let start = Date()
let (tally, total) = run()
let seconds = Date().timeIntervalSince(start)
print(String(format: "parsed %d messages (%d invitations, %d MiB of text) in %.2f s: %.0f messages/s, %.0f MB/s",
             tally.parsed, tally.events, tally.textBytes >> 20, seconds, Double(tally.parsed) / seconds,
             Double(total) / 1_048_576 / seconds))
