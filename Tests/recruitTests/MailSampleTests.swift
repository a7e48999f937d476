import Foundation
import Recruiting
import RecruitTestSupport
import Testing

/// The bundled samples, next to the sources.
private let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/Recruiting/Resources/samples")

/// Whether the sample mailbox carries an activity of `activities.csv` (scripts/sample-mailbox.py's `carried`, kept in
/// step): invitations, e-mail status checks, replies stating no decision date or interest, thank-you and keep-in-mind
/// notes; not calls, offers, decisions, and not the two e-mail follow-ups MAIL.md types otherwise from the facts
/// before them (the samples' over-contact examples: a note after the rejection, a try after the let-go).
private func carried(_ row: [String: String]) -> Bool {
    let typedOtherwise: Set<String> = ["lea.fischer@example.com BORE-202 2026-11-09", "kai.tanaka@example.com COB-310 2026-11-12"]
    switch row["type"] {
    case "interview", "thank_you", "keep_in_mind": return true
    case "follow_up", "check_back":
        return ["email", ""].contains(row["channel"] ?? "")
            && !typedOtherwise.contains("\(row["candidate"] ?? "") \(row["opening"] ?? "") \(row["date"] ?? "")")
    case "hm_reply": return (row["decision_by"] ?? "").isEmpty && (row["interest"] ?? "").isEmpty
    default: return false
    }
}

@Suite("The sample agency as a mailbox")
struct MailSampleTests {
    @Test("the sample CSVs without the activities mail carries, plus the sample mailbox, give the queue of the CSVs alone on seven days")
    func sameQueueAsTheCSVs() async throws {
        let mailbox = samples.appendingPathComponent("mailbox.mbox").path
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: mailbox)), as: UTF8.self)
        // The variety real mail has (scripts/sample-mailbox.py).
        for sign in ["=?UTF-8?B?", "=?iso-8859-1?Q?", "=?utf-8?b?", "\r\n", "multipart/alternative", "text/html",
                     "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: quoted-printable", "METHOD:REQUEST",
                     "application/ics", "In-Reply-To: <", ",\n =?", "\n\tboundary="] {
            #expect(text.contains(sign), "the sample mailbox has \(sign.debugDescription)")
        }
        // The activities the mailbox does not carry, as a file of their own.
        let lines = try String(contentsOf: samples.appendingPathComponent("activities.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rest = lines.dropFirst().filter { line in
            !carried(Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))))
        }
        #expect(rest.count == 30, "calls, offers, decisions, replies with a decision date or interest, two retyped follow-ups")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recruit-mail-sample-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let restFile = folder.appendingPathComponent("rest.csv")
        try Data(([lines[0]] + rest).joined(separator: "\n").appending("\n").utf8).write(to: restFile)

        try await withSampleAgency { csvs in
            try await TestDatabase.with { database in
                let db = database.conninfo
                for kind in ["openings", "candidates", "applications"] {
                    let run = recruit("import", kind, samples.appendingPathComponent("\(kind).csv").path, "--database", db)
                    #expect(run.status == 0, "\(run.err)")
                }
                #expect(recruit("import", "activities", restFile.path, "--database", db).status == 0)
                let run = recruit("import", "mail", mailbox, "--database", db)
                #expect(run.status == 0, "\(run.err)")
                #expect(run.out.contains("recorded 126 activities from 137 messages read"), "\(run.out)")
                #expect(run.out.contains("for review 0, unreadable 0"), "\(run.out)")
                for day in ["2026-10-30", "2026-11-06", "2026-11-13", "2026-11-20", "2026-11-27", "2026-12-04", "2026-12-18"] {
                    let expected = recruit("queue", "--as-of", day, "--format", "json", "--database", csvs)
                    let fromMail = recruit("queue", "--as-of", day, "--format", "json", "--database", db)
                    #expect(expected.status == 0 && fromMail.status == 0)
                    #expect(expected.out.contains("\"rule\""), "the queue of \(day) has items")
                    #expect(fromMail.out == expected.out, "the queue of \(day)")
                    #expect(recruit("queue", "--as-of", day, "--database", db).out
                            == recruit("queue", "--as-of", day, "--database", csvs).out, "the text queue of \(day)")
                }
                // Importing the mailbox again records nothing.
                let again = recruit("import", "mail", mailbox, "--database", db)
                #expect(again.out.contains("recorded 0 activities from 137 messages read"), "\(again.out)")
                #expect(again.out.contains("already known 126"), "\(again.out)")
            }
        }
    }

    @Test("a gigabyte mbox line without a break, between two good messages: reported with its byte, the others imported, memory bounded")
    func gigabyteLineInAnMbox() async throws {
        try await withSampleAgency { db in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recruit-mail-huge-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            func message(_ id: String, _ day: Int) -> String {
                "From mailer@agency.test Mon Nov 23 09:00:00 2026\nFrom: sam@agency.test\nTo: Dana Cho <dana.cho@acme.example>\n"
                    + "Subject: Ana Ng\nDate: \(day) Nov 2026 09:00:00 +0000\nMessage-ID: <\(id)@agency.test>\n\nAny news?\n\n"
            }
            // Written as it streams: a good message, a message whose body is one line of 1 GiB (no line break, NUL
            // bytes: a hole in a sparse file, so nothing is written to disk), a good message.
            let path = folder.appendingPathComponent("huge.mbox").path
            let first = message("before", 23) + "From mailer@agency.test Mon Nov 23 09:00:00 2026\nFrom: sam@agency.test\nSubject: huge\n\n"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(first.utf8)))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seek(toOffset: UInt64(first.utf8.count) + (1 << 30))
            try handle.write(contentsOf: Data(("\n\n" + message("after", 24)).utf8))
            try handle.close()

            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let before = usage.ru_maxrss
            let report = try MailImport.run(try Connection(conninfo: db), paths: [path], actor: nil)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            #expect(report.read == 3)
            #expect(report.recorded["follow_up"] == 2, "\(report)")
            #expect(report.unreadable == 1)
            #expect(report.problems == ["\(path): byte \(first.utf8.count): a line is longer than 1 MiB; skipped"], "\(report.problems)")
            // ru_maxrss is in KiB: the peak grew by far less than the gigabyte (lines and messages are bounded).
            #expect(usage.ru_maxrss - before < 200 << 10, "peak resident size grew by \(usage.ru_maxrss - before) KiB")
        }
    }
}
