import Foundation
import Policies
import PropertyBased
import Recruiting
import RecruitTestSupport
import Testing

/// sql/0021 rewrote `activity_key` (the natural key stored with every activity) in PL/pgSQL for speed, and 0022 as a
/// SQL expression PostgreSQL inlines. The keys already stored stay valid only if it gives exactly what 0001's SQL
/// definition gives, for every input.
@Suite("activity_key: 0022's inlined definition gives 0001's keys")
struct ActivityKeyTests {
    /// 0001's definition, as it was, under another name in the session's temporary schema.
    static let firstDefinition = #"""
        CREATE FUNCTION pg_temp.activity_key_0001(occurred_on date, type activity_type, by party, with_names text[],
                                                  channel contact_channel, decision_by date, interest interest_level, note text)
            RETURNS bytea
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN sha256(convert_to(
                (occurred_on - DATE '2000-01-01')::text || E'\x1f' || type::text || E'\x1f' || coalesce(by::text, '') ||
                E'\x1f' || coalesce(array_to_string(ARRAY(SELECT person_key(n) FROM unnest(with_names) AS n), E'\x1e'), '') ||
                E'\x1f' || coalesce(channel::text, '') || E'\x1f' || coalesce((decision_by - DATE '2000-01-01')::text, '') ||
                E'\x1f' || coalesce(interest::text, '') || E'\x1f' || coalesce(note, ''), 'UTF8'));
        """#

    static let arguments = "$1::date, $2::activity_type, $3::party, (ARRAY[$4::text, $5::text, $6::text])[1:$7::int], $8::contact_channel, $9::date, $10::interest_level, $11::text"

    @Test("for any day, type, party, names (NULL, blank, spaced, any case), channel, decision date, interest and note")
    func sameKeyForAnyActivity() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(script: ActivityKeyTests.firstDefinition)
            let types = ["interview", "thank_you", "follow_up", "phone_check", "hm_reply", "keep_in_mind", "hired"]
            let name = Gen.element(of: Array("Ab ,;\t\n\u{1E}9éÉ👍")).array(of: 0...6)
                .map { String($0.compactMap { $0 }) }
            // nil is a NULL element of the array.
            let names = zip(Gen.int(in: 0...4), name, name, name)
            await propertyCheck(count: 300, input: Gen.int(in: 0...400), Gen.int(in: 0...(types.count - 1)),
                                Gen.int(in: 0...3), names, Gen.int(in: 0...6), Gen.int(in: 0...5), Gen.int(in: 0...3)) {
                day, type, party, names, channel, decision, extra in
                let (shape, first, second, third) = names
                // shape 0: no names; 1-3: that many; 4: three with the middle one NULL.
                let parameters: [String?] = [
                    Day(year: 2026, month: 1, day: 1).adding(days: day).description,
                    types[type],
                    ["client", "candidate", "recruiter", nil][party],
                    first, shape == 4 ? nil : second, third,
                    String(shape == 4 ? 3 : shape),
                    ["email", "phone", "letter", "in_person", "video", "other", nil][channel],
                    decision == 0 ? nil : Day(year: 2026, month: 2, day: 1).adding(days: decision).description,
                    ["top", "warm", "neutral", nil][extra],
                    extra == 3 ? nil : "note \(first)\(extra)",
                ]
                let row = try connection.query("""
                    SELECT encode(activity_key(\(ActivityKeyTests.arguments)), 'hex'),
                           encode(pg_temp.activity_key_0001(\(ActivityKeyTests.arguments)), 'hex')
                    """, parameters).rows[0]
                #expect(row[0] != nil)
                #expect(row[0] == row[1], "\(parameters)")
            }
        }
    }

    @Test("for arrays a generator does not make: NULL, empty, all NULL, two-dimensional, lower bound not 1")
    func sameKeyForOddArrays() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(script: ActivityKeyTests.firstDefinition)
            let arrays = ["NULL::text[]", "'{}'::text[]", "ARRAY[NULL, NULL]::text[]", "ARRAY[['A  b', ' c'], ['D', NULL]]",
                          "'[3:4]={\" X \",y}'::text[]", "ARRAY['', ' ', '  ']"]
            for array in arrays {
                let arguments = "DATE '2026-11-20', 'interview', 'client', \(array), 'email', NULL, NULL, 'n'"
                let row = try connection.query("""
                    SELECT activity_key(\(arguments)) = pg_temp.activity_key_0001(\(arguments))
                    """).rows[0]
                #expect(row[0] == "t", "\(array)")
            }
        }
    }

    @Test("the keys stored by imports are the ones 0001's definition computes")
    func storedKeysMatchFirstDefinition() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(script: ActivityKeyTests.firstDefinition)
            try ImportFixture.loadBasics(connection)
            try ImportFixture.load(.activities, """
                candidate,opening,date,type,by,with,note
                bo.li@example.com,ACME-1042,2026-11-02,interview,client,Dana  Reyes; pat KIM ;,round 1
                bo.li@example.com,ACME-1042,2026-11-03,thank_you,candidate,Dana Reyes,
                """, into: connection)
            let rows = try connection.query("""
                SELECT count(*), count(*) FILTER (WHERE natural_key = pg_temp.activity_key_0001(occurred_on, type, by,
                    with_names, channel, decision_by, interest, note))
                FROM activities
                """).rows[0]
            #expect(rows[0] != "0")
            #expect(rows[0] == rows[1])
        }
    }

    @Test("for every label of activity_type, party, contact_channel and interest_level (0022 lists them in a CASE)")
    func sameKeyForEveryLabel() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(script: ActivityKeyTests.firstDefinition)
            let labels = try connection.query("""
                SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
                WHERE t.typname IN ('activity_type', 'party', 'contact_channel', 'interest_level')
                """).rows.map { ($0[0]!, $0[1]!) }
            #expect(labels.count == 11 + 3 + 6 + 4)
            for (type, label) in labels {
                let arguments: String
                switch type {
                case "activity_type": arguments = "DATE '2026-11-20', $1::activity_type, NULL, '{}', NULL, NULL, NULL, NULL"
                case "party": arguments = "DATE '2026-11-20', 'interview', $1::party, '{}', NULL, NULL, NULL, NULL"
                case "contact_channel": arguments = "DATE '2026-11-20', 'interview', NULL, '{}', $1::contact_channel, NULL, NULL, NULL"
                default: arguments = "DATE '2026-11-20', 'hm_reply', NULL, '{}', NULL, NULL, $1::interest_level, NULL"
                }
                let row = try connection.query("""
                    SELECT activity_key(\(arguments)) IS NOT NULL, activity_key(\(arguments)) = pg_temp.activity_key_0001(\(arguments))
                    """, [label]).rows[0]
                #expect(row[0] == "t", "\(type) \(label)")
                #expect(row[1] == "t", "\(type) \(label)")
            }
        }
    }

    @Test("in a UTF8 database the generated column is computed inline: activity_key is a SQL function")
    func inlinedInUTF8() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            #expect(try connection.query("SHOW server_encoding").scalar == "UTF8")
            #expect(try connection.query("""
                SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = 'activity_key'
                """).scalar == "sql")
            // Inlined: the plan shows the expression, not a call of activity_key.
            let plan = try connection.query("""
                EXPLAIN (VERBOSE, COSTS OFF) SELECT activity_key(DATE '2026-11-20', t, NULL, '{}', NULL, NULL, NULL, NULL)
                FROM unnest(ARRAY['interview'::activity_type]) AS t
                """).rows.map { $0[0] ?? "" }.joined(separator: "\n")
            #expect(plan.contains("sha256"), "\(plan)")
            #expect(!plan.contains("activity_key("), "\(plan)")
        }
    }
}
