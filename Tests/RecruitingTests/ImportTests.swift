import Foundation
import PropertyBased
import Recruiting
import RecruitTestSupport
import Testing

/// The error text a refused import gives, nil when it was accepted.
private func refusal(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return String(describing: error)
    }
}

@Suite("recruit import: loading files")
struct ImportTests {
    @Test("worked example B imports cleanly, file by file, including the channel video")
    func exampleImports() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let openings = try ImportFixture.load(.openings, ImportFixture.openings, into: connection)
            #expect(openings.main == .init(table: "openings", inserted: 1))
            #expect(try ImportFixture.load(.candidates, ImportFixture.candidates, into: connection).main.inserted == 1)
            #expect(try ImportFixture.load(.applications, ImportFixture.applications, into: connection).main.inserted == 1)
            #expect(try ImportFixture.load(.activities, ImportFixture.activities, into: connection).main.inserted == 2)
            let stored = try connection.query("""
                SELECT c.name, hm.name, hm.email, a.submitted_on::text, act.channel::text
                FROM openings o JOIN clients c ON c.id = o.client_id JOIN hiring_managers hm ON hm.id = o.hiring_manager_id
                JOIN applications a ON a.opening_id = o.id JOIN activities act ON act.application_id = a.id
                ORDER BY act.id LIMIT 1
                """).rows[0]
            #expect(stored == ["Acme Corp", "Dana Cho", "dana.cho@acme.example", "2026-11-05", "video"])
        }
    }

    @Test("importing the same files again changes nothing and counts every row unchanged")
    func reimportIsIdempotent() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let files: [(ImportKind, String)] = [(.openings, ImportFixture.openings), (.candidates, ImportFixture.candidates),
                                                 (.applications, ImportFixture.applications), (.activities, ImportFixture.activities)]
            for (kind, text) in files { try ImportFixture.load(kind, text, into: connection) }
            let before = try ImportFixture.fingerprint(connection)
            for (kind, text) in files {
                let again = try ImportFixture.load(kind, text, into: connection)
                #expect(again.main.inserted == 0 && again.main.updated == 0 && again.main.unchanged == again.rows)
            }
            #expect(try ImportFixture.fingerprint(connection) == before)
        }
    }

    @Test("blank cells keep stored values; a later row for the same key wins and repeats are counted")
    func blanksKeepAndLaterRowWins() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.load(.candidates, "email,first_name,last_name,phone\nAna@Example.com ,Ana,Ng,555-0100\n", into: connection)
            let report = try ImportFixture.load(.candidates, """
                Email Address,First Name,Last Name,Phone
                ana@example.com,Anna,,
                ANA@example.com,,Nguyen,
                """, into: connection)
            #expect(report.repeated == 1)
            #expect(report.main == .init(table: "candidates", updated: 1))
            let row = try connection.query("SELECT email, first_name, last_name, phone FROM candidates").rows
            #expect(row == [["ana@example.com", "Anna", "Nguyen", "555-0100"]])
        }
    }

    @Test("openings create their client once (case and spacing ignored) and the hiring manager by name or e-mail")
    func openingsCreateClientsAndManagers() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let report = try ImportFixture.load(.openings, """
                Job ID,Company,Job Title,HM,HM Email,Status
                A-1,Acme Corp,Engineer,Dana  Cho,,On Hold
                A-2,acme   corp,Designer,dana cho,dana@acme.example,
                B-1,Beta LLC,Analyst,,lee@beta.example,
                """, into: connection)
            #expect(report.main.inserted == 3)
            #expect(try connection.query("SELECT count(*) FROM clients").scalar == "2")
            let managers = try connection.query("SELECT name, email FROM hiring_managers ORDER BY id").rows
            #expect(managers == [["Dana Cho", "dana@acme.example"], [nil, "lee@beta.example"]])
            #expect(try connection.query("SELECT status::text FROM openings WHERE id = 'A-1'").scalar == "on_hold")
            #expect(try connection.query("SELECT status::text FROM openings WHERE id = 'A-2'").scalar == "open")
        }
    }

    @Test("a stage carries its own date: a later stage needs one, and a stage without one does not inherit the old date")
    func stageFactsCarryTheirDates() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            try ImportFixture.load(.applications, "candidate,opening,stage,stage_date\nbo.li@example.com,ACME-1042,offered,2026-11-10\n", into: connection)
            let refused = (try? ImportFixture.load(.applications, "candidate,opening,stage\nbo.li@example.com,ACME-1042,hired\n", into: connection)) == nil
            #expect(refused)
            try ImportFixture.load(.applications, "candidate,opening,stage\nbo.li@example.com,ACME-1042,interviewing\n", into: connection)
            #expect(try connection.query("SELECT stage || ' ' || coalesce(stage_date::text, '-') FROM applications").scalar == "interviewing -")
            try ImportFixture.load(.applications, "candidate,opening,interest\nbo.li@example.com,ACME-1042,top\n", into: connection)
            #expect(try connection.query("SELECT stage || ' ' || interest FROM applications").scalar == "interviewing top")
        }
    }

    @Test("a candidates file may submit the candidate to an opening")
    func candidatesFileSubmits() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.load(.openings, ImportFixture.openings, into: connection)
            let report = try ImportFixture.load(.candidates, """
                email,name,opening,stage,submitted_on
                cy@example.com,Cy Van Dam,ACME-1042,interviewing,2026-11-02
                """, into: connection)
            #expect(report.counts.map(\.table) == ["candidates", "applications"])
            let row = try connection.query("""
                SELECT c.first_name, c.last_name, a.stage::text, a.submitted_on::text FROM candidates c JOIN applications a ON a.candidate_id = c.id
                """).rows
            #expect(row == [["Cy Van", "Dam", "interviewing", "2026-11-02"]])
        }
    }

    @Test("an activity with no application creates it, submitted on the earliest such activity's date")
    func activityCreatesApplication() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            let report = try ImportFixture.load(.activities, """
                candidate,opening,date,type,with,note
                BO.LI@example.com,ACME-1042,2026-11-12,interview," dana  cho ; Lee;DANA CHO",round 2
                bo.li@example.com,ACME-1042,2026-11-09,interview,,round 1
                bo.li@example.com,ACME-1042,2026-11-09,interview,,round 1
                """, into: connection)
            #expect(report.main.inserted == 2 && report.main.unchanged == 1)
            #expect(report.counts.last == .init(table: "applications", inserted: 1))
            #expect(try connection.query("SELECT stage::text || ' ' || submitted_on FROM applications").scalar == "submitted 2026-11-09")
            #expect(try connection.query("SELECT with_names::text FROM activities ORDER BY id LIMIT 1").scalar == "{\"dana cho\",Lee}")
        }
    }

    @Test("a date-time with an offset is converted to the policy's time zone before taking the date")
    func dateTimesUseThePolicyZone() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            try connection.query(#"UPDATE agency_policy SET settings = '{"timezone": "America/New_York"}'"#)
            try ImportFixture.load(.activities, """
                candidate,opening,date,type
                bo.li@example.com,ACME-1042,2026-11-12T02:30:00Z,interview
                bo.li@example.com,ACME-1042,2026-11-13T23:30:00,follow_up
                bo.li@example.com,ACME-1042,2026-11-14T09:00:00+09:00,phone_check
                """, into: connection)
            let days = try connection.query("SELECT occurred_on::text FROM activities ORDER BY id").rows.map { $0[0] }
            #expect(days == ["2026-11-11", "2026-11-13", "2026-11-13"])
        }
    }

    @Test("a decision date on an activity other than hm_reply is refused with its line and column")
    func decisionByOnlyOnReplies() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            let message = refusal {
                try ImportFixture.load(.activities, """
                    candidate,opening,date,type,decision_by
                    bo.li@example.com,ACME-1042,2026-11-12,hm_reply,2026-11-20
                    bo.li@example.com,ACME-1042,2026-11-13,follow_up,2026-11-20
                    """, into: connection)
            }
            #expect(message?.contains("line 3, column \"decision_by\": only an hm_reply states a decision date") == true)
            #expect(try connection.query("SELECT count(*) FROM activities").scalar == "0")
        }
    }

    @Test("--dry-run counts what would change and writes nothing")
    func dryRunWritesNothing() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let before = try ImportFixture.fingerprint(connection)
            let report = try ImportFixture.load(.openings, ImportFixture.openings, into: connection, options: ImportOptions(dryRun: true))
            #expect(report.dryRun && report.main.inserted == 1)
            #expect(try ImportFixture.fingerprint(connection) == before)
        }
    }

    @Test("--skip-invalid loads the good rows and writes the bad ones to the rejects file with an error column")
    func skipInvalidWritesRejects() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let rejects = TemporaryFiles.path("rejects", extension: "csv")
            let text = "email,first_name,notes\ngood@example.com,Good,\"a, b\"\nnot-an-address,Bad,\"say \"\"hi\"\"\"\n,Blank,\n"
            let report = try ImportFixture.load(.candidates, text, into: connection, options: ImportOptions(skipInvalid: true, rejectsPath: rejects))
            #expect(report.rejected == 2 && report.main.inserted == 1)
            let written = try String(contentsOfFile: rejects, encoding: .utf8)
            #expect(written.hasPrefix("email,first_name,notes,error\r\n"))
            #expect(written.contains(##"not-an-address,Bad,"say ""hi""","line 3, column ""email"": 'not-an-address' is not an e-mail address""##))
            #expect(written.contains("line 4, column \"\"email\"\": is blank"))
            #expect(try connection.query("SELECT email FROM candidates").rows == [["good@example.com"]])
        }
    }

    @Test("two imports of the same file at once leave no duplicates")
    func concurrentImportsDoNotDuplicate() async throws {
        try await TestDatabase.with { database in
            let setup = try database.connect()
            try ImportFixture.loadBasics(setup)
            var lines = ["candidate,opening,date,type,note"]
            for day in 1...28 { for n in 0..<40 { lines.append("bo.li@example.com,ACME-1042,2026-10-\(String(format: "%02d", day)),follow_up,note \(n)") } }
            let path = try ImportFixture.file(lines.joined(separator: "\n") + "\n")
            let conninfo = database.conninfo
            let inserted = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        let connection = try Connection(conninfo: conninfo)
                        return try Importer(connection: connection).run(.activities, from: .file(path)).main.inserted
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(inserted == 28 * 40)
            #expect(try setup.query("SELECT count(*) FROM activities").scalar == "\(28 * 40)")
            #expect(try setup.query("SELECT count(*) FROM applications").scalar == "1")
        }
    }

    @Test("re-importing any generated valid candidates file changes nothing")
    func reimportChangesNothingProperty() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let cell = Gen.element(of: Array("ab Z,\"'é;\n-")).array(of: 0...8).map { String($0.compactMap { $0 }) }
            let row = zip(Gen.int(in: 0...15), cell, cell)
            await propertyCheck(count: 25, input: row.array(of: 0...12)) { rows in
                var text = "email,first_name,notes\n"
                for (index, first, note) in rows {
                    let quoted = { (value: String) in "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                    text += "Person\(index)@Example.com,\(quoted(first)),\(quoted(note))\n"
                }
                try ImportFixture.load(.candidates, text, into: connection)
                let before = try ImportFixture.fingerprint(connection)
                let again = try ImportFixture.load(.candidates, text, into: connection)
                #expect(again.main.inserted == 0 && again.main.updated == 0)
                #expect(try ImportFixture.fingerprint(connection) == before)
            }
        }
    }
}
