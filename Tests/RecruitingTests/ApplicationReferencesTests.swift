import Foundation
import Recruiting
import RecruitTestSupport
import Testing

/// sql/0021 keeps the rules of the foreign keys from `applications` to `candidates` and `openings` with statement
/// triggers (a key's check per application cost an import 22 us each): an application names an existing candidate
/// and opening, deleting or truncating them takes their applications along, and an id that applications name cannot
/// change. These tests hold the triggers to what the keys did, a concurrent writer included.
@Suite("Applications name existing candidates and openings (the reference triggers)")
struct ApplicationReferencesTests {
    private func seed(_ connection: Connection) throws {
        try Seed(connection)
            .opening("A-1")
            .opening("B-1")
            .application("one@example.com", "A-1")
            .application("two@example.com", "B-1")
            .activity("one@example.com", "A-1", "2026-11-05", "interview", by: "client")
            .activity("two@example.com", "B-1", "2026-11-05", "interview", by: "client")
    }

    private func candidateID(_ connection: Connection, _ email: String) throws -> String {
        try connection.query("SELECT id::text FROM candidates WHERE email = $1", [email]).scalar!
    }

    private func count(_ connection: Connection, _ table: String) throws -> Int {
        Int(try connection.query("SELECT count(*) FROM \(table)").scalar!)!
    }

    /// Expects `body` to fail with the error of the key `constraint`.
    private func expectKeyViolation(_ constraint: String, _ body: () throws -> Void,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("accepted", sourceLocation: sourceLocation)
        } catch let error as DatabaseError {
            #expect(error.sqlState == "23503", "\(error)", sourceLocation: sourceLocation)
            if case let .server(server) = error {
                #expect(server.constraint == constraint, sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a statement whose applications name a missing candidate or opening fails whole with the key's error")
    func missingReferencesRefused() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let one = try candidateID(connection, "one@example.com")
            expectKeyViolation("applications_candidate_id_fkey") {
                try connection.query("""
                    INSERT INTO applications (candidate_id, opening_id) VALUES ($1::bigint, 'B-1'), (987654321, 'B-1')
                    """, [one])
            }
            expectKeyViolation("applications_opening_id_fkey") {
                try connection.query("INSERT INTO applications (candidate_id, opening_id) VALUES ($1::bigint, 'NO-SUCH')", [one])
            }
            #expect(try count(connection, "applications") == 2, "nothing of the statements stays")
            expectKeyViolation("applications_opening_id_fkey") {
                try connection.query("UPDATE applications SET opening_id = 'NO-SUCH'")
            }
            expectKeyViolation("applications_candidate_id_fkey") {
                try connection.query("UPDATE applications SET candidate_id = 987654321")
            }
            // An update that sets no id anew checks nothing, and one naming existing rows passes.
            try connection.query("UPDATE applications SET decision_by = '2026-12-01'")
            try connection.query("UPDATE applications SET opening_id = 'A-1' WHERE candidate_id <> $1::bigint", [one])
            #expect(try count(connection, "applications WHERE opening_id = 'A-1'") == 2)
        }
    }

    @Test("deleting candidates or openings deletes their applications, activities and queue rows; truncating them truncates applications")
    func deletesAndTruncationCascade() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            try connection.query("DELETE FROM candidates WHERE email = 'one@example.com'")
            #expect(try count(connection, "applications") == 1)
            #expect(try count(connection, "activities") == 1)
            #expect(try count(connection, "application_timelines") == 1)
            try connection.query("DELETE FROM openings WHERE id = 'B-1'")
            #expect(try count(connection, "applications") == 0)
            #expect(try count(connection, "activities") == 0)
            #expect(try count(connection, "application_timelines") == 0)
            try Seed(connection).application("three@example.com", "A-1")
                .activity("three@example.com", "A-1", "2026-11-07", "interview", by: "client")
            try connection.query("TRUNCATE candidates")
            #expect(try count(connection, "applications") == 0)
            #expect(try count(connection, "activities") == 0)
            #expect(try count(connection, "application_timelines") == 0)
            try Seed(connection).application("four@example.com", "A-1")
            try connection.query("TRUNCATE openings, candidates")
            #expect(try count(connection, "applications") == 0)
            // A TRUNCATE that names applications as well still works.
            try Seed(connection).opening("C-1").application("five@example.com", "C-1")
            try connection.query("TRUNCATE activities")
            try connection.query("TRUNCATE openings, candidates, applications")
            #expect(try count(connection, "application_timelines") == 0)
        }
    }

    @Test("a candidate's or an opening's id cannot change while applications name it, and can when none do")
    func idsNamedByApplicationsStay() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            expectKeyViolation("applications_opening_id_fkey") {
                try connection.query("UPDATE openings SET id = 'A-2' WHERE id = 'A-1'")
            }
            let one = try candidateID(connection, "one@example.com")
            expectKeyViolation("applications_candidate_id_fkey") {
                try connection.query("UPDATE candidates SET id = DEFAULT WHERE id = $1::bigint", [one])
            }
            try Seed(connection).opening("C-1")
            try connection.query("INSERT INTO candidates (email) VALUES ('free@example.com')")
            try connection.query("UPDATE openings SET id = 'C-2' WHERE id = 'C-1'")
            try connection.query("UPDATE candidates SET id = DEFAULT WHERE email = 'free@example.com'")
            #expect(try count(connection, "openings WHERE id = 'C-2'") == 1)
        }
    }

    @Test("deleting a candidate or an opening under REPEATABLE READ is refused, since its snapshot cannot see applications added meanwhile")
    func repeatableReadDeleteIsRefused() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let one = try candidateID(connection, "one@example.com")
            for statement in ["DELETE FROM candidates WHERE id = \(one)", "DELETE FROM openings WHERE id = 'B-1'"] {
                do {
                    try connection.transaction(isolation: .repeatableRead) { try connection.execute(script: statement) }
                    Issue.record("accepted: \(statement)")
                } catch let error as DatabaseError {
                    #expect(error.sqlState == "0A000", "\(error)")
                }
            }
            #expect(try count(connection, "applications") == 2)
            #expect(try count(connection, "candidates") == 2)
            // A delete that removes nothing is not refused; under READ COMMITTED and SERIALIZABLE the delete runs.
            try connection.transaction(isolation: .repeatableRead) {
                try connection.execute(script: "DELETE FROM candidates WHERE email = 'nobody@example.com'")
            }
            try connection.transaction(isolation: .serializable) {
                try connection.execute(script: "DELETE FROM openings WHERE id = 'B-1'")
            }
            try connection.execute(script: "DELETE FROM candidates WHERE id = \(one)")
            #expect(try count(connection, "applications") == 0)
        }
    }

    @Test("an application naming a candidate that another transaction deletes meanwhile fails with the key's error")
    func insertAfterConcurrentDeleteFails() async throws {
        try await TestDatabase.with { database in
            let setup = try database.connect()
            try seed(setup)
            let one = try candidateID(setup, "one@example.com")
            let failure = try await database.race(
                held: "DELETE FROM candidates WHERE id = $1::bigint", [one],
                waiting: "INSERT INTO applications (candidate_id, opening_id) VALUES ($1::bigint, 'B-1')", [one])
            #expect(failure == "23503", "got \(String(describing: failure))")
            #expect(try setup.query("SELECT count(*) FROM applications WHERE candidate_id = $1::bigint", [one]).scalar == "0")
        }
    }

    @Test("a delete of a candidate waits for a transaction adding an application for them, then takes it along")
    func deleteWaitsForAddingWriter() async throws {
        try await TestDatabase.with { database in
            let setup = try database.connect()
            try seed(setup)
            let one = try candidateID(setup, "one@example.com")
            let failure = try await database.race(
                held: "INSERT INTO applications (candidate_id, opening_id) VALUES ($1::bigint, 'B-1')", [one],
                waiting: "DELETE FROM candidates WHERE id = $1::bigint", [one])
            #expect(failure == nil)
            #expect(try setup.query("SELECT count(*) FROM applications WHERE candidate_id = $1::bigint", [one]).scalar == "0",
                    "no application is left naming a deleted candidate")
            #expect(try setup.query("SELECT count(*) FROM application_timelines WHERE candidate_id = $1::bigint", [one]).scalar == "0")
        }
    }
}
