import Testing
@testable import Mail

private func message(_ text: String) throws -> Message { try Message(parsing: Array(text.utf8)) }

@Suite("Headers (RFC 5322, RFC 2047)")
struct HeaderTests {
    @Test("folded fields are unfolded, with CRLF or LF line ends")
    func folding() throws {
        for eol in ["\n", "\r\n"] {
            let m = try message(["Subject: status of", "\tthe Data Analyst role", "To: a@x.test", "", "body"].joined(separator: eol))
            #expect(m.subject == "status of\tthe Data Analyst role")
            #expect(m.to == [Mailbox(address: "a@x.test")])
            #expect(m.text == "body")
        }
    }

    @Test("encoded words in B and Q, in each known charset; adjacent words join without their space")
    func encodedWords() {
        #expect(EncodedWords.decode("=?UTF-8?B?w4lsaXNl?= Roy") == "Élise Roy")
        #expect(EncodedWords.decode("=?iso-8859-1?q?Andr=E9?= =?ISO-8859-1?Q?_M=FCller?=") == "André Müller")
        #expect(EncodedWords.decode("=?iso-8859-15?Q?=A4?=") == "€")
        #expect(EncodedWords.decode("=?windows-1252?Q?=93hi=94?=") == "\u{201C}hi\u{201D}")
        #expect(EncodedWords.decode("=?us-ascii?Q?plain_text?=") == "plain text")
        #expect(EncodedWords.decode("=?utf-8?q?a?=  \t =?utf-8?q?b?= c") == "ab c")
        #expect(EncodedWords.decode("x =?utf-8?q?a?= y") == "x a y")
    }

    @Test("RFC 2231 parameters: charset and language, percent-encoding, continuations joined in order")
    func parameterEncoding() throws {
        #expect(HeaderParameters("attachment; filename*=iso-8859-1'fr'caf%E9.txt").parameters["filename"] == "café.txt")
        #expect(HeaderParameters("attachment; filename*=UTF-8''%E2%82%AC%20rate.pdf").parameters["filename"] == "€ rate.pdf")
        #expect(HeaderParameters(#"multipart/mixed; boundary*1="cd"; boundary*0="ab""#).parameters["boundary"] == "abcd")
        #expect(HeaderParameters(#"text/plain; title*0*=us-ascii'en'This%20is; title*1*=%20even; title*2=" more""#)
                .parameters["title"] == "This is even more")
        #expect(HeaderParameters(#"text/plain; name="plain"; name*=utf-8''%C3%A9"#).parameters["name"] == "é",
                "the extended value wins")
        #expect(HeaderParameters("text/plain; title*1=late").parameters["title"] == nil, "no section 0: no value")
        // A boundary given in two sections still splits the message.
        let m = try message(["Content-Type: multipart/alternative; boundary*0=\"b1\"; boundary*1=\"-x\"", "", "--b1-x",
                             "Content-Type: text/plain; charset*=''utf-8", "", "Andr\u{E9}", "--b1-x--", ""].joined(separator: "\n"))
        #expect(m.text == "André")
    }

    @Test("UTF-16 with a byte order mark or without (big-endian), -BE and -LE, in bodies and encoded words")
    func utf16() throws {
        #expect(Charset.decode([0xFF, 0xFE, 0x41, 0x00, 0xE9, 0x00], charset: "UTF-16") == "Aé")
        #expect(Charset.decode([0xFE, 0xFF, 0x00, 0x41, 0x20, 0xAC], charset: "utf-16") == "A€")
        #expect(Charset.decode([0x00, 0x41, 0xD8, 0x3D, 0xDE, 0x00], charset: "utf-16") == "A\u{1F600}")
        #expect(Charset.decode([0x41, 0x00, 0x42], charset: "utf-16le") == "A\u{FFFD}", "an odd byte at the end")
        #expect(Charset.decode([0x00, 0x41, 0x00, 0x00], charset: "utf-16be") == "A", "NUL dropped as in every charset")
        #expect(EncodedWords.decode("=?utf-16be?B?AEEA6Q==?=") == "Aé")
        let m = try message(["Content-Type: text/plain; charset=utf-16le", "Content-Transfer-Encoding: base64", "",
                             "QQBuAGEAIABOAGcA", ""].joined(separator: "\n"))
        #expect(m.text == "Ana Ng")
        #expect(m.unknownCharsets.isEmpty)
    }

    @Test("an encoded word in an unknown charset or with broken base64 stays as written")
    func unknownCharset() {
        #expect(EncodedWords.decode("=?x-unknown?Q?abc?=") == "=?x-unknown?Q?abc?=")
        #expect(EncodedWords.decode("=?utf-8?B?a?=") == "=?utf-8?B?a?=")
        #expect(EncodedWords.decode("=?utf-8?Q?no end") == "=?utf-8?Q?no end")
    }

    @Test("address lists: display names, quoted strings with commas, comments, groups, obsolete routes")
    func addresses() {
        let list = AddressList.parse(#""Cho, Dana" <Dana.Cho@Acme.test>, bob@y.test (Bob Stone), Team: a@z.test, "#
            + #"=?utf-8?q?=C3=89lise?= Roy <elise@z.test>;, <@relay.test:c@w.test>, undisclosed-recipients:;"#)
        #expect(list == [
            Mailbox(address: "Dana.Cho@Acme.test", name: "Cho, Dana"),
            Mailbox(address: "bob@y.test", name: "Bob Stone"),
            Mailbox(address: "a@z.test"),
            Mailbox(address: "elise@z.test", name: "Élise Roy"),
            Mailbox(address: "c@w.test"),
        ])
        #expect(list[0].key == "dana.cho@acme.test")
        #expect(list[0].domain == "acme.test")
    }

    @Test("dates in RFC 5322 form and the obsolete forms")
    func dates() {
        #expect(MailDate.parse("Fri, 20 Nov 2026 09:15:00 -0500")?.description == "2026-11-20T09:15:00-0500")
        #expect(MailDate.parse("20 Nov 26 09:15 EST")?.description == "2026-11-20T09:15:00-0500")
        #expect(MailDate.parse("Sat, 1 Jan 99 23:59:59 GMT")?.description == "1999-01-01T23:59:59+0000")
        #expect(MailDate.parse("Fri, 20 Apr 2001 20:18:00 -0400 (EDT)")?.description == "2001-04-20T20:18:00-0400")
        #expect(MailDate.parse("Tue, 06 Jun 2017 27:39:33 +0600") == nil)
        #expect(MailDate.parse("yesterday") == nil)
        #expect(MailDate.parse("Thu, 1 Jan 1970 00:00:00 +0000")?.secondsSince1970 == 0)
        #expect(MailDate.parse("Fri, 20 Nov 2026 23:30:00 -0500")?.secondsSince1970 == 1_795_235_400)
    }

    @Test("Message-ID, In-Reply-To and References lose their brackets and comments")
    func messageIDs() throws {
        let m = try message("Message-ID: <a1@x.test>\nIn-Reply-To: <p@x.test> (sent by Dana)\nReferences: <r1@x.test>\n <r2@x.test>\n\n")
        #expect(m.messageID == "a1@x.test")
        #expect(m.inReplyTo == ["p@x.test"])
        #expect(m.references == ["r1@x.test", "r2@x.test"])
    }

    @Test("NUL bytes and other controls never reach the decoded text")
    func controls() throws {
        let m = try Message(parsing: Array("Subject: a\u{0}b\u{7}c\n\nx\u{0}y".utf8))
        #expect(m.subject == "abc")
        #expect(m.text == "xy")
    }

    @Test("a header block larger than the limit is reported, with its position")
    func headerLimit() {
        let big = "X-Big: " + String(repeating: "a", count: 5000) + "\n\nbody"
        let limits = Limits(headerBytes: 1024)
        #expect(throws: MailError(.headerTooLarge(limit: 1024), at: 0)) {
            try Message(parsing: Array(big.utf8), limits: limits)
        }
        #expect(throws: MailError(.noHeader, at: 0)) { try Message(parsing: Array("just text\n".utf8)) }
    }
}

@Suite("Identity")
struct IdentityTests {
    @Test("SHA-256 matches FIPS 180-4's examples")
    func sha256() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("a message without Message-ID is identified by a digest of From, To, Date and Subject")
    func digestIdentity() throws {
        let a = try Message(parsing: Array("From: a@x.test\nTo: b@y.test\nDate: Fri, 20 Nov 2026 09:00:00 +0000\nSubject: s\n\none".utf8))
        let b = try Message(parsing: Array("From: a@x.test\nTo: b@y.test\nDate: Fri, 20 Nov 2026 09:00:00 +0000\nSubject: s\n\ntwo".utf8))
        let c = try Message(parsing: Array("From: a@x.test\nTo: b@y.test\nDate: Fri, 20 Nov 2026 09:00:00 +0000\nSubject: t\n\none".utf8))
        #expect(a.identity.hasPrefix("sha256:"))
        #expect(a.identity == b.identity)
        #expect(a.identity != c.identity)
    }
}
