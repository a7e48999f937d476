import Foundation
import Recruiting
import RecruitTestSupport
import Testing

/// sql/0001 keeps the rule of a foreign key from `activities` to `applications` with statement triggers: an activity
/// names an existing application, deleting or truncating applications takes their activities along, and an id that
/// activities name cannot change. These tests hold the triggers to what such a key does, concurrent writers included.
@Suite("Activities name existing applications (the reference triggers)")
struct ActivityReferencesTests {
    private func seed(_ connection: Connection) throws {
        try Seed(connection)
            .opening("A-1")
            .application("one@example.com", "A-1")
            .application("two@example.com", "A-1")
            .activity("one@example.com", "A-1", "2026-11-05", "interview", by: "client")
    }

    private func applicationID(_ connection: Connection, _ email: String) throws -> String {
        try connection.query("""
            SELECT a.id::text FROM applications a JOIN candidates c ON c.id = a.candidate_id WHERE c.email = $1
            """, [email]).scalar!
    }

    private func count(_ connection: Connection, _ table: String) throws -> Int {
        Int(try connection.query("SELECT count(*) FROM \(table)").scalar!)!
    }

    /// Expects `body` to fail with the key's error.
    private func expectKeyViolation(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("accepted", sourceLocation: sourceLocation)
        } catch let error as DatabaseError {
            #expect(error.sqlState == "23503", "\(error)", sourceLocation: sourceLocation)
            if case let .server(server) = error {
                #expect(server.constraint == "activities_application_id_fkey", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a statement whose activities name a missing application fails whole with the key's error")
    func missingApplicationRefused() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let one = try applicationID(connection, "one@example.com")
            expectKeyViolation {
                try connection.query("""
                    INSERT INTO activities (application_id, occurred_on, type)
                    VALUES ($1::bigint, '2026-11-06', 'follow_up'), (987654321, '2026-11-06', 'follow_up')
                    """, [one])
            }
            #expect(try count(connection, "activities") == 1, "nothing of the statement stays")
            expectKeyViolation {
                try connection.query("UPDATE activities SET application_id = 987654321")
            }
            #expect(try connection.query("SELECT application_id::text FROM activities").scalar == one)
            // The timeline rows are untouched by the failed statements.
            #expect(try connection.query("SELECT count(*) FROM application_timelines WHERE facts <> ''").scalar == "1")
        }
    }

    @Test("an application this transaction created is counted, not locked (0022): its activities go in; deleted again, they fail")
    func applicationsOfTheSameTransaction() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let candidate = try connection.query("SELECT id::text FROM candidates WHERE email = 'one@example.com'").scalar!
            try connection.transaction {
                try Seed(connection).opening("A-2")
                let created = try connection.query("""
                    INSERT INTO applications (candidate_id, opening_id) VALUES ($1::bigint, 'A-2') RETURNING id::text
                    """, [candidate]).scalar!
                let one = try applicationID(connection, "two@example.com")
                // One of this transaction's applications and one of another's, in one statement.
                try connection.query("""
                    INSERT INTO activities (application_id, occurred_on, type)
                    VALUES ($1::bigint, '2026-11-06', 'follow_up'), ($2::bigint, '2026-11-06', 'follow_up')
                    """, [created, one])
                // The other transaction's application is locked as before; this one's row is not.
                #expect(try connection.query("""
                    SELECT count(*) FROM applications WHERE id = $1::bigint AND xmax <> 0
                    """, [created]).scalar == "0")
                #expect(try connection.query("""
                    SELECT count(*) FROM applications WHERE id = $1::bigint AND xmax <> 0
                    """, [one]).scalar == "1")
                try connection.query("SAVEPOINT gone")
                try connection.query("DELETE FROM applications WHERE id = $1::bigint", [created])
                expectKeyViolation {
                    try connection.query("INSERT INTO activities (application_id, occurred_on, type) VALUES ($1::bigint, '2026-11-07', 'follow_up')", [created])
                }
                try connection.query("ROLLBACK TO SAVEPOINT gone")
            }
            #expect(try count(connection, "activities") == 3)
        }
    }

    @Test("deleting applications deletes their activities; truncating applications truncates activities")
    func deletesAndTruncationCascade() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            try Seed(connection).activity("two@example.com", "A-1", "2026-11-06", "interview", by: "client")
            try connection.query("DELETE FROM applications WHERE id = $1::bigint", [try applicationID(connection, "one@example.com")])
            #expect(try count(connection, "activities") == 1)
            // Through the candidates' own key, too.
            try connection.query("DELETE FROM candidates WHERE email = 'two@example.com'")
            #expect(try count(connection, "activities") == 0)
            try Seed(connection).application("three@example.com", "A-1")
                .activity("three@example.com", "A-1", "2026-11-07", "interview", by: "client")
            try connection.query("TRUNCATE applications")
            #expect(try count(connection, "activities") == 0)
            #expect(try count(connection, "application_timelines") == 0)
        }
    }

    @Test("an application's id cannot change while activities name it, and can when none do")
    func idsNamedByActivitiesStay() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let one = try applicationID(connection, "one@example.com")
            expectKeyViolation {
                try connection.query("UPDATE applications SET id = DEFAULT WHERE id = $1::bigint", [one])
            }
            #expect(try applicationID(connection, "one@example.com") == one)
            let two = try applicationID(connection, "two@example.com")
            try connection.query("UPDATE applications SET id = DEFAULT WHERE id = $1::bigint", [two])
            let moved = try applicationID(connection, "two@example.com")
            #expect(moved != two)
            // Its timeline row moved with it.
            #expect(try connection.query("SELECT count(*) FROM application_timelines WHERE application_id = $1::bigint", [two]).scalar == "0")
            #expect(try connection.query("SELECT count(*) FROM application_timelines WHERE application_id = $1::bigint", [moved]).scalar == "1")
        }
    }

    @Test("a delete of an application waits for a transaction adding activities to it, then takes them along")
    func deleteWaitsForAddingWriter() async throws {
        try await TestDatabase.with { database in
            let setup = try database.connect()
            try seed(setup)
            let two = try applicationID(setup, "two@example.com")
            let failure = try await database.race(
                held: "INSERT INTO activities (application_id, occurred_on, type) VALUES ($1::bigint, '2026-11-06', 'follow_up')", [two],
                waiting: "DELETE FROM applications WHERE id = $1::bigint", [two])
            #expect(failure == nil)
            #expect(try setup.query("SELECT count(*) FROM activities WHERE application_id = $1::bigint", [two]).scalar == "0",
                    "no activity is left naming a deleted application")
        }
    }

    @Test("an insert naming an application that another transaction deletes meanwhile fails with the key's error")
    func insertAfterConcurrentDeleteFails() async throws {
        try await TestDatabase.with { database in
            let setup = try database.connect()
            try seed(setup)
            let two = try applicationID(setup, "two@example.com")
            let failure = try await database.race(
                held: "DELETE FROM applications WHERE id = $1::bigint", [two],
                waiting: "INSERT INTO activities (application_id, occurred_on, type) VALUES ($1::bigint, '2026-11-06', 'follow_up')", [two])
            #expect(failure == "23503", "got \(String(describing: failure))")
            #expect(try setup.query("SELECT count(*) FROM activities WHERE application_id = $1::bigint", [two]).scalar == "0")
        }
    }

    @Test("under REPEATABLE READ, deleting an application whose new activities the snapshot cannot see fails as a serialization failure")
    func repeatableReadDeleteCannotOrphan() async throws {
        try await TestDatabase.with { database in
            let setup = try database.connect()
            try seed(setup)
            let two = try applicationID(setup, "two@example.com")
            let late = try database.connect()
            try late.execute(script: "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1")
            try setup.query("INSERT INTO activities (application_id, occurred_on, type) VALUES ($1::bigint, '2026-11-06', 'follow_up')", [two])
            do {
                try late.query("DELETE FROM applications WHERE id = $1::bigint", [two])
                try late.execute(script: "COMMIT")
                Issue.record("the delete was accepted")
            } catch let error as DatabaseError {
                #expect(error.sqlState == "40001", "\(error)")
                try late.execute(script: "ROLLBACK")
            }
            #expect(try setup.query("SELECT count(*) FROM activities WHERE application_id NOT IN (SELECT id FROM applications)").scalar == "0",
                    "no activity names a missing application")
        }
    }
}
