import Foundation
import PropertyBased
import Recruiting
import RecruitTestSupport
import Testing

/// The shortcuts the importer takes for speed (issue 4) must give exactly what the general merge gives: a fresh
/// candidates file skips the repeated-key pass, and activities of applications with no activities yet are inserted
/// without ON CONFLICT. Each falls back to the general way when the file repeats a key.
@Suite("recruit import: the fast paths give what the general merge gives")
struct ImportFastPathTests {
    @Test("a first candidates file that repeats an e-mail is merged the general way: later row wins, repeat counted")
    func freshCandidatesWithRepeats() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let report = try ImportFixture.load(.candidates, """
                email,first_name,last_name,phone
                ann@example.com,Ann,,555-0100
                bo@example.com,Bo,Li,
                ANN@example.com ,,Smith,
                """, into: connection)
            #expect(report.repeated == 1)
            #expect(report.main == .init(table: "candidates", inserted: 2))
            let rows = try connection.query("SELECT email, first_name, last_name, phone FROM candidates ORDER BY email").rows
            #expect(rows == [["ann@example.com", "Ann", "Smith", "555-0100"], ["bo@example.com", "Bo", "Li", nil]])
        }
    }

    @Test("a first candidates file with no repeats is inserted as it stands, and submits candidates to openings")
    func freshCandidatesWithoutRepeats() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.load(.openings, ImportFixture.openings, into: connection)
            let report = try ImportFixture.load(.candidates, """
                email,name,notes,opening
                Cy@Example.com,Cy  Van Dam," keep  spacing ",ACME-1042
                di@example.com,Di,,
                """, into: connection)
            #expect(report.repeated == 0)
            #expect(report.counts == [.init(table: "candidates", inserted: 2), .init(table: "applications", inserted: 1)])
            let rows = try connection.query("SELECT email, first_name, last_name, notes FROM candidates ORDER BY email").rows
            #expect(rows == [["cy@example.com", "Cy Van", "Dam", " keep  spacing "], ["di@example.com", "Di", nil, nil]])
        }
    }

    @Test("same-day activities keep file order within each application when applications interleave in the file")
    func fileOrderWithinEachApplication() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            try ImportFixture.load(.candidates, "email\ncy@example.com\n", into: connection)
            try ImportFixture.load(.activities, """
                candidate,opening,date,type,note
                cy@example.com,ACME-1042,2026-11-03,follow_up,c1
                bo.li@example.com,ACME-1042,2026-11-02,follow_up,b1
                cy@example.com,ACME-1042,2026-11-03,follow_up,c2
                bo.li@example.com,ACME-1042,2026-11-02,follow_up,b2
                bo.li@example.com,ACME-1042,2026-11-02,follow_up,b3
                cy@example.com,ACME-1042,2026-11-03,follow_up,c3
                """, into: connection)
            let notes = try connection.query("""
                SELECT string_agg(act.note, ' ' ORDER BY act.id) FROM activities act
                JOIN applications a ON a.id = act.application_id GROUP BY a.id ORDER BY a.id
                """).rows.map { $0[0] }
            // Applications are created in the order the file first names them.
            #expect(notes == ["c1 c2 c3", "b1 b2 b3"])
        }
    }

    @Test("one file for a new application and one with stored activities; a repeat spelled differently is one activity")
    func freshAndStoredApplicationsTogether() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            try ImportFixture.load(.candidates, "email\ncy@example.com\n", into: connection)
            try ImportFixture.load(.activities, "candidate,opening,date,type,note\nbo.li@example.com,ACME-1042,2026-11-01,follow_up,first\n", into: connection)
            let report = try ImportFixture.load(.activities, """
                candidate,opening,date,type,with,note
                bo.li@example.com,ACME-1042,2026-11-01,follow_up,,first
                bo.li@example.com,ACME-1042,2026-11-04,interview,Dana Cho,
                CY@example.com,ACME-1042,2026-11-04,interview,Dana Cho,
                cy@example.com , ACME-1042 ,2026-11-04, Interview ,  dana   cho ,
                cy@example.com,ACME-1042,2026-11-05,thank_you,Dana Cho,
                """, into: connection)
            #expect(report.main == .init(table: "activities", inserted: 3, unchanged: 2))
            #expect(report.counts.last == .init(table: "applications", inserted: 1))
            let rows = try connection.query("""
                SELECT c.email, act.occurred_on::text, act.type::text, act.with_names::text FROM activities act
                JOIN applications a ON a.id = act.application_id JOIN candidates c ON c.id = a.candidate_id
                ORDER BY c.email, act.id
                """).rows
            #expect(rows == [
                ["bo.li@example.com", "2026-11-01", "follow_up", "{}"],
                ["bo.li@example.com", "2026-11-04", "interview", "{\"Dana Cho\"}"],
                ["cy@example.com", "2026-11-04", "interview", "{\"Dana Cho\"}"],
                ["cy@example.com", "2026-11-05", "thank_you", "{\"Dana Cho\"}"],
            ])
        }
    }

    @Test("--skip-invalid: an application created from the kept rows is submitted on the earliest kept day")
    func skippedRowsDoNotDateApplications() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            let report = try ImportFixture.load(.activities, """
                candidate,opening,date,type
                bo.li@example.com,ACME-1042,2026-11-01,interviw
                bo.li@example.com,ACME-1042,2026-11-09,interview
                nobody@example.com,ACME-1042,2026-11-02,interview
                """, into: connection, options: ImportOptions(skipInvalid: true))
            #expect(report.rejected == 2 && report.main.inserted == 1)
            #expect(try connection.query("SELECT submitted_on::text FROM applications").scalar == "2026-11-09")
        }
    }

    /// A generated activities file (two candidates, one opening), with spellings that the natural key treats as equal.
    static let candidates = ["bo.li@example.com", " BO.LI@example.com", "cy@example.com"]
    static let days = ["2026-11-01", "2026-11-02", " 2026-11-01 ", "2026-11-02T01:30:00Z", "2024-02-29"]
    static let types = ["follow_up", "Follow-Up", "interview", "thank_you"]
    static let names = ["", "Dana Cho", " dana  cho ", "Lee; dana cho", ";"]
    static let notes = ["", "x", "x ", " ", "note, with \"quotes\""]
    static let activityRow = zip(Gen.int(in: 0...2), Gen.int(in: 0...4), Gen.int(in: 0...3), Gen.int(in: 0...4), Gen.int(in: 0...4))

    @Test("any generated activities file gives the same activities into new applications as into ones with activities")
    func freshPathMatchesGeneralPath() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            try ImportFixture.load(.candidates, "email\ncy@example.com\n", into: connection)
            let snapshot = """
                SELECT c.email, act.occurred_on::text, act.type::text, act.with_names::text, act.note, encode(act.natural_key, 'hex')
                FROM activities act JOIN applications a ON a.id = act.application_id JOIN candidates c ON c.id = a.candidate_id
                WHERE act.note IS DISTINCT FROM 'stored before'
                ORDER BY c.email, act.id
                """
            await propertyCheck(count: 25, input: ImportFastPathTests.activityRow.array(of: 1...12)) { rows in
                let quoted = { (value: String) in "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                var text = "candidate,opening,date,type,with,note\n"
                for (candidate, day, type, with, note) in rows {
                    let cells = [ImportFastPathTests.candidates[candidate], "ACME-1042", ImportFastPathTests.days[day],
                                 ImportFastPathTests.types[type], quoted(ImportFastPathTests.names[with]),
                                 quoted(ImportFastPathTests.notes[note])]
                    text += cells.joined(separator: ",") + "\n"
                }
                try connection.execute(script: "DELETE FROM activities; DELETE FROM applications")
                let fresh = try ImportFixture.load(.activities, text, into: connection)
                let freshRows = try connection.query(snapshot).rows
                // The general way: both applications already have an activity (on another day), so every row goes
                // through ON CONFLICT.
                try connection.execute(script: "DELETE FROM activities; DELETE FROM applications")
                try ImportFixture.load(.activities, """
                    candidate,opening,date,type,note
                    bo.li@example.com,ACME-1042,2020-01-01,follow_up,stored before
                    cy@example.com,ACME-1042,2020-01-01,follow_up,stored before
                    """, into: connection)
                let general = try ImportFixture.load(.activities, text, into: connection)
                #expect(fresh.main.inserted == general.main.inserted)
                #expect(fresh.main.unchanged == general.main.unchanged)
                #expect(freshRows == (try connection.query(snapshot).rows))
            }
        }
    }
}
