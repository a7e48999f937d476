import Foundation
import PropertyBased
import Recruiting
import RecruitTestSupport
import Testing

/// A re-imported activities file leaves out the applications whose rows the last import brought, unchanged since
/// (ImportDigests.swift, sql/0023, issue 20). What it stores must be what the natural key alone would store.
@Suite("recruit import: a re-imported activities file leaves out the applications it already brought")
struct ImportDigestsTests {
    static let openings = """
        opening,client,title,hiring_manager,hiring_manager_email,status,opened_on,filled_on,recruiter
        ACME-1042,Acme Corp,Backend Engineer,Dana Cho,dana.cho@acme.example,open,2026-10-01,,sam@agency.test
        ACME-1043,Acme Corp,Data Engineer,Dana Cho,dana.cho@acme.example,open,2026-10-01,,sam@agency.test

        """
    static let candidates = """
        email,first_name,last_name,phone,source,recruiter
        bo.li@example.com,Bo,Li,,job board,sam@agency.test
        ann.ko@example.com,Ann,Ko,,referral,kim@agency.test

        """
    static let header = "candidate,opening,date,type,by,with,channel,decision_by,interest,note"
    /// Rows to make files of: two spellings of one address (two pairs as written, one application), a date-time
    /// whose day depends on the agency's zone, a date with a space after it, a quoted note, two names.
    static let pool = [
        "bo.li@example.com,ACME-1042,2026-11-12,interview,client,Dana Cho,video,,,first round",
        "bo.li@example.com,ACME-1042,2026-11-12,thank_you,candidate,Dana Cho,email,,,",
        "bo.li@example.com,ACME-1042,2026-11-12T23:30:00Z,follow_up,recruiter,Dana Cho,email,,,late",
        "Bo.Li@example.com,ACME-1042,2026-11-14,hm_reply,client,,email,2026-11-20,warm,",
        "ann.ko@example.com,ACME-1042,2026-11-13,interview,client,Dana Cho; Lee Park,in_person,,,",
        "ann.ko@example.com,ACME-1043,2026-11-13 ,phone_check,recruiter,,phone,,,\"a, b\"",
        "ann.ko@example.com,ACME-1043,2026-11-15,follow_up,recruiter,,email,,,",
        "bo.li@example.com,ACME-1043,2026-11-16,check_back,recruiter,,email,,,",
    ]

    static func file(_ rows: [Int]) -> String {
        ([header] + rows.map { pool[$0] }).joined(separator: "\n") + "\n"
    }

    static func loadBasics(_ connection: Connection) throws {
        try ImportFixture.load(.openings, openings, into: connection)
        try ImportFixture.load(.candidates, candidates, into: connection)
    }

    /// The whole pool as one file.
    static let all = file(Array(pool.indices))

    /// A session on `database` with the openings, the candidates and the whole pool imported once.
    static func imported(_ database: TestDatabase) throws -> Connection {
        let connection = try database.connect()
        try loadBasics(connection)
        try ImportFixture.load(.activities, all, into: connection)
        return connection
    }

    /// Every stored activity by candidate and opening (not by id: an `ON CONFLICT` insert draws ids it does not
    /// use), and every application's timeline (the facts keep recording order within a day).
    static func stored(_ connection: Connection) throws -> [[String?]] {
        try connection.query("""
            SELECT c.email, a.opening_id, x.occurred_on::text, x.type::text, x.by::text, x.with_names::text,
                   x.channel::text, x.decision_by::text, x.interest::text, x.note
            FROM activities x JOIN applications a ON a.id = x.application_id JOIN candidates c ON c.id = a.candidate_id
            ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
            """).rows + connection.query("SELECT email, opening_id, facts FROM application_timelines ORDER BY 1, 2").rows
    }

    /// The `n`-th stored activity in a fixed order (the same in two runs of the same steps).
    static func nth(_ n: Int, _ connection: Connection) throws -> String? {
        let count = try connection.query("SELECT count(*) FROM activities").onlyRow().int(0)
        guard count > 0 else { return nil }
        return try connection.query("""
            SELECT x.id FROM activities x JOIN applications a ON a.id = x.application_id
            ORDER BY a.opening_id, a.candidate_id, x.natural_key OFFSET $1 LIMIT 1
            """, [String(n % count)]).scalar
    }

    /// Runs `steps` from no activities: imports of a part of the pool, deletions, edited notes, the agency's zone
    /// changed. Without `digests`, every import first forgets the digests, so it finds its rows by natural key alone.
    static func run(_ steps: [(Int, Int)], digests: Bool, _ connection: Connection) throws -> (counts: [String], settled: Int) {
        try connection.execute(script: "TRUNCATE activities; TRUNCATE applications; UPDATE agency_policy SET settings = '{}'")
        var counts: [String] = []
        var settled = 0
        for (step, pick) in steps {
            switch step {
            case 0...4, 9:
                // The same files often (a nightly export), or any part of the pool.
                let rows = step == 9 || pick % 4 == 0 ? Array(pool.indices)
                    : pick % 4 == 1 ? [0, 1, 2, 3] : pick % 4 == 2 ? [3, 4, 5, 6, 7]
                    : pool.indices.filter { pick & (1 << $0) != 0 }
                if !digests { try connection.execute(script: "TRUNCATE activity_import_digests") }
                let report = try ImportFixture.load(.activities, file(rows), into: connection)
                counts.append("\(report.counts)")
                settled += report.settled
            case 5, 6:
                if let id = try nth(pick, connection) { try connection.query("DELETE FROM activities WHERE id = $1", [id]) }
            case 7:
                if let id = try nth(pick, connection) {
                    try connection.query("UPDATE activities SET note = coalesce(note, '') || ' (edited)' WHERE id = $1", [id])
                }
            default:
                try connection.execute(script: """
                    UPDATE agency_policy SET settings = CASE WHEN settings ? 'timezone' THEN '{}'
                                                             ELSE '{"timezone": "Asia/Tokyo"}' END
                    """)
            }
        }
        return (counts, settled)
    }

    @Test("for any imports, deletions, edits and zone changes, the activities stored are those of the natural key alone")
    func sameAsNaturalKeyAlone() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.loadBasics(connection)
            var settledAtAll = 0
            await propertyCheck(count: 40, input: zip(Gen.int(in: 0...10), Gen.int(in: 0...255)).array(of: 1...8)) { steps in
                let with = try Self.run(steps, digests: true, connection)
                let withRows = try Self.stored(connection)
                let without = try Self.run(steps, digests: false, connection)
                #expect(without.settled == 0)
                #expect(with.counts == without.counts, "\(steps)")
                #expect(withRows == (try Self.stored(connection)), "\(steps)")
                settledAtAll += with.settled
            }
            #expect(settledAtAll > 0, "no generated case left an application out")
        }
    }

    @Test("the same file again: every application is left out, and nothing is written")
    func unchangedFileIsLeftOut() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.loadBasics(connection)
            let first = try ImportFixture.load(.activities, Self.all, into: connection)
            #expect(first.settled == 0)
            let before = try ImportFixture.fingerprint(connection)
            let digests = try connection.query("SELECT d::text FROM activity_import_digests d ORDER BY 1").rows
            let again = try ImportFixture.load(.activities, Self.all, into: connection)
            #expect(again.settled == 5)  // the pairs as written: Bo.Li and bo.li are two, of one application
            #expect(again.main.inserted == 0 && again.main.unchanged == 8)
            #expect(try ImportFixture.fingerprint(connection) == before)
            #expect(try connection.query("SELECT d::text FROM activity_import_digests d ORDER BY 1").rows == digests)
        }
    }

    @Test("an activity deleted after the import comes back when the file is imported again")
    func deletedActivityComesBack() async throws {
        try await TestDatabase.with { database in
            let connection = try Self.imported(database)
            let stored = try Self.stored(connection)
            try connection.execute(script: "DELETE FROM activities WHERE type = 'phone_check'")
            let again = try ImportFixture.load(.activities, Self.all, into: connection)
            #expect(again.main.inserted == 1)
            #expect(again.settled == 4)  // all but Ann Ko's for ACME-1043
            #expect(try Self.stored(connection) == stored)
            // Its digest holds again, from this import: the next one leaves every application out.
            #expect(try ImportFixture.load(.activities, Self.all, into: connection).settled == 5)
        }
    }

    @Test("an edited activity clears its application's digest: the file's row is read again, as without digests")
    func editedActivityIsReadAgain() async throws {
        try await TestDatabase.with { database in
            let connection = try Self.imported(database)
            try connection.execute(script: "UPDATE activities SET note = NULL WHERE note = 'first round'")
            #expect(try connection.query("""
                SELECT count(*) FROM activity_import_digests WHERE rows IS NULL AND high IS NULL AND low IS NULL
                """).onlyRow().int(0) == 1)
            let again = try ImportFixture.load(.activities, Self.all, into: connection)
            #expect(again.main.inserted == 1)  // "first round" is an activity the natural key does not find
            #expect(again.settled == 3)
        }
    }

    @Test("another time zone reads date-times again")
    func zoneChangeReadsAgain() async throws {
        try await TestDatabase.with { database in
            let connection = try Self.imported(database)
            try connection.execute(script: #"UPDATE agency_policy SET settings = '{"timezone": "Asia/Tokyo"}'"#)
            let again = try ImportFixture.load(.activities, Self.all, into: connection)
            #expect(again.settled == 0)
            #expect(again.main.inserted == 1)  // 23:30 UTC is the next day in Tokyo
            #expect(try connection.query("SELECT count(*) FROM activities WHERE occurred_on = '2026-11-13' AND type = 'follow_up'")
                .onlyRow().int(0) == 1)
        }
    }

    @Test("a file with the ATS's ids leaves no digests (its rows are matched by id)")
    func idsTakeNoDigests() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.loadBasics(connection)
            let file = "id," + Self.header + "\n" + Self.pool.enumerated().map { "N\($0),\($1)" }.joined(separator: "\n") + "\n"
            try ImportFixture.load(.activities, file, into: connection)
            try ImportFixture.load(.activities, file, into: connection)
            #expect(try connection.query("SELECT count(*) FROM activity_import_digests").onlyRow().int(0) == 0)
        }
    }

    @Test("deleting an application's activities and the application leaves no digest behind")
    func deletedApplicationLeavesNoDigest() async throws {
        try await TestDatabase.with { database in
            let connection = try Self.imported(database)
            #expect(try connection.query("SELECT count(*) FROM activity_import_digests").onlyRow().int(0) == 4)
            try connection.execute(script: "DELETE FROM applications WHERE opening_id = 'ACME-1043'")
            #expect(try connection.query("SELECT count(*) FROM activity_import_digests").onlyRow().int(0) == 2)
            try connection.execute(script: "TRUNCATE activities")
            #expect(try connection.query("SELECT count(*) FROM activity_import_digests").onlyRow().int(0) == 0)
        }
    }

    /// Waits (up to 30 s) until another session of this database waits for a lock.
    static func waitForLockWaiter(_ connection: Connection) async throws -> Bool {
        for _ in 0..<1_200 {
            try connection.query("SELECT pg_stat_clear_snapshot()")
            if try connection.query("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
                """).onlyRow().int(0) > 0 { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    @Test("two activities that swap their notes are two new activities, as the natural key has them")
    func swappedCellsAreReadAgain() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.loadBasics(connection)
            // Eight swaps: a sum of row hashes that only adds up each column's cells would miss about half of them.
            for swap in 0..<8 {
                func file(_ notes: (String, String)) -> String {
                    [Self.header,
                     "bo.li@example.com,ACME-1042,2026-11-\(10 + 2 * swap),follow_up,recruiter,,email,,,\(notes.0)",
                     "bo.li@example.com,ACME-1042,2026-11-\(11 + 2 * swap),follow_up,recruiter,,email,,,\(notes.1)",
                    ].joined(separator: "\n") + "\n"
                }
                try ImportFixture.load(.activities, file(("note \(swap) a", "note \(swap) b")), into: connection)
                let again = try ImportFixture.load(.activities, file(("note \(swap) b", "note \(swap) a")), into: connection)
                #expect(again.settled == 0, "swap \(swap)")
                #expect(again.main.inserted == 2, "swap \(swap)")
            }
        }
    }

    /// The pool with one more row for Ann Ko and ACME-1043: that application is not settled.
    static let more = all.appending("ann.ko@example.com,ACME-1043,2026-11-17,follow_up,recruiter,,email,,,\n")

    /// Imports `more` while another session has run `held` in a transaction it keeps open: once the import waits
    /// for that session, it commits.
    static func importWhile(_ held: String, on database: TestDatabase, watching connection: Connection) async throws
        -> ImportReport {
        let holding = try database.connect()
        try holding.execute(script: "BEGIN; " + held)
        let importing = try database.connect()
        async let imported = onOwnThread { try ImportFixture.load(.activities, more, into: importing) }
        #expect(try await waitForLockWaiter(connection))
        try holding.execute(script: "COMMIT")
        return try await imported
    }

    @Test("activities deleted by another session while an import writes: stored as without digests, the digests not trusted")
    func deletionDuringImport() async throws {
        try await TestDatabase.with { database in
            let connection = try Self.imported(database)
            // One statement, two applications: Ann Ko's for ACME-1043 (written to) and Bo Li's for ACME-1042
            // (settled). The import's insert finds the row being deleted and waits for that transaction.
            let report = try await Self.importWhile("DELETE FROM activities WHERE type = 'phone_check' OR note = 'first round'",
                                                    on: database, watching: connection)
            // The new row, and both deleted ones again, as the natural key has it: the settled application was
            // rechecked once the import held the queue's lock (without that, one deletion would stay and not the other).
            #expect(report.main.inserted == 3)
            #expect(try connection.query("""
                SELECT count(*) FROM activities WHERE type = 'phone_check' OR note = 'first round'
                """).onlyRow().int(0) == 2)
            // The deletion counted after the import read the digests: the digest written from that read is not
            // trusted; the rechecked one, read under the lock, is.
            let again = try ImportFixture.load(.activities, Self.more, into: connection)
            #expect(again.main.inserted == 0)
            #expect(again.settled == 4)
        }
    }

    @Test("an application deleted by another session while an import writes stays left out; the import goes through")
    func deletedApplicationDuringImport() async throws {
        try await TestDatabase.with { database in
            let connection = try Self.imported(database)
            // Bo Li's application for ACME-1043 is settled for the import; it goes, with its activities.
            let report = try await Self.importWhile("""
                DELETE FROM applications WHERE opening_id = 'ACME-1043'
                  AND candidate_id = (SELECT id FROM candidates WHERE email = 'bo.li@example.com')
                """, on: database, watching: connection)
            #expect(report.main.inserted == 1)
            #expect(try connection.query("""
                SELECT count(*) FROM applications a JOIN candidates c ON c.id = a.candidate_id
                WHERE c.email = 'bo.li@example.com' AND a.opening_id = 'ACME-1043'
                """).onlyRow().int(0) == 0)
        }
    }
}
