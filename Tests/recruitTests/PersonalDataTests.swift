import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Policies
import Recruiting
import RecruitTestSupport
import Testing

/// `recruit forget`, `export --candidate`, `retention`, `backup` and `restore` (issue 17), through the commands, on
/// the sample agency in a real database, checked against the tables themselves and against `pg_dump`.
@Suite("Personal data")
struct PersonalDataTests {
    static let demoDay = Day(year: 2026, month: 11, day: 20)
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Recruiting/Resources/samples")

    /// One more candidate of Acme Corp, with personal data found nowhere else in the samples: two interviews on one
    /// day that differ only in their names and notes (one natural key once those are gone), and a thank-you.
    static let zelda = (
        email: "zelda.quorrington@example.com",
        personal: ["zelda.quorrington", "Zelda", "Quorrington", "555-0199", "Xavierine", "Zurich office", "tangram"],
        candidates: """
            email,first_name,last_name,phone,source,recruiter,notes
            zelda.quorrington@example.com,Zelda,Quorrington,+1-555-0199,referred by Xavierine,,prefers the Zurich office

            """,
        applications: """
            candidate,opening,stage,stage_date,submitted_on,decision_by,interest,recruiter
            zelda.quorrington@example.com,ACME-1042,interviewing,,2026-11-02,,,sam@agency.test

            """,
        activities: """
            candidate,opening,date,type,by,with,channel,decision_by,interest,note
            zelda.quorrington@example.com,ACME-1042,2026-11-12,interview,client,Dana Cho,in_person,,,solved the tangram fast
            zelda.quorrington@example.com,ACME-1042,2026-11-12,interview,client,Priya Shah,in_person,,,
            zelda.quorrington@example.com,ACME-1042,2026-11-13,thank_you,candidate,Dana Cho,email,,,

            """)

    /// Writes Zelda's three files into `folder`; returns their paths in import order.
    static func writeZelda(into folder: URL) throws -> [(kind: String, path: String)] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try [("candidates", zelda.candidates), ("applications", zelda.applications), ("activities", zelda.activities)]
            .map { kind, text in
                let path = folder.appendingPathComponent("zelda-\(kind).csv").path
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                return (kind, path)
            }
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("recruit-privacy-\(UUID().uuidString)")
    }

    // MARK: - forget

    @Test("forget leaves none of the person's data in a pg_dump, keeps the client's counts, and re-imports say erased")
    func forgetErasesEverywhere() async throws {
        try await withSampleAgency { conninfo in
            let folder = Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let zeldaFiles = try Self.writeZelda(into: folder)
            for (kind, path) in zeldaFiles {
                let imported = recruit("import", kind, path, "--database", conninfo)
                try #require(imported.status == 0, "\(imported.err)")
            }
            let connection = try Connection(conninfo: conninfo)
            let before = try ClientSummary.build(connection, client: "Acme Corp", asOf: Self.demoDay)
            let counts = "SELECT (SELECT count(*) FROM candidates), (SELECT count(*) FROM applications), (SELECT count(*) FROM activities)"
            let countsBefore = try connection.query(counts).rows
            let dumpBefore = try dataDump(conninfo)
            for text in Self.zelda.personal + ["tara.obi@example.com", "+1-555-0119"] {
                #expect(dumpBefore.contains(text), "the test looks for \(text), which the database holds before")
            }
            let queueBefore = recruit("queue", "--as-of", "2026-11-20", "--format", "json", "--database", conninfo)
            #expect(queueBefore.out.contains(Self.zelda.email), "Zelda has something due before she is forgotten")

            let forgotZelda = recruit("forget", "--candidate", " Zelda.Quorrington@Example.com ", "--reason",
                                      "asked by e-mail", "--database", conninfo)
            #expect(forgotZelda.status == 0, "\(forgotZelda.err)")
            #expect(forgotZelda.out.contains("1 application and 3 activities kept without names or notes"))
            let forgotTara = recruit("forget", "--candidate", "tara.obi@example.com", "--database", conninfo)
            #expect(forgotTara.status == 0, "\(forgotTara.err)")

            let dumpAfter = try dataDump(conninfo)
            for text in Self.zelda.personal + ["tara.obi", "Tara", "Obi", "+1-555-0119"] {
                #expect(!dumpAfter.contains(text), "\(text) is gone from every table")
            }
            // Interviewers' names travel with the activities and the queue's packed facts: gone for the forgotten.
            #expect(try connection.query("""
                SELECT count(*) FROM activities act JOIN applications a ON a.id = act.application_id
                JOIN candidates c ON c.id = a.candidate_id
                WHERE c.erased_at IS NOT NULL AND (cardinality(act.with_names) > 0 OR act.note NOT LIKE '[erased %]')
                """).scalar == "0")
            #expect(try connection.query("""
                SELECT count(*) FROM application_timelines t JOIN candidates c ON c.id = t.candidate_id
                WHERE c.erased_at IS NOT NULL AND (t.facts LIKE '%:%' OR t.candidate_name IS NOT NULL OR t.email NOT LIKE 'erased-%@invalid')
                """).scalar == "0")
            #expect(try connection.query("SELECT count(*) FROM candidates WHERE erased_at IS NOT NULL").scalar == "2")
            // Counts stay: the same applications and activities, the same figures in the client's summary.
            #expect(try connection.query(counts).rows == countsBefore)
            let after = try ClientSummary.build(connection, client: "Acme Corp", asOf: Self.demoDay)
            #expect(after.openings.map(\.pipeline) == before.openings.map(\.pipeline))
            #expect(after.openings.map(\.recentInterviews.count) == before.openings.map(\.recentInterviews.count))
            #expect(after.openings.map(\.awaitingDecision.count) == before.openings.map(\.awaitingDecision.count))
            #expect(after.filledRoles.count == before.filledRoles.count)
            #expect(after.responsiveness == before.responsiveness)
            let summary = recruit("summary", "--client", "Acme Corp", "--as-of", "2026-11-20", "--database", conninfo)
            #expect(summary.status == 0)
            #expect(!summary.out.contains("Zelda") && !summary.out.contains("Tara Obi"))
            #expect(summary.out.contains("A former candidate"), "\(summary.out)")
            // Gone from the queue (which still runs), explain and export.
            for format in ["text", "json", "csv", "ics"] {
                let queue = recruit("queue", "--as-of", "2026-11-20", "--format", format, "--database", conninfo)
                #expect(queue.status == 0)
                #expect(!queue.out.contains("zelda") && !queue.out.contains("Zelda") && !queue.out.contains("erased-"))
                #expect(!queue.out.contains("tara.obi") && !queue.out.contains("Tara Obi"))
            }
            #expect(recruit("explain", "--candidate", Self.zelda.email, "--opening", "ACME-1042", "--database", conninfo).status == 1)
            let export = recruit("export", "--candidate", Self.zelda.email, "--database", conninfo)
            #expect(export.status == 1 && export.err.contains("no candidate has the e-mail address"))
            #expect(!export.err.contains("zelda"), "the error does not repeat the address")

            // The audit trail says what happened, without the address or the reason.
            let audit = try connection.query("""
                SELECT detail::text FROM audit_events WHERE action = 'candidate.forget' ORDER BY id
                """).rows.compactMap { $0[0] }
            #expect(audit.count == 2)
            #expect(audit.first?.contains("\"reason\": \"given\"") == true && audit.last?.contains("\"reason\": \"none\"") == true)
            #expect(audit.allSatisfy { !$0.contains("zelda") && !$0.contains("tara") && !$0.contains("asked") })

            // Re-importing the original files does not bring them back: their rows are reported as erased.
            let sampleFiles = ["openings", "candidates", "applications", "activities"].map {
                ($0, Self.samples.appendingPathComponent("\($0).csv").path)
            }
            for (kind, path) in sampleFiles + zeldaFiles {
                let again = recruit("import", kind, path, "--database", conninfo)
                #expect(again.status == 0, "\(kind): \(again.err)")
                if kind != "openings" { #expect(again.out.contains("left out: erased"), "\(kind): \(again.out)") }
            }
            #expect(!(try dataDump(conninfo)).contains("tara.obi"))
            #expect(try connection.query("SELECT count(*) FROM candidates WHERE email LIKE 'zelda%'").scalar == "0")
            // With the flag (new consent) they come back, and the suppression is lifted.
            for (kind, path) in zeldaFiles {
                let back = recruit("import", kind, path, "--allow-erased", "--database", conninfo)
                #expect(back.status == 0, "\(back.err)")
                #expect(!back.out.contains("erased"))
            }
            #expect(try connection.query("SELECT first_name FROM candidates WHERE email = $1", [Self.zelda.email]).scalar == "Zelda")
            #expect(try connection.query("""
                SELECT count(*) FROM activities act JOIN applications a ON a.id = act.application_id
                JOIN candidates c ON c.id = a.candidate_id WHERE c.email = $1
                """, [Self.zelda.email]).scalar == "3")
            #expect(recruit("import", "candidates", zeldaFiles[0].path, "--database", conninfo).out.contains("erased") == false)
        }
    }

    @Test("forgetting every candidate, in a random order, keeps every client's figures and leaves no address behind")
    func forgettingEveryoneKeepsTheCounts() async throws {
        try await withSampleAgency { conninfo in
            let connection = try Connection(conninfo: conninfo)
            let clients = try PolicyStore.clientNames(connection)
            func figures() throws -> [String] {
                try clients.map { client in
                    let summary = try ClientSummary.build(connection, client: client, asOf: Self.demoDay)
                    return "\(client) \(summary.openings.map(\.pipeline)) \(summary.openings.map(\.recentInterviews.count)) "
                        + "\(summary.openings.map(\.awaitingDecision.count)) \(summary.filledRoles.map(\.id)) \(summary.responsiveness)"
                }
            }
            let before = try figures()
            var rng = SystemRandomNumberGenerator()
            let emails = try connection.query("SELECT email FROM candidates").rows.compactMap { $0[0] }.shuffled(using: &rng)
            #expect(emails.count == 40)
            for email in emails {
                try Erasure.forget(connection, email: email, reason: nil, actor: "test")
                #expect(!(try dataDump(conninfo)).contains(email), "\(email) is gone at once")
            }
            #expect(try figures() == before)
            let dump = try dataDump(conninfo)
            #expect(!dump.contains("@example.com") && !dump.contains("+1-555-"))
            let queue = try QueueReport.queue(connection, asOf: Self.demoDay)
            #expect(Array(queue).allSatisfy { $0.candidate == nil }, "only hiring managers' warnings are left")
        }
    }

    @Test("forgetting an unknown address says so, exits 1 and changes nothing")
    func forgetUnknownChangesNothing() async throws {
        try await withSampleAgency { conninfo in
            let before = try tableRows(conninfo)
            let result = recruit("forget", "--candidate", "nobody@example.com", "--database", conninfo)
            #expect(result.status == 1)
            #expect(result.err.contains("no candidate has the e-mail address given to --candidate; nothing was changed"))
            #expect(!result.err.contains("nobody@example.com"))
            #expect(try tableRows(conninfo) == before)
        }
    }

    // MARK: - export

    @Test("export lists every column of the candidate, their applications and activities, in a stable order")
    func exportListsEverything() async throws {
        try await withSampleAgency { conninfo in
            let connection = try Connection(conninfo: conninfo)
            let email = "tara.obi@example.com"
            let result = recruit("export", "--candidate", email, "--database", conninfo)
            try #require(result.status == 0, "\(result.err)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
            let candidate = try #require(document["candidate"] as? [String: Any])
            let columns = try connection.query("""
                SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position
                """, ["candidates"]).rows.compactMap { $0[0] }
            #expect(Set(candidate.keys) == Set(columns))
            let stored = try connection.query("""
                SELECT id, first_name, last_name, phone, source FROM candidates WHERE email = $1
                """, [email]).rows[0]
            #expect(candidate["id"] as? Int == Int(stored[0]!))
            #expect(candidate["first_name"] as? String == stored[1] && candidate["last_name"] as? String == stored[2])
            #expect(candidate["phone"] as? String == stored[3] && candidate["source"] as? String == stored[4])

            let applications = try #require(document["applications"] as? [[String: Any]])
            let storedApplications = try connection.query("""
                SELECT a.id, a.opening_id, a.stage::text FROM applications a WHERE a.candidate_id = $1::bigint ORDER BY a.id
                """, [stored[0]]).rows
            #expect(applications.map { "\($0["id"]!) \($0["opening_id"]!) \($0["stage"]!)" }
                    == storedApplications.map { "\($0[0]!) \($0[1]!) \($0[2]!)" })
            let activityColumns = try connection.query("""
                SELECT column_name FROM information_schema.columns WHERE table_name = 'activities'
                """).rows.compactMap { $0[0] }
            let activities = try #require(document["activities"] as? [[String: Any]])
            let storedActivities = try connection.query("""
                SELECT act.id, act.occurred_on::text, act.type::text, coalesce(act.note, ''), array_to_string(act.with_names, ';')
                FROM activities act JOIN applications a ON a.id = act.application_id
                WHERE a.candidate_id = $1::bigint ORDER BY act.id
                """, [stored[0]]).rows
            #expect(storedActivities.count >= 2, "Tara has activities with notes to compare")
            #expect(activities.map { a in
                "\(a["id"]!) \(a["occurred_on"]!) \(a["type"]!) \((a["note"] as? String) ?? "") \(((a["with_names"] as? [String]) ?? []).joined(separator: ";"))"
            } == storedActivities.map { "\($0[0]!) \($0[1]!) \($0[2]!) \($0[3]!) \($0[4]!)" })
            for activity in activities { #expect(Set(activityColumns).isSubset(of: Set(activity.keys))) }

            // Stable: the same bytes again, keys sorted; and the access is in the audit trail (counts only).
            #expect(recruit("export", "--candidate", email, "--database", conninfo).out == result.out)
            #expect(result.out.range(of: "\"activities\"")!.lowerBound < result.out.range(of: "\"applications\"")!.lowerBound)
            let audit = try connection.query("SELECT detail::text FROM audit_events WHERE action = 'candidate.export'").rows
            #expect(audit.count == 2 && !(audit[0][0] ?? "").contains("tara"))
        }
    }

    // MARK: - retention

    @Test("retention forgets exactly the people whose last fact is past the limit: one day past goes, one day inside stays")
    func retentionBoundary() async throws {
        try await TestDatabase.with { database in
            let conninfo = database.conninfo
            let folder = Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // As of 2026-12-06 with 6 months, the limit is 2026-06-06: a last fact on 2026-06-05 is past it.
            let files = [
                ("openings", """
                    opening,client,title
                    OLD-1,Old Client,Clerk
                    OLD-2,Old Client,Driver

                    """),
                ("candidates", """
                    email,first_name,last_name
                    past@example.com,Pat,Past
                    inside@example.com,Ina,Inside
                    edge@example.com,Ed,Edge
                    two@example.com,Tia,Two

                    """),
                ("applications", """
                    candidate,opening,stage,submitted_on
                    past@example.com,OLD-1,submitted,2026-06-05
                    inside@example.com,OLD-1,submitted,2026-05-01
                    edge@example.com,OLD-1,submitted,2026-06-06
                    two@example.com,OLD-1,submitted,2026-01-01
                    two@example.com,OLD-2,submitted,2026-06-07

                    """),
                ("activities", """
                    candidate,opening,date,type,by
                    inside@example.com,OLD-1,2026-06-07,follow_up,recruiter
                    two@example.com,OLD-1,2026-02-01,follow_up,recruiter

                    """),
            ]
            for (kind, text) in files {
                let path = folder.appendingPathComponent("\(kind).csv").path
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                let imported = recruit("import", kind, path, "--database", conninfo)
                try #require(imported.status == 0, "\(imported.err)")
            }
            let off = recruit("retention", "--as-of", "2026-12-06", "--database", conninfo)
            #expect(off.status == 1 && off.err.contains("retention_months is 0 (off)"))
            let show = recruit("policy", "show", "--database", conninfo)
            #expect(show.out.contains("retention_months") && show.out.contains("0   (standard)"))
            #expect(recruit("policy", "set", "--client", "Old Client", "retention_months=3", "--database", conninfo).status == 2)
            #expect(recruit("policy", "set", "retention_months=6", "--database", conninfo).status == 0)

            let listed = recruit("retention", "--as-of", "2026-12-06", "--database", conninfo)
            #expect(listed.status == 0)
            #expect(listed.out == "past@example.com\n")
            #expect(listed.err.contains("before 2026-06-06"))
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM candidates WHERE erased_at IS NOT NULL").scalar == "0",
                    "listing changes nothing")

            let applied = recruit("retention", "--as-of", "2026-12-06", "--apply", "--database", conninfo)
            #expect(applied.status == 0, "\(applied.err)")
            #expect(applied.out.contains("forgot 1 person"))
            let left = try connection.query("SELECT email FROM candidates WHERE erased_at IS NULL ORDER BY email").rows.map { $0[0]! }
            #expect(left == ["edge@example.com", "inside@example.com", "two@example.com"])
            let audit = try connection.query("""
                SELECT detail->>'via', detail::text FROM audit_events WHERE action = 'candidate.forget'
                """).rows
            #expect(audit.count == 1 && audit[0][0] == "retention" && !(audit[0][1] ?? "").contains("past"))
            // A day later, the edge is one day past too.
            #expect(recruit("retention", "--as-of", "2026-12-07", "--database", conninfo).out == "edge@example.com\n")
        }
    }

    // MARK: - backup and restore

    @Test("a backup of the sample agency restored into an empty database gives the same tables")
    func backupRestoreRoundTrip() async throws {
        try await withSampleAgency { conninfo in
            let folder = Self.temporaryFolder()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            #expect(recruit("forget", "--candidate", "ana.ng@example.com", "--database", conninfo).status == 0)
            let original = try tableRows(conninfo)
            let file = folder.appendingPathComponent("agency.dump").path
            let backup = recruit("backup", file, "--database", conninfo)
            #expect(backup.status == 0, "\(backup.err)")
            #expect(backup.out.hasPrefix("backed up ") && backup.out.contains(" in ") && backup.out.contains(" s"))
            var info = stat()
            #expect(stat(file, &info) == 0 && info.st_mode & 0o077 == 0, "the backup is readable by its owner only")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["agency.dump"])
            #expect(try Connection(conninfo: conninfo).query(
                "SELECT count(*) FROM audit_events WHERE action = 'database.backup'").scalar == "1")

            try await TestDatabase.with { empty in
                let restore = recruit("restore", file, "--database", empty.conninfo)
                #expect(restore.status == 0, "\(restore.err)")
                #expect(restore.out.contains("restored \(file)") && restore.out.contains("39 candidates"))
                var restored = try tableRows(empty.conninfo)
                let restoreAudit = restored["audit_events"]?.filter { $0.contains("database.restore") } ?? []
                #expect(restoreAudit.count == 1, "the restore leaves its audit row")
                restored["audit_events"]?.removeAll { $0.contains("database.restore") }
                #expect(restored == original)

                // Into a database with data: refused without --replace, nothing changed.
                let before = try tableRows(empty.conninfo)
                let refused = recruit("restore", file, "--database", empty.conninfo)
                #expect(refused.status == 1 && refused.err.contains("already holds data"))
                #expect(try tableRows(empty.conninfo) == before)
                let replaced = recruit("restore", file, "--replace", "--database", empty.conninfo)
                #expect(replaced.status == 0, "\(replaced.err)")
                var again = try tableRows(empty.conninfo)
                again["audit_events"]?.removeAll { $0.contains("database.restore") }
                #expect(again == original)
            }
        }
    }

    @Test("a truncated or foreign backup and an unwritable backup path each say so, exit 1 and change nothing")
    func backupAndRestoreBadInput() async throws {
        try await withSampleAgency { conninfo in
            let folder = Self.temporaryFolder()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("agency.dump").path
            try #require(recruit("backup", file, "--database", conninfo).status == 0)
            let whole = try Data(contentsOf: URL(fileURLWithPath: file))
            let truncated = folder.appendingPathComponent("truncated.dump").path
            try whole.prefix(whole.count * 2 / 3).write(to: URL(fileURLWithPath: truncated))
            let foreign = Self.samples.appendingPathComponent("candidates.csv").path
            let before = try tableRows(conninfo)
            for (path, says) in [(truncated, "is not a whole backup"), (foreign, "is not a whole backup"),
                                 (folder.appendingPathComponent("missing.dump").path, "cannot read")] {
                let result = recruit("restore", path, "--replace", "--database", conninfo)
                #expect(result.status == 1, "\(path)")
                #expect(result.err.contains(says) && result.err.contains("the database was not changed"), "\(result.err)")
                #expect(try tableRows(conninfo) == before)
            }

            // A folder that does not exist, and a path that is a folder: no file, no leftover.
            let blocked = folder.appendingPathComponent("a-folder")
            try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: true)
            for path in [folder.appendingPathComponent("no/such/folder/x.dump").path, blocked.path] {
                let result = recruit("backup", path, "--database", conninfo)
                #expect(result.status == 1)
                #expect(result.err.contains("cannot write the backup to \(path)") && result.err.contains("nothing was written"))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                    == ["a-folder", "agency.dump", "truncated.dump"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: blocked.path).isEmpty)
        }
    }

    // MARK: - kill -9

    @Test("forget killed with SIGKILL while it waits to commit leaves the database as before",
          .enabled(if: builtRecruit != nil))
    func forgetKilledLeavesBefore() async throws {
        try await withSampleAgency { conninfo in
            let before = try tableRows(conninfo)
            // The audit row is forget's last write: holding the audit table pauses it with everything else done.
            let blocker = try Connection(conninfo: conninfo)
            try blocker.execute(script: "BEGIN; LOCK TABLE audit_events IN SHARE MODE")
            let process = try startRecruit(["forget", "--candidate", "tara.obi@example.com", "--database", conninfo])
            #expect(try await waitForLock(blocker, statement: "INSERT INTO audit_events%"), "forget was caught waiting")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try blocker.execute(script: "ROLLBACK")
            try await waitUntilAlone(blocker)
            #expect(try tableRows(conninfo) == before)
        }
    }

    @Test("restore killed with SIGKILL in the middle leaves the database as before or as after",
          .enabled(if: builtRecruit != nil))
    func restoreKilledLeavesBeforeOrAfter() async throws {
        try await withSampleAgency { conninfo in
            let folder = Self.temporaryFolder()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("agency.dump").path
            try #require(recruit("backup", file, "--database", conninfo).status == 0)
            var after = try tableRows(conninfo)
            after["audit_events"] = nil
            // Something to lose: a restore puts the forgotten person back as they were at the backup.
            #expect(recruit("forget", "--candidate", "tara.obi@example.com", "--database", conninfo).status == 0)
            var before = try tableRows(conninfo)
            before["audit_events"] = nil

            let blocker = try Connection(conninfo: conninfo)
            try blocker.execute(script: "BEGIN; LOCK TABLE candidates IN ACCESS SHARE MODE")
            let process = try startRecruit(["restore", file, "--replace", "--database", conninfo])
            #expect(try await waitForLock(blocker, statement: "%"), "the restore was caught waiting")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try blocker.execute(script: "ROLLBACK")
            try await waitUntilAlone(blocker)
            var now = try tableRows(conninfo)
            now["audit_events"] = nil
            #expect(now == before || now == after)
        }
    }
}

// MARK: - Helpers

/// The whole database's data as `pg_dump --data-only` prints it.
func dataDump(_ conninfo: String) throws -> String {
    let pgDump = try #require(PostgresServerPrograms.locate(program: "pg_dump"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: pgDump)
    process.arguments = ["--data-only", "--no-password", "--dbname=\(conninfo)"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self)
}

/// Every table of the `public` schema: its rows as text, sorted.
func tableRows(_ conninfo: String) throws -> [String: [String]] {
    let connection = try Connection(conninfo: conninfo)
    var tables: [String: [String]] = [:]
    for name in try connection.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").rows.compactMap({ $0[0] }) {
        tables[name] = try connection.query("SELECT t::text FROM public.\"\(name)\" t ORDER BY 1").rows.map { $0[0] ?? "" }
    }
    return tables
}

/// Starts the built `recruit` with `arguments`, its output thrown away.
func startRecruit(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: builtRecruit!)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

/// Waits (up to 60 s) until another session of this database waits for a lock, running a statement like `statement`.
func waitForLock(_ connection: Connection, statement: String) async throws -> Bool {
    for _ in 0..<2_400 {
        // Inside a transaction the statistics views keep the snapshot of their first read: take a fresh one.
        try connection.query("SELECT pg_stat_clear_snapshot()")
        let waiting = try connection.query("""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
              AND query LIKE $1
            """, [statement]).scalar
        if waiting != "0" { return true }
        try await Task.sleep(nanoseconds: 25_000_000)
    }
    return false
}

/// Waits (up to 60 s) until no other session is connected to this database (a killed client's server process has
/// rolled back or a left-over child has committed).
func waitUntilAlone(_ connection: Connection) async throws {
    for _ in 0..<2_400 {
        let others = try connection.query("""
            SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND backend_type = 'client backend'
            """).scalar
        if others == "0" { return }
        try await Task.sleep(nanoseconds: 25_000_000)
    }
    Issue.record("another session stayed connected")
}
