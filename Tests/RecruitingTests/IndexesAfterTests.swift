import Foundation
import Policies
import Recruiting
import RecruitTestSupport
import Testing

/// A large first activities file builds `activities`' secondary indexes after its rows (IndexesAfter.swift,
/// issue 20); what it stores must be exactly what the usual insert into live indexes stores.
@Suite("recruit import: a large first activities file builds the indexes after its rows")
struct IndexesAfterTests {
    static let candidates = 2_000
    static let perCandidate = 50  // 100,000 activities: IndexesAfter.rows

    /// 2,000 candidates, each with 50 activities on ACME-1042 (one application each), every day different.
    static func files(repeatOne: Bool = false) -> (candidates: String, activities: String) {
        var people = ["email"]
        for index in 0..<candidates { people.append("p\(index)@example.com") }
        let types = ["follow_up", "phone_check", "interview", "hm_reply", "check_back"]
        var rows = ["candidate,opening,date,type,with,note"]
        for day in 0..<perCandidate {
            let date = Day(year: 2026, month: 1, day: 1).adding(days: day).description
            for index in 0..<candidates {
                let type = types[(index + day) % types.count]
                rows.append("p\(index)@example.com,ACME-1042,\(date),\(type),\(type == "interview" ? "Dana Cho" : ""),n\(day)")
            }
        }
        if repeatOne { rows.append(rows[1]) }
        return (people.joined(separator: "\n") + "\n", rows.joined(separator: "\n") + "\n")
    }

    /// Every activity (id, application, values, natural key) and every timeline row, digested.
    static func stored(_ connection: Connection) throws -> [String?] {
        try connection.query("""
            SELECT (SELECT md5(string_agg(concat_ws('|', id, application_id, occurred_on, type, by, with_names, channel,
                                                   decision_by, interest, note, encode(natural_key, 'hex'), external_id),
                                         E'\\n' ORDER BY id)) FROM activities),
                   (SELECT md5(string_agg(t::text, E'\\n' ORDER BY application_id)) FROM application_timelines t),
                   (SELECT count(*)::text FROM activities)
            """).rows[0]
    }

    /// The secondary indexes' definitions, and their ids (new ids: they were built again).
    static func indexes(_ connection: Connection) throws -> (definitions: [String?], ids: [String?]) {
        let rows = try connection.query("""
            SELECT pg_get_indexdef(indexrelid), indexrelid::text FROM pg_index
            WHERE indrelid = 'activities'::regclass AND NOT indisprimary ORDER BY pg_get_indexdef(indexrelid)
            """).rows
        return (rows.map { $0[0] }, rows.map { $0[1] })
    }

    /// Empties the agency's applications and activities, ids restarting, so the next import starts as the first did.
    static func empty(_ connection: Connection) throws {
        try connection.execute(script: "TRUNCATE applications RESTART IDENTITY; ALTER TABLE activities ALTER COLUMN id RESTART")
    }

    @Test("the rows, natural keys, timelines and index definitions are those of the insert into live indexes")
    func sameAsLiveIndexes() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let files = IndexesAfterTests.files()
            try ImportFixture.load(.openings, ImportFixture.openings, into: connection)
            try ImportFixture.load(.candidates, files.candidates, into: connection)
            let before = try IndexesAfterTests.indexes(connection)

            // Another session reading activities: the lock is not free, so the rows go into live indexes.
            let reader = try database.connect()
            try reader.execute(script: "BEGIN; SELECT count(*) FROM activities;")
            let live = try ImportFixture.load(.activities, files.activities, into: connection)
            try reader.execute(script: "COMMIT")
            #expect(try IndexesAfterTests.indexes(connection).ids == before.ids)
            let usual = try IndexesAfterTests.stored(connection)

            try IndexesAfterTests.empty(connection)
            let built = try ImportFixture.load(.activities, files.activities, into: connection)
            let after = try IndexesAfterTests.indexes(connection)
            #expect(after.definitions == before.definitions)
            #expect(Set(after.ids).isDisjoint(with: Set(before.ids)), "the indexes were built again")
            #expect(try IndexesAfterTests.stored(connection) == usual)
            #expect(built.counts == live.counts)
            #expect(built.main == .init(table: "activities", inserted: IndexesAfterTests.candidates * IndexesAfterTests.perCandidate))
            // The natural key still refuses a repeat.
            #expect(throws: (any Error).self) {
                try connection.execute(script: "INSERT INTO activities (application_id, occurred_on, type, note) SELECT application_id, occurred_on, type, note FROM activities WHERE id = 1")
            }
        }
    }

    @Test("a repeated activity in a large first file is merged the usual way, indexes untouched")
    func repeatFallsBack() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let files = IndexesAfterTests.files(repeatOne: true)
            try ImportFixture.load(.openings, ImportFixture.openings, into: connection)
            try ImportFixture.load(.candidates, files.candidates, into: connection)
            let before = try IndexesAfterTests.indexes(connection)
            let report = try ImportFixture.load(.activities, files.activities, into: connection)
            #expect(report.main == .init(table: "activities", inserted: IndexesAfterTests.candidates * IndexesAfterTests.perCandidate,
                                         unchanged: 1))
            #expect(try IndexesAfterTests.indexes(connection).ids == before.ids)
        }
    }
}
