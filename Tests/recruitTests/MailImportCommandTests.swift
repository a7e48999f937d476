import Foundation
import Recruiting
import RecruitTestSupport
import Testing

/// A message as a mail program writes it (CRLF line ends), from header lines and a body.
private func eml(_ headers: [String], _ body: String = "Regards") -> String {
    (headers + ["", body, ""]).joined(separator: "\r\n")
}

/// An mbox holding `messages`, each after its `From ` line, `From ` in bodies escaped as mboxrd does.
private func mbox(_ messages: [String]) -> String {
    messages.map { m in
        let escaped = m.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("From ") || $0.hasPrefix(">From ") ? ">" + $0 : String($0) }.joined(separator: "\n")
        // Every mbox writer ends a message with a blank line before the next `From ` line.
        return "From mailer@agency.test Mon Nov 23 09:00:00 2026\n" + escaped + (escaped.hasSuffix("\n") ? "\n" : "\n\n")
    }.joined()
}

private func invitation(uid: String, sequence: Int, method: String, start: String, id: String, date: String) -> String {
    let ics = [
        "BEGIN:VCALENDAR", "METHOD:\(method)", "BEGIN:VEVENT", "UID:\(uid)", "SEQUENCE:\(sequence)",
        "DTSTART;TZID=America/New_York:\(start)", "SUMMARY:Interview", "ORGANIZER;CN=Dana Cho:mailto:dana.cho@acme.example",
        "ATTENDEE;CN=Rosa Lima:mailto:rosa.lima@example.com", "ATTENDEE;CN=Lee Park:mailto:lee.park@acme.example",
        "END:VEVENT", "END:VCALENDAR",
    ].joined(separator: "\r\n")
    return eml([
        "From: Dana Cho <dana.cho@acme.example>", "To: rosa.lima@example.com, Sam <sam@agency.test>",
        "Subject: Interview", "Date: \(date)", "Message-ID: <\(id)>", "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"xx\"",
    ], "--xx\r\nContent-Type: text/plain\r\n\r\nSee the invitation.\r\n--xx\r\nContent-Type: text/calendar; method=\(method); charset=utf-8\r\n\r\n"
        + ics + "\r\n--xx--")
}

/// The activities recorded from mail: candidate, opening, day, type, by, with.
private func mailActivities(_ conninfo: String) throws -> [String] {
    let connection = try Connection(conninfo: conninfo)
    return try connection.query("""
        SELECT c.email || ' ' || ap.opening_id || ' ' || act.occurred_on || ' ' || act.type || ' ' || coalesce(act.by::text, '-')
               || ' [' || array_to_string(act.with_names, ';') || ']'
        FROM activities act JOIN applications ap ON ap.id = act.application_id JOIN candidates c ON c.id = ap.candidate_id
        WHERE act.note LIKE '%[mail %' ORDER BY 1
        """).rows.map { $0[0] ?? "" }
}

private func folder() throws -> URL {
    URL(fileURLWithPath: try TemporaryFiles.folder("mail"))
}

private func write(_ text: String, _ url: URL) throws -> String {
    try Data(text.utf8).write(to: url)
    return url.path
}

@Suite("recruit import mail (MAIL.md)")
struct MailImportCommandTests {
    @Test("a status check and the hiring manager's reply in its thread: a follow-up, then an hm_reply on the same application")
    func threadReply() async throws {
        try await withSampleAgency { db in
            let dir = try folder()
            let out = try write(eml(["From: Sam <sam@agency.test>", "To: Dana Cho <dana.cho@acme.example>",
                                     "Subject: Ana Ng for ACME-1042", "Date: Mon, 23 Nov 2026 09:00:00 +0000",
                                     "Message-ID: <out-1@agency.test>"]), dir.appendingPathComponent("1.eml"))
            let reply = try write(eml(["From: Dana Cho <dana.cho@acme.example>", "To: sam@agency.test",
                                       "Subject: Re: status", "Date: Tue, 24 Nov 2026 10:00:00 +0000",
                                       "Message-ID: <in-1@acme.example>", "In-Reply-To: <out-1@agency.test>"],
                                      "We will decide next week."), dir.appendingPathComponent("2.eml"))
            let run = recruit("import", "mail", reply, out, "--database", db)
            #expect(run.status == 0, "\(run.err)")
            #expect(run.out.contains("recorded 2 activities from 2 messages read"), "\(run.out)")
            #expect(try mailActivities(db) == [
                "ana.ng@example.com ACME-1042 2026-11-23 follow_up recruiter [Dana Cho]",
                "ana.ng@example.com ACME-1042 2026-11-24 hm_reply client [Dana Cho]",
            ])
            let explain = recruit("explain", "--candidate", "ana.ng@example.com", "--opening", "ACME-1042", "--database", db)
            #expect(explain.out.contains("""
                From mail (recruit import mail):
                  2026-11-23  follow_up     message out-1@agency.test
                  2026-11-24  hm_reply      message in-1@acme.example
                """), "\(explain.out)")
            let again = recruit("import", "mail", out, reply, "--database", db)
            #expect(again.out.contains("recorded 0 activities from 2 messages read"), "\(again.out)")
            #expect(again.out.contains("already known 2"))
            #expect(try mailActivities(db).count == 2)
        }
    }

    @Test("one status check naming two candidates is one activity on each application")
    func twoCandidates() async throws {
        try await withSampleAgency { db in
            let path = try write(eml(["From: sam@agency.test", "To: Priya Shah <priya.shah@acme.example>",
                                      "Subject: Data Analyst: two updates", "Date: Mon, 23 Nov 2026 09:00:00 +0000",
                                      "Message-ID: <two@agency.test>"],
                                     "Any news on Bea Weiss and on\r\nIris   Dahl?"), try folder().appendingPathComponent("m.eml"))
            let run = recruit("import", "mail", path, "--database", db)
            #expect(run.status == 0, "\(run.err)")
            #expect(try mailActivities(db) == [
                "bea.weiss@example.com ACME-1043 2026-11-23 follow_up recruiter [Priya Shah]",
                "iris.dahl@example.com ACME-1043 2026-11-23 follow_up recruiter [Priya Shah]",
            ])
        }
    }

    @Test("an invitation records an interview; a re-sent one with a higher SEQUENCE moves it; a CANCEL removes it")
    func invitations() async throws {
        try await withSampleAgency { db in
            let dir = try folder()
            let first = try write(invitation(uid: "int-7@acme.example", sequence: 0, method: "REQUEST", start: "20261125T150000",
                                             id: "i1@acme.example", date: "Mon, 23 Nov 2026 09:00:00 +0000"),
                                  dir.appendingPathComponent("1.eml"))
            #expect(recruit("import", "mail", first, "--database", db).status == 0)
            #expect(try mailActivities(db) == ["rosa.lima@example.com ACME-1042 2026-11-25 interview client [Lee Park;Dana Cho]"])
            let moved = try write(invitation(uid: "int-7@acme.example", sequence: 1, method: "REQUEST", start: "20261127T220000",
                                             id: "i2@acme.example", date: "Tue, 24 Nov 2026 09:00:00 +0000"),
                                  dir.appendingPathComponent("2.eml"))
            let run = recruit("import", "mail", moved, "--database", db)
            #expect(run.out.contains("interviews moved 1, cancelled 0"), "\(run.out)")
            // 22:00 in New York is 03:00 the next day in the agency's zone (UTC).
            #expect(try mailActivities(db) == ["rosa.lima@example.com ACME-1042 2026-11-28 interview client [Lee Park;Dana Cho]"])
            let cancel = try write(invitation(uid: "int-7@acme.example", sequence: 2, method: "CANCEL", start: "20261127T220000",
                                              id: "i3@acme.example", date: "Wed, 25 Nov 2026 09:00:00 +0000"),
                                   dir.appendingPathComponent("3.eml"))
            let cancelled = recruit("import", "mail", cancel, "--database", db)
            #expect(cancelled.out.contains("interviews moved 0, cancelled 1"), "\(cancelled.out)")
            #expect(try mailActivities(db) == [])
        }
    }

    @Test("the same message in two mailboxes is recorded once")
    func twoMailboxes() async throws {
        try await withSampleAgency { db in
            let dir = try folder()
            let message = eml(["From: Ana Ng <ana.ng@example.com>", "To: Dana Cho <dana.cho@acme.example>",
                               "Subject: Thank you", "Date: Thu, 19 Nov 2026 18:00:00 +0000", "Message-ID: <ty@example.com>"],
                              "Thank you for today.\r\nFrom my side, all good.")
            let single = try write(message, dir.appendingPathComponent("ty.eml"))
            let box = try write(mbox([message]), dir.appendingPathComponent("journal.mbox"))
            let maildir = dir.appendingPathComponent("Maildir")
            try FileManager.default.createDirectory(at: maildir.appendingPathComponent("cur"), withIntermediateDirectories: true)
            _ = try write(message, maildir.appendingPathComponent("cur/1700000000.1.host:2,S"))
            let run = recruit("import", "mail", single, box, maildir.path, "--database", db)
            #expect(run.status == 0, "\(run.err)")
            #expect(run.out.contains("recorded 1 activity from 3 messages read"), "\(run.out)")
            #expect(run.out.contains("already known 2"))
            // Ana's interview with Dana Cho was on 2026-11-19 (the sample): her note the same day is a thank-you.
            #expect(try mailActivities(db) == ["ana.ng@example.com ACME-1042 2026-11-19 thank_you candidate [Dana Cho]"])
        }
    }

    @Test("an ambiguous message goes to review and records nothing; mail assign places it")
    func ambiguousToReview() async throws {
        try await withSampleAgency { db in
            // Uma Pace is on ACME-1043 (Priya Shah) and ACME-1045 (Dana Cho), both at Acme: the client alone
            // cannot say which.
            let path = try write(eml(["From: Dana Cho <dana.cho@acme.example>", "To: sam@agency.test",
                                      "Subject: About Uma Pace", "Date: Tue, 24 Nov 2026 10:00:00 +0000",
                                      "Message-ID: <amb@acme.example>"], "Can we talk about her?"),
                                 try folder().appendingPathComponent("a.eml"))
            let run = recruit("import", "mail", path, "--database", db)
            #expect(run.status == 0, "\(run.err)")
            #expect(run.out.contains("for review 1"), "\(run.out)")
            #expect(try mailActivities(db) == [])
            let review = recruit("mail", "review", "--format", "json", "--database", db)
            #expect(review.status == 0, "\(review.err)")
            let items = try #require(try JSONSerialization.jsonObject(with: Data(review.out.utf8)) as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["message_id"] as? String == "amb@acme.example")
            #expect((items.first?["reason"] as? String)?.contains("uma.pace@example.com has 2 applications") == true)
            let assign = recruit("mail", "assign", "<amb@acme.example>", "--candidate", "uma.pace@example.com",
                                 "--opening", "ACME-1045", "--database", db)
            #expect(assign.status == 0, "\(assign.err)")
            #expect(try mailActivities(db) == ["uma.pace@example.com ACME-1045 2026-11-24 hm_reply client [Dana Cho]"])
            #expect(recruit("mail", "review", "--database", db).out.contains("no messages to review"))
            let unknown = recruit("mail", "assign", "nope@x", "--candidate", "uma.pace@example.com", "--opening", "ACME-1045", "--database", db)
            #expect(unknown.status == 1)
            #expect(unknown.err.contains("no message nope@x in the review list"))
        }
    }

    @Test("forgetting a candidate removes the messages about them waiting for review")
    func forgetClearsReview() async throws {
        try await withSampleAgency { db in
            let path = try write(eml(["From: Dana Cho <dana.cho@acme.example>", "To: sam@agency.test",
                                      "Subject: About Uma Pace", "Date: Tue, 24 Nov 2026 10:00:00 +0000",
                                      "Message-ID: <forget@acme.example>"], "Can we talk about her?"),
                                 try folder().appendingPathComponent("f.eml"))
            #expect(recruit("import", "mail", path, "--database", db).out.contains("for review 1"))
            #expect(recruit("mail", "review", "--database", db).out.contains("Uma Pace"))
            let forgot = recruit("forget", "--candidate", "uma.pace@example.com", "--database", db)
            #expect(forgot.status == 0, "\(forgot.err)")
            let after = recruit("mail", "review", "--database", db).out
            #expect(after.contains("no messages to review") && !after.contains("Uma"), "\(after)")
        }
    }

    @Test("messages among the agency and candidates only are not activities; a dry run writes nothing")
    func notActivitiesAndDryRun() async throws {
        try await withSampleAgency { db in
            let dir = try folder()
            let agencyOnly = try write(eml(["From: sam@agency.test", "To: ana.ng@example.com", "Subject: Prep for ACME-1042",
                                          "Date: Mon, 23 Nov 2026 09:00:00 +0000", "Message-ID: <prep@agency.test>"]),
                                     dir.appendingPathComponent("1.eml"))
            let keep = try write(eml(["From: Hana Kim <hana.kim@example.com>", "To: Marcus Lee <m.lee@borealis.example>",
                                      "Subject: Thanks again", "Date: Fri, 20 Nov 2026 09:00:00 +0000",
                                      "Message-ID: <kim@example.com>"]), dir.appendingPathComponent("2.eml"))
            let dry = recruit("import", "mail", agencyOnly, keep, "--dry-run", "--database", db)
            #expect(dry.status == 0, "\(dry.err)")
            #expect(dry.out.contains("dry run: would record 1 activity from 2 messages read"), "\(dry.out)")
            #expect(dry.out.contains("keep_in_mind 1"))
            #expect(dry.out.contains("not activities 1"))
            #expect(try mailActivities(db) == [])
            #expect(recruit("import", "mail", agencyOnly, keep, "--database", db).status == 0)
            // BORE-201 was filled on 2026-08-10 by someone else: Hana's note after it is a keep-in-mind.
            #expect(try mailActivities(db) == ["hana.kim@example.com BORE-201 2026-11-20 keep_in_mind candidate []"])
            let audit = recruit("audit", "--database", db)
            #expect(audit.out.contains("mail.import"))
            #expect(!audit.out.contains("hana"))
        }
    }

    @Test("hostile input: truncated, NUL bytes, an unknown charset, no header; each reported with file and byte, the rest imported")
    func hostileInput() async throws {
        try await withSampleAgency { db in
            let good = eml(["From: sam@agency.test", "To: Dana Cho <dana.cho@acme.example>", "Subject: Ana Ng",
                            "Date: Mon, 23 Nov 2026 09:00:00 +0000", "Message-ID: <good@agency.test>"])
            let truncated = "From: sam@agency.test\nTo: dana.cho@acme.example\nSubject: cut\nContent-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: text/plain\n\nAna Ng is gre"
            let nul = "From: sam@agency.test\nTo: dana.cho@acme.example\nSubject: Ana\u{0} update\nDate: Mon, 23 Nov 2026 11:00:00 +0000\nMessage-ID: <nul@agency.test>\n\nAna Ng\u{0} is keen"
            let klingon = "From: sam@agency.test\nTo: dana.cho@acme.example\nSubject: =?x-klingon?Q?qapla?=\nDate: Mon, 23 Nov 2026 12:00:00 +0000\nMessage-ID: <kl@agency.test>\nContent-Type: text/plain; charset=x-klingon\n\nAna Ng\n"
            let noHeader = "this is not a message at all\n"
            let path = try write(mbox([good, truncated, nul, klingon, noHeader]), try folder().appendingPathComponent("bad.mbox"))
            let run = recruit("import", "mail", path, "--database", db)
            #expect(run.status == 0, "\(run.err)")
            #expect(run.out.contains("from 5 messages read"), "\(run.out)")
            #expect(run.out.contains("unreadable 2"), "\(run.out)")
            #expect(run.err.contains("bad.mbox: byte "), "\(run.err)")
            #expect(run.err.contains("truncated"))
            #expect(run.err.contains("no header block"))
            #expect(!run.err.contains("Ana Ng"), "no personal data in errors")
            let recorded = try mailActivities(db)
            #expect(recorded.count == 3, "\(recorded)")
            let notes = try Connection(conninfo: db).query("SELECT note FROM activities WHERE note LIKE '%[mail %' ORDER BY id").rows
            #expect(notes.contains { $0[0]?.hasPrefix("Ana update [mail ") == true })
        }
    }

    @Test("a missing path or a folder that is not a Maildir is refused before anything is written")
    func badPaths() async throws {
        try await withSampleAgency { db in
            let missing = recruit("import", "mail", "/nonexistent/box.mbox", "--database", db)
            #expect(missing.status == 1)
            #expect(missing.err.contains("/nonexistent/box.mbox: no such file or folder; nothing was imported"))
            let plain = try folder()
            let notMaildir = recruit("import", "mail", plain.path, "--database", db)
            #expect(notMaildir.status == 1)
            #expect(notMaildir.err.contains("not a Maildir"))
            #expect(recruit("import", "mail", "--database", db).status == 2)
            #expect(recruit("import", "openings", "--help").status == 0, "import KIND FILE still parses as before")
        }
    }

    @Test("agency_domains is a policy key: policy show lists it, and its addresses are the agency's")
    func agencyDomains() async throws {
        try await withSampleAgency { db in
            #expect(recruit("policy", "show", "--database", db).out.contains("agency_domains"))
            let path = try write(eml(["From: Ola <ola@staff.agency.test>", "To: Dana Cho <dana.cho@acme.example>",
                                      "Subject: Ana Ng for ACME-1042", "Date: Mon, 23 Nov 2026 09:00:00 +0000",
                                      "Message-ID: <ola@agency.test>"]), try folder().appendingPathComponent("o.eml"))
            #expect(recruit("import", "mail", path, "--dry-run", "--database", db).out.contains("not activities 1"))
            #expect(recruit("policy", "set", "agency_domains=staff.agency.test", "--database", db).status == 0)
            #expect(recruit("policy", "set", "agency_domains=not a domain", "--database", db).status != 0)
            let forClient = recruit("policy", "set", "--client", "Acme Corp", "agency_domains=acme.example", "--database", db)
            #expect(forClient.status != 0)
            #expect(forClient.err.contains("no client value: it is the agency's"), "\(forClient.err)")
            let run = recruit("import", "mail", path, "--database", db)
            #expect(run.out.contains("follow_up 1"), "\(run.out)")
        }
    }

    @Test("an mbox on standard input; a 10 MB header block and a gigabyte without line breaks are reported, not loaded whole")
    func standardInputAndLimits() async throws {
        try await withSampleAgency { db in
            let dir = try folder()
            let good = eml(["From: sam@agency.test", "To: Dana Cho <dana.cho@acme.example>", "Subject: Ana Ng",
                            "Date: Mon, 23 Nov 2026 09:00:00 +0000", "Message-ID: <stdin@agency.test>"])
            let box = try write(mbox([good]), dir.appendingPathComponent("in.mbox"))
            let big = try write("X-Big: " + String(repeating: "a", count: 10 << 20) + "\n\nbody\n", dir.appendingPathComponent("big.eml"))
            let connection = try Connection(conninfo: db)
            let input = try #require(FileHandle(forReadingAtPath: box))
            let report = try MailImport.run(connection, paths: ["-", big], actor: nil, standardInput: input)
            #expect(report.read == 2)
            #expect(report.recorded["follow_up"] == 1)
            #expect(report.unreadable == 1)
            #expect(report.problems == ["\(big): byte 0: the header block is larger than 1 MiB without its blank line; skipped"])

            // A gigabyte without a line break (a sparse file: nothing is written to disk), as a message and as an
            // mbox (64 MiB here, read in 1 MiB chunks): each is one line of stderr, and the run goes on.
            let huge = dir.appendingPathComponent("huge.eml").path
            #expect(FileManager.default.createFile(atPath: huge, contents: Data("X".utf8)))
            try FileHandle(forWritingAtPath: huge)!.truncate(atOffset: 1 << 30)
            let hugeBox = dir.appendingPathComponent("huge.mbox").path
            #expect(FileManager.default.createFile(atPath: hugeBox, contents: Data("From a Mon Nov 23 09:00:00 2026\n".utf8)))
            try FileHandle(forWritingAtPath: hugeBox)!.truncate(atOffset: 64 << 20)
            let run = recruit("import", "mail", huge, hugeBox, "--dry-run", "--database", db)
            #expect(run.status == 0, "\(run.err)")
            #expect(run.err.contains("huge.eml: byte 0: the message is larger than 32 MiB; skipped"), "\(run.err)")
            #expect(run.err.contains("huge.mbox: byte 32: a line is longer than 1 MiB; skipped"), "\(run.err)")
            #expect(run.out.contains("unreadable 2"))
        }
    }

    @Test("after the chain let go and its check-back came due, the recruiter's note is a check_back; before, a follow_up; the candidate's, a follow_up")
    func checkBack() async throws {
        try await withSampleAgency { db in
            // Eli Moreau on COB-310: a follow-up on 2026-08-12 and a call on 2026-09-02 went unanswered (cap 2), so
            // the chain let go on 2026-09-02 and its check-back is due 2026-11-02.
            let dir = try folder()
            func note(_ from: String, _ date: String, _ id: String) throws -> String {
                try write(eml(["From: \(from)", "To: Ines Park <ines.park@cobalt.example>", "Subject: Eli Moreau",
                               "Date: \(date)", "Message-ID: <\(id)>"]), dir.appendingPathComponent(id + ".eml"))
            }
            let early = try note("lou@agency.test", "Tue, 20 Oct 2026 09:00:00 +0000", "early@agency.test")
            let due = try note("lou@agency.test", "Mon, 23 Nov 2026 09:00:00 +0000", "due@agency.test")
            let own = try note("Eli <eli.moreau@example.com>", "Tue, 24 Nov 2026 09:00:00 +0000", "own@example.com")
            let run = recruit("import", "mail", own, due, early, "--database", db)
            #expect(run.status == 0, "\(run.err)")
            #expect(try mailActivities(db) == [
                "eli.moreau@example.com COB-310 2026-10-20 follow_up recruiter [Ines Park]",
                "eli.moreau@example.com COB-310 2026-11-23 check_back recruiter [Ines Park]",
                "eli.moreau@example.com COB-310 2026-11-24 follow_up candidate [Ines Park]",
            ])
        }
    }

    @Test("a candidate on two openings is placed by the opening id named, or by the one client among the parties; the day is the agency's")
    func placementAndDay() async throws {
        try await withSampleAgency { db in
            #expect(recruit("policy", "set", "timezone=America/New_York", "--database", db).status == 0)
            let dir = try folder()
            // Uma Pace: ACME-1043 and ACME-1045, both at Acme; the opening id decides.
            let byOpening = try write(eml(["From: sam@agency.test", "To: Dana Cho <dana.cho@acme.example>",
                                           "Subject: Uma Pace, QA Lead (ACME-1045)", "Date: Tue, 24 Nov 2026 02:30:00 +0000",
                                           "Message-ID: <uma@agency.test>"]), dir.appendingPathComponent("1.eml"))
            // Gil Brandt: COB-311 (Cobalt) and ACME-1045 (Acme); only Cobalt is among the parties.
            let byClient = try write(eml(["From: lou@agency.test", "To: Ines Park <ines.park@cobalt.example>",
                                          "Subject: Gil Brandt", "Date: Tue, 24 Nov 2026 15:00:00 +0000",
                                          "Message-ID: <gil@agency.test>"]), dir.appendingPathComponent("2.eml"))
            let run = recruit("import", "mail", byOpening, byClient, "--database", db)
            #expect(run.status == 0, "\(run.err)")
            // 02:30 UTC on the 24th is 21:30 on the 23rd in New York.
            #expect(try mailActivities(db) == [
                "gil.brandt@example.com COB-311 2026-11-24 follow_up recruiter [Ines Park]",
                "uma.pace@example.com ACME-1045 2026-11-23 follow_up recruiter [Dana Cho]",
            ])
        }
    }
}

