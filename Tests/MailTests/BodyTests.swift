import Testing
@testable import Mail

@Suite("Bodies (MIME, RFC 2045-2046) and invitations (RFC 5545)")
struct BodyTests {
    @Test("base64 and quoted-printable decode; quoted-printable soft breaks join lines")
    func transferEncodings() {
        #expect(TransferEncoding.base64(Array("aGVsbG8g\r\nd29ybGQ=".utf8)).map { String(decoding: $0, as: UTF8.self) } == "hello world")
        #expect(TransferEncoding.base64(Array("aGk".utf8)) == Array("hi".utf8))
        #expect(TransferEncoding.base64(Array("a".utf8)) == nil)
        #expect(TransferEncoding.base64(Array("aGk=aGk=".utf8)) == nil)
        let qp = TransferEncoding.quotedPrintable(Array("caf=C3=A9 =\r\nau lait  \r\n=ZZ".utf8))
        #expect(String(decoding: qp, as: UTF8.self) == "café au lait\n=ZZ")
    }

    @Test("the first text/plain part of nested multiparts, its charset and transfer encoding read")
    func firstTextPart() throws {
        let raw = """
        From: a@x.test
        Content-Type: multipart/mixed; boundary="outer"

        preamble
        --outer
        Content-Type: multipart/alternative; boundary=inner

        --inner
        Content-Type: text/plain; charset=iso-8859-1
        Content-Transfer-Encoding: quoted-printable

        Ren=E9e Blanc for ACME-1042
        --inner
        Content-Type: text/html

        <p>ignored</p>
        --inner--
        --outer
        Content-Type: text/plain
        Content-Disposition: attachment

        attached
        --outer--
        epilogue
        """
        let m = try Message(parsing: Array(raw.utf8))
        #expect(m.text == "Renée Blanc for ACME-1042")
    }

    @Test("with no text/plain part, the text of the HTML part")
    func htmlOnly() throws {
        let raw = "Content-Type: text/html; charset=utf-8\n\n<html><style>p{}</style><p>Dear&nbsp;Dana,</p><p>Ana &amp; Ben&#33;</p></html>"
        let m = try Message(parsing: Array(raw.utf8))
        #expect(m.text == "\nDear Dana,\n\nAna & Ben!\n")
    }

    @Test("a multipart without its closing boundary is truncated; broken base64 in a text part is reported")
    func brokenBodies() {
        let truncated = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhalf a mess"
        #expect(throws: MailError(.truncated("multipart/mixed without its closing boundary (part 1 ends with the input)"), at: 47)) {
            try Message(parsing: Array(truncated.utf8))
        }
        let badBase64 = "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\nQUJD=RA==\n"
        #expect(throws: MailError.self) { try Message(parsing: Array(badBase64.utf8)) }
    }

    @Test("an unknown charset is read as UTF-8 and named")
    func unknownCharset() throws {
        let m = try Message(parsing: Array("Content-Type: text/plain; charset=x-klingon\n\nqapla\u{FF}".utf8) + [0xFF])
        #expect(m.unknownCharsets == ["x-klingon"])
        #expect(m.text?.hasPrefix("qapla") == true)
    }

    @Test("an invitation: unfolded lines, METHOD, UID, SEQUENCE, DTSTART forms, organizer and attendees with CN")
    func invitation() throws {
        let ics = [
            "BEGIN:VCALENDAR", "METHOD:REQUEST", "BEGIN:VTIMEZONE", "TZID:America/New_York", "END:VTIMEZONE",
            "BEGIN:VEVENT", "UID:int-42@acme.test", "SEQUENCE:2",
            "DTSTART;TZID=America/New_York:20261120T140000",
            "ORGANIZER;CN=\"Cho, Dana\":mailto:dana@acme.test",
            "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Ana Ng:mailto:ana.ng@exam", " ple.com",
            "ATTENDEE:MAILTO:lee@acme.test",
            "BEGIN:VALARM", "UID:not-the-event", "END:VALARM",
            "END:VEVENT", "END:VCALENDAR",
        ].joined(separator: "\r\n")
        let raw = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee invite\r\n"
            + "--b\r\nContent-Type: text/calendar; method=REQUEST\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64(ics) + "\r\n--b--\r\n"
        let m = try Message(parsing: Array(raw.utf8))
        #expect(m.text == "See invite")
        let event = try #require(m.events.first)
        #expect(event.method == "REQUEST")
        #expect(event.uid == "int-42@acme.test")
        #expect(event.sequence == 2)
        #expect(event.start == .local(year: 2026, month: 11, day: 20, hour: 14, minute: 0, second: 0, tzid: "America/New_York"))
        #expect(event.organizer == CalendarEvent.Person(address: "dana@acme.test", commonName: "Cho, Dana"))
        #expect(event.attendees == [CalendarEvent.Person(address: "ana.ng@example.com", commonName: "Ana Ng"),
                                    CalendarEvent.Person(address: "lee@acme.test", commonName: nil)])
        #expect(ICalendar.parseStart("20261120", [:]) == .date(year: 2026, month: 11, day: 20))
        #expect(ICalendar.parseStart("20261120T230000Z", [:]) == .utc(year: 2026, month: 11, day: 20, hour: 23, minute: 0, second: 0))
        #expect(ICalendar.parseStart("20261120T090000", [:]) == .local(year: 2026, month: 11, day: 20, hour: 9, minute: 0, second: 0, tzid: nil))
        #expect(ICalendar.parseStart("20261131", [:]) == nil)
    }
}

func base64(_ text: String) -> String {
    let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    let bytes = Array(text.utf8)
    var out = ""
    var i = 0
    while i < bytes.count {
        let n = bytes.count - i
        let b0 = UInt32(bytes[i]), b1 = n > 1 ? UInt32(bytes[i + 1]) : 0, b2 = n > 2 ? UInt32(bytes[i + 2]) : 0
        let v = b0 << 16 | b1 << 8 | b2
        out.append(table[Int(v >> 18 & 63)])
        out.append(table[Int(v >> 12 & 63)])
        out.append(n > 1 ? table[Int(v >> 6 & 63)] : "=")
        out.append(n > 2 ? table[Int(v & 63)] : "=")
        i += 3
        if i % 57 == 0 { out += "\r\n" }
    }
    return out
}
