import Foundation
import Policies
import PropertyBased
import Recruiting
import RecruitTestSupport
import Testing

/// `application_timelines` (sql/0003) is derived from `applications`, `candidates`, `openings` and `activities` by
/// triggers; the queue reads only it. These tests hold it to one law: what the queue reads is what those tables say,
/// after any change by any writer; every application has exactly one row.
@Suite("Packed timelines follow the activities")
struct ApplicationTimelinesTests {
    private static let asOf = Day(year: 2026, month: 12, day: 31)

    private func seed(_ connection: Connection) throws {
        try Seed(connection)
            .opening("A-1", client: "Acme Corp")
            .opening("B-1", client: "Beta Ltd", hiringManager: "Lee Park")
            .application("one@example.com", "A-1")
            .application("two@example.com", "A-1")
            .application("one@example.com", "B-1")
    }

    /// Inserts one activity through parameters; the names go as JSON so that any character survives.
    private func insert(_ connection: Connection, _ email: String, _ opening: String, _ date: String, _ type: String,
                        by: String? = nil, with names: [String] = [], decisionBy: String? = nil,
                        interest: String? = nil) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: names), as: UTF8.self)
        try connection.query("""
            INSERT INTO activities (application_id, occurred_on, type, by, with_names, decision_by, interest)
            SELECT a.id, $3::date, $4::activity_type, $5::party,
                   ARRAY(SELECT json_array_elements_text($6::json)), $7::date, $8::interest_level
            FROM applications a JOIN candidates c ON c.id = a.candidate_id
            WHERE c.email = $1 AND a.opening_id = $2
            """, [email, opening, date, type, by, json, decisionBy, interest])
    }

    /// One activity for `insertInOneStatement`.
    private struct NewActivity {
        var email: String, opening: String, date: String, type: String
        var by: String? = nil, with: [String] = [], decisionBy: String? = nil, interest: String? = nil
    }

    /// Inserts `rows` with one statement, recording them in the order given: one run of the insert trigger for all,
    /// as an import does. The rows go as JSON so that any character in a name survives. `skippingRepeats` leaves out
    /// rows that are an activity already stored or given earlier (as an import does), instead of failing.
    private func insertInOneStatement(_ connection: Connection, _ rows: [NewActivity],
                                      skippingRepeats: Bool = false) throws {
        let objects: [[String: Any]] = rows.map { row in
            ["email": row.email, "opening": row.opening, "date": row.date, "type": row.type, "with": row.with,
             "by": row.by ?? NSNull(), "decision_by": row.decisionBy ?? NSNull(), "interest": row.interest ?? NSNull()]
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: objects), as: UTF8.self)
        let inserted = try connection.query("""
            INSERT INTO activities (application_id, occurred_on, type, by, with_names, decision_by, interest)
            SELECT a.id, (r->>'date')::date, (r->>'type')::activity_type, (r->>'by')::party,
                   ARRAY(SELECT json_array_elements_text(r->'with')), (r->>'decision_by')::date,
                   (r->>'interest')::interest_level
            FROM json_array_elements($1::json) WITH ORDINALITY AS given (r, n)
            JOIN candidates c ON c.email = r->>'email'
            JOIN applications a ON a.candidate_id = c.id AND a.opening_id = r->>'opening'
            ORDER BY given.n
            \(skippingRepeats ? "ON CONFLICT ON CONSTRAINT activities_natural_key DO NOTHING" : "")
            """, [json]).affected
        if !skippingRepeats {
            #expect(inserted == rows.count, "every row names a seeded application and no two are the same activity")
        }
    }

    /// The rows of `application_timelines`, by application id.
    private func stored(_ connection: Connection) throws -> [String: String] {
        var result: [String: String] = [:]
        try connection.forEachRow("SELECT application_id::text, facts FROM application_timelines") {
            result[$0[0]!] = $0[1]!
        }
        return result
    }

    /// Every row of `application_timelines`, as text, by application id.
    private func storedRows(_ connection: Connection) throws -> [String: [String?]] {
        var result: [String: [String?]] = [:]
        try connection.forEachRow("""
            SELECT application_id::text, candidate_id::text, email, opening_id, stage::text, stage_date::text,
                   submitted_on::text, decision_by::text, interest::text, recruiter, facts, candidate_name
            FROM application_timelines
            """) { row in result[row[0]!] = (1..<row.count).map { row[$0] } }
        return result
    }

    /// The same rows as the base tables give them, written out here independently of recruit_timeline_heads: one per
    /// application, the recruiter it answers to (the application's, else the candidate's, else the opening's), and
    /// the facts packed from `activities` ('' when it has none), and the candidate's name (0014: first and last, trimmed).
    private func rowsFromBaseTables(_ connection: Connection) throws -> [String: [String?]] {
        var result: [String: [String?]] = [:]
        try connection.forEachRow("""
            SELECT a.id::text, a.candidate_id::text, c.email, a.opening_id, a.stage::text, a.stage_date::text,
                   a.submitted_on::text, a.decision_by::text, a.interest::text,
                   CASE WHEN a.recruiter IS NOT NULL THEN a.recruiter
                        WHEN c.recruiter IS NOT NULL THEN c.recruiter ELSE o.recruiter END,
                   coalesce((SELECT string_agg(f, '' ORDER BY act.occurred_on, act.id)
                             FROM activities act
                             CROSS JOIN LATERAL recruit_timeline_fact(act.occurred_on, act.type, act.by,
                                                                      act.with_names, act.decision_by,
                                                                      act.interest) AS f
                             WHERE act.application_id = a.id), ''),
                   CASE WHEN btrim(coalesce(c.first_name, '')) = '' AND btrim(coalesce(c.last_name, '')) = '' THEN NULL
                        WHEN btrim(coalesce(c.first_name, '')) = '' THEN btrim(c.last_name)
                        WHEN btrim(coalesce(c.last_name, '')) = '' THEN btrim(c.first_name)
                        ELSE btrim(c.first_name) || ' ' || btrim(c.last_name) END
            FROM applications a, candidates c, openings o
            WHERE c.id = a.candidate_id AND o.id = a.opening_id
            """) { row in result[row[0]!] = (1..<row.count).map { row[$0] } }
        return result
    }

    /// What the triggers stored equals what the base tables say, row for row and column for column.
    private func expectRowsFollowBaseTables(_ connection: Connection, _ comment: Comment? = nil,
                                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stored = try storedRows(connection)
        let expected = try rowsFromBaseTables(connection)
        #expect(stored == expected, comment, sourceLocation: sourceLocation)
    }

    /// What the insert trigger stored equals what a full rebuild from `activities` stores, byte for byte.
    private func expectSameAsFullRebuild(_ connection: Connection, sourceLocation: SourceLocation = #_sourceLocation)
        throws {
        let built = try stored(connection)
        try connection.query("SELECT recruit_forget_timelines(array_agg(id)) FROM applications")
        #expect(try stored(connection) == built, sourceLocation: sourceLocation)
    }

    /// The timelines as the queue reads them, by "email opening".
    private func packed(_ connection: Connection, asOf: Day = asOf) throws -> [String: [Activity]] {
        var result: [String: [Activity]] = [:]
        try TimelineReader.forEach(connection, asOf: asOf) { _, timeline in
            result["\(timeline.candidate) \(timeline.opening.id)"] = timeline.activities
        }
        return result
    }

    /// The same timelines read straight from `activities`, in date and recording order, none after `asOf`.
    private func recorded(_ connection: Connection, asOf: Day = asOf) throws -> [String: [Activity]] {
        var result: [String: [Activity]] = [:]
        try connection.forEachRow("SELECT c.email || ' ' || a.opening_id FROM applications a JOIN candidates c ON c.id = a.candidate_id") {
            result[$0[0]!] = []
        }
        try connection.forEachRow("""
            SELECT c.email || ' ' || a.opening_id, act.occurred_on::text, act.type::text, act.by::text,
                   array_to_json(act.with_names)::text, act.decision_by::text, act.interest::text
            FROM activities act
            JOIN applications a ON a.id = act.application_id
            JOIN candidates c ON c.id = a.candidate_id
            WHERE act.occurred_on <= $1::date
            ORDER BY a.id, act.occurred_on, act.id
            """, [asOf.description]) { row in
            let names = try! JSONSerialization.jsonObject(with: Data(row[4]!.utf8)) as! [String]
            let key = row[0]!
            result[key, default: []].append(Activity(
                date: Day(row[1]!)!, type: ActivityType(rawValue: row[2]!)!, by: row[3].flatMap(Party.init(rawValue:)),
                with: names, decisionBy: row[5].flatMap { Day($0) }, interest: row[6].flatMap(Interest.init(rawValue:)),
                sequence: result[key]?.count ?? 0))
        }
        return result
    }

    /// Activities compared on what the rules read; `sequence` only as an order, which the list order already is.
    private func same(_ a: [String: [Activity]], _ b: [String: [Activity]]) -> Bool {
        func strip(_ timelines: [String: [Activity]]) -> [String: [Activity]] {
            timelines.mapValues { $0.map { var activity = $0; activity.sequence = 0; return activity } }
        }
        return strip(a) == strip(b)
    }

    @Test("inserts, updates, deletes, cascades and truncation all reach the packed timelines")
    func everyChangeIsFollowed() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            #expect(try stored(connection).values.sorted() == ["", "", ""], "a row for every application, no facts yet")
            try insert(connection, "one@example.com", "A-1", "2026-11-05", "interview", by: "client", with: ["Dana Cho"])
            try insert(connection, "one@example.com", "A-1", "2026-11-06", "thank_you", by: "candidate")
            // Recorded later but dated earlier: the packed order is the timeline's (date, then recording order).
            try insert(connection, "one@example.com", "A-1", "2026-11-01", "phone_check", by: "recruiter")
            try insert(connection, "one@example.com", "B-1", "2026-11-03", "hm_reply", by: "client",
                       decisionBy: "2026-11-10", interest: "warm")
            let afterInserts = try packed(connection)
            #expect(afterInserts["one@example.com A-1"]?.map(\.type) == [.phoneCheck, .interview, .thankYou])
            #expect(afterInserts["two@example.com A-1"] == [], "an application without activities")
            #expect(same(afterInserts, try recorded(connection)))

            try connection.query("UPDATE activities SET occurred_on = '2026-11-09' WHERE type = 'phone_check'")
            #expect(try packed(connection)["one@example.com A-1"]?.map(\.type) == [.interview, .thankYou, .phoneCheck])
            // Moving an activity to another application rebuilds both.
            try connection.query("""
                UPDATE activities SET application_id = (SELECT a.id FROM applications a JOIN candidates c
                    ON c.id = a.candidate_id WHERE c.email = 'two@example.com') WHERE type = 'thank_you'
                """)
            #expect(same(try packed(connection), try recorded(connection)))
            #expect(try packed(connection)["two@example.com A-1"]?.map(\.type) == [.thankYou])

            try connection.query("DELETE FROM activities WHERE type = 'thank_you'")
            #expect(try packed(connection)["two@example.com A-1"] == [])
            #expect(try connection.query("SELECT count(*) FROM application_timelines").scalar == "3",
                    "an application whose last activity went keeps its row")
            try expectRowsFollowBaseTables(connection)

            try connection.query("DELETE FROM candidates WHERE email = 'one@example.com'")
            #expect(try connection.query("SELECT count(*) FROM application_timelines").scalar == "1", "cascades")

            try insert(connection, "two@example.com", "A-1", "2026-11-05", "interview", by: "client")
            try connection.query("TRUNCATE activities")
            #expect(try stored(connection).values.sorted() == [""])
            #expect(same(try packed(connection), try recorded(connection)))
            try expectRowsFollowBaseTables(connection)
        }
    }

    @Test("deleting or truncating applications leaves no timeline behind (no foreign key needed)")
    func applicationsGoneTimelinesGone() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            try insert(connection, "one@example.com", "A-1", "2026-11-05", "interview", by: "client")
            try insert(connection, "one@example.com", "B-1", "2026-11-06", "hm_reply", by: "client")
            try insert(connection, "two@example.com", "A-1", "2026-11-07", "follow_up", by: "recruiter")
            #expect(try connection.query("SELECT count(*) FROM application_timelines").scalar == "3")
            try connection.query("DELETE FROM applications WHERE opening_id = 'B-1'")
            #expect(try connection.query("SELECT count(*) FROM application_timelines").scalar == "2")
            #expect(same(try packed(connection), try recorded(connection)))
            try connection.query("TRUNCATE applications CASCADE")
            #expect(try connection.query("SELECT count(*) FROM application_timelines").scalar == "0")
        }
    }

    @Test("names come back exactly as stored, whatever characters they hold")
    func namesOfAnySpelling() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let names = ["Dana Cho", "O'Brien, Pat; Jr.", "12:ab", "a,b;c:d", "back\\slash", "tab\there",
                         "new\nline", "unit\u{1F}separator", "emoji 👩🏽‍💼", "Zoë Ünal", "e\u{301}", ""]
            try insert(connection, "one@example.com", "A-1", "2026-11-05", "interview", by: "client", with: names)
            let read = try packed(connection)
            #expect(read["one@example.com A-1"]?.first?.with == names)
            #expect(same(read, try recorded(connection)))
        }
    }

    @Test("as of any day, the packed timelines hold exactly the recorded activities up to that day")
    func packedEqualsRecordedProperty() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let keys = [("one@example.com", "A-1"), ("two@example.com", "A-1"), ("one@example.com", "B-1")]
            let types = ["interview", "thank_you", "follow_up", "phone_check", "hm_reply", "keep_in_mind", "offer"]
            let name = Gen.element(of: Array("Ab ,;:\\9é👍")).array(of: 0...6).map { String($0.compactMap { $0 }) }
            let activity = zip(Gen.int(in: 0...2), Gen.int(in: 0...40), Gen.int(in: 0...(types.count - 1)),
                               name.array(of: 0...3), Gen.int(in: 0...3))
            await propertyCheck(count: 30, input: activity.array(of: 0...10), Gen.int(in: 0...45)) { activities, cutoff in
                try connection.query("DELETE FROM activities")
                // Each batch of three is one statement's worth in a transaction, as an import would write them.
                for start in stride(from: 0, to: activities.count, by: 3) {
                    try connection.transaction {
                        for (key, day, type, names, extra) in activities[start..<min(start + 3, activities.count)] {
                            let date = Day(year: 2026, month: 11, day: 1).adding(days: day).description
                            let reply = types[type] == "hm_reply"
                            try insert(connection, keys[key].0, keys[key].1, date, types[type],
                                       by: ["client", "candidate", "recruiter", nil][extra], with: names,
                                       decisionBy: reply && extra < 2 ? "2026-12-20" : nil,
                                       interest: ["top", nil, "cool", nil][extra])
                        }
                    }
                }
                let asOf = Day(year: 2026, month: 11, day: 1).adding(days: cutoff)
                #expect(same(try packed(connection, asOf: asOf), try recorded(connection, asOf: asOf)))
            }
        }
    }

    @Test("two transactions adding to one application at once both end up in its packed timeline")
    func concurrentWritersBothCount() async throws {
        try await TestDatabase.with { database in
            let setup = try database.connect()
            try seed(setup)
            let first = try database.connect()
            let second = try database.connect()
            try first.execute(script: "BEGIN")
            try insert(first, "one@example.com", "A-1", "2026-11-05", "interview", by: "client")
            // The second writer waits for the first one's lock in its trigger; it is let go by the first commit.
            async let waiting: Void = onOwnThread {
                try second.execute(script: "BEGIN")
                try ApplicationTimelinesTests().insert(second, "one@example.com", "A-1", "2026-11-06", "thank_you",
                                                       by: "candidate")
                try second.execute(script: "COMMIT")
            }
            try await Task.sleep(for: .milliseconds(300))
            try first.execute(script: "COMMIT")
            try await waiting
            #expect(try packed(setup)["one@example.com A-1"]?.map(\.type) == [.interview, .thankYou])
        }
    }

    // An application without a packed row takes it from the statement's inserted rows; one with a row is
    // rebuilt from `activities`. The two ways must give the same bytes.

    @Test("one statement for applications with and without a packed row stores what a full rebuild does")
    func insertsMixingNewAndKnownApplications() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            try Seed(connection).application("three@example.com", "B-1").application("four@example.com", "B-1")
            // Rows for two applications beforehand.
            try insertInOneStatement(connection, [
                NewActivity(email: "one@example.com", opening: "A-1", date: "2026-11-05", type: "interview",
                    by: "client", with: ["Dana Cho"]),
                NewActivity(email: "three@example.com", opening: "B-1", date: "2026-11-04", type: "phone_check",
                    by: "recruiter"),
            ])
            try expectSameAsFullRebuild(connection)

            let names = ["a,b;c:d", "12:ab", "tab\there", "new\nline", "emoji 👩🏽‍💼", "", "Zoë Ünal"]
            try connection.transaction {
                try insertInOneStatement(connection, [
                    // Known, dated before what it has.
                    NewActivity(email: "one@example.com", opening: "A-1", date: "2026-11-01", type: "phone_check",
                        by: "recruiter", with: names),
                    // New: three facts on one day, recorded in an order that is neither by type nor by name.
                    NewActivity(email: "two@example.com", opening: "A-1", date: "2026-11-03", type: "thank_you",
                        by: "candidate", with: ["Lee; Park"]),
                    NewActivity(email: "two@example.com", opening: "A-1", date: "2026-11-03", type: "interview",
                        by: "client", with: ["Lee; Park", "Dana Cho"]),
                    NewActivity(email: "two@example.com", opening: "A-1", date: "2026-11-03", type: "follow_up",
                        by: "recruiter"),
                    // New, recorded before an earlier day of its own.
                    NewActivity(email: "one@example.com", opening: "B-1", date: "2026-11-09", type: "hm_reply",
                        by: "client", decisionBy: "2026-11-20", interest: "warm"),
                    NewActivity(email: "one@example.com", opening: "B-1", date: "2026-11-02", type: "interview",
                        by: "client", with: names),
                    // Known, the same day as what it has.
                    NewActivity(email: "three@example.com", opening: "B-1", date: "2026-11-04", type: "follow_up",
                        by: "recruiter", with: ["x"]),
                ])
                // The same transaction touches one of them again (its row now exists) and a new one.
                try insertInOneStatement(connection, [
                    NewActivity(email: "two@example.com", opening: "A-1", date: "2026-11-03", type: "keep_in_mind",
                        by: "candidate"),
                    NewActivity(email: "four@example.com", opening: "B-1", date: "2026-11-06", type: "hm_reply",
                        by: "client", decisionBy: nil, interest: "top"),
                ])
            }
            let read = try packed(connection)
            #expect(read["two@example.com A-1"]?.map(\.type) == [.thankYou, .interview, .followUp, .keepInMind])
            #expect(read["two@example.com A-1"]?[1].with == ["Lee; Park", "Dana Cho"])
            #expect(read["one@example.com A-1"]?.first?.with == names)
            #expect(read["one@example.com B-1"]?.map(\.type) == [.interview, .hmReply])
            #expect(read["one@example.com B-1"]?.first?.with == names)
            #expect(same(read, try recorded(connection)))
            #expect(try connection.query("SELECT count(*) FROM application_timelines").scalar == "5")
            try expectSameAsFullRebuild(connection)
        }
    }

    @Test("after any mix of multi-row inserts, the stored rows are what a full rebuild stores")
    func multiRowInsertsEqualFullRebuildProperty() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let keys = [("one@example.com", "A-1"), ("two@example.com", "A-1"), ("one@example.com", "B-1")]
            let types = ["interview", "thank_you", "follow_up", "phone_check", "keep_in_mind", "check_back"]
            let name = Gen.element(of: Array("Ab ,;:\\\t\n9é👍")).array(of: 0...6).map { String($0.compactMap { $0 }) }
            let activity = zip(Gen.int(in: 0...2), Gen.int(in: 0...6), Gen.int(in: 0...(types.count - 1)),
                               name.array(of: 0...3), Gen.int(in: 0...3))
            // Statements of up to five activities; a transaction holds one or two statements.
            let statement = activity.array(of: 0...5)
            await propertyCheck(count: 40, input: statement.array(of: 1...4), Gen.int(in: 1...2)) {
                statements, perTransaction in
                try connection.query("DELETE FROM activities")
                for start in stride(from: 0, to: statements.count, by: perTransaction) {
                    try connection.transaction {
                        for rows in statements[start..<min(start + perTransaction, statements.count)] {
                            var batch: [NewActivity] = []
                            for (key, day, type, names, extra) in rows {
                                let date = Day(year: 2026, month: 11, day: 1).adding(days: day).description
                                let by = ["client", "candidate", "recruiter", nil][extra]
                                batch.append(NewActivity(email: keys[key].0, opening: keys[key].1, date: date,
                                                         type: types[type], by: by, with: names))
                            }
                            try insertInOneStatement(connection, batch, skippingRepeats: true)
                        }
                    }
                }
                #expect(same(try packed(connection), try recorded(connection)))
                try expectSameAsFullRebuild(connection)
            }
        }
    }

    @Test("under REPEATABLE READ, a writer that missed another one's new row fails as a serialization failure")
    func repeatableReadWritersStillRetry() async throws {
        try await TestDatabase.with { database in
            let setup = try database.connect()
            try seed(setup)
            let late = try database.connect()
            // Its snapshot is taken before the other writer commits the application's first row, so it cannot see
            // that row; it must not write a row of its own with only its activity. (No waiting: the other writer has
            // committed before this one inserts.)
            try late.execute(script: "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1")
            try insert(setup, "one@example.com", "A-1", "2026-11-05", "interview", by: "client")
            do {
                try insert(late, "one@example.com", "A-1", "2026-11-06", "thank_you", by: "candidate")
                Issue.record("the late writer's insert was accepted")
            } catch let error as DatabaseError {
                #expect(error.sqlState == "40001", "\(error)")
            }
            try late.execute(script: "ROLLBACK")
            #expect(try packed(setup)["one@example.com A-1"]?.map(\.type) == [.interview])
        }
    }

    @Test("one activity's packed text is the general form's, byte for byte, for every shape of names array (the one-name branch)")
    func factSameAsBeforeForEveryNamesArray() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            // recruit_timeline_fact without its one-name branch, written out.
            let earlier = """
                concat(d - DATE '1970-01-01', ',', t, ',', b, ',', dec - DATE '1970-01-01', ',', i,
                       CASE WHEN cardinality(n) > 0 THEN
                           (SELECT string_agg(concat(',', char_length(x), ':', x), '' ORDER BY o)
                            FROM unnest(n) WITH ORDINALITY AS names (x, o) WHERE x IS NOT NULL) END, ';')
                """
            let differences = try connection.query("""
                SELECT format('%s %s %s: %s / %s', n, b, i, \(earlier), now.fact)
                FROM (VALUES (NULL), ('{}'), ('{a}'), ('{NULL}'), ('{"Dana Cho"}'), ('{a,b}'), ('{a,NULL,b}'),
                             ('{NULL,NULL}'), ('{NULL,x}'), ('[3:3]={x}'), ('[0:1]={x,y}'), ('[-2:-2]={NULL}'),
                             ('{{a}}'), ('{{a,b},{c,d}}'), ('{{NULL}}'), ('[2:2][5:5]={{z}}'), ('{"a,b:c;d"}'),
                             ('{"Zoë Ünal"}'), ('{"emoji 👩🏽‍💼"}'), ('{""}'), ('{" "}'), ('{"",""}')) AS arrays (cell)
                CROSS JOIN LATERAL (SELECT cell::text[] AS n) AS names
                CROSS JOIN (VALUES (DATE '2026-11-20', 'hm_reply'::activity_type, 'client'::party, DATE '2026-11-25',
                                    'warm'::interest_level),
                                   (DATE '1969-12-31', 'interview', NULL, NULL, NULL)) AS facts (d, t, b, dec, i)
                CROSS JOIN LATERAL recruit_timeline_fact(d, t, b, n, dec, i) AS now (fact)
                WHERE \(earlier) IS DISTINCT FROM now.fact
                """).rows.map { $0[0] ?? "" }
            #expect(differences == [])
            let one = try connection.query("""
                SELECT f FROM recruit_timeline_fact(DATE '2026-11-20', 'interview', 'client', '{"Dana Cho"}', NULL, NULL) f
                """).scalar
            #expect(one == "20777,interview,client,,,8:Dana Cho;")
        }
    }

    // Every application has its row, with the columns the queue reads, whoever writes.

    /// One write of `rowsFollowEveryWriterProperty`: `op` picks the kind, `a` and `b` the rows and values (taken
    /// modulo what there is), `c` a recruiter.
    private func write(_ connection: Connection, op: Int, _ a: Int, _ b: Int, _ c: Int) throws {
        let recruiters: [String?] = ["sam@agency.test", " Kim@Agency.test", nil, ""]
        let stages = ["submitted", "interviewing", "offered", "hired", "rejected", "withdrawn"]
        let types = ["interview", "thank_you", "follow_up", "hm_reply", "keep_in_mind"]
        func nth(_ table: String, _ k: Int) -> String {
            "(SELECT id FROM \(table) ORDER BY id OFFSET \(k) % greatest((SELECT count(*) FROM \(table)), 1) LIMIT 1)"
        }
        let day = Day(year: 2026, month: 11, day: 1).adding(days: b % 20).description
        switch op {
        case 0:
            try connection.query("""
                INSERT INTO activities (application_id, occurred_on, type, by, with_names)
                SELECT \(nth("applications", a)), $1::date, $2::activity_type, 'client', ARRAY['Dana Cho']
                WHERE EXISTS (SELECT FROM applications)
                ON CONFLICT DO NOTHING
                """, [day, types[b % types.count]])
        case 1:
            try connection.query("DELETE FROM activities WHERE id = \(nth("activities", a))")
        case 2:
            let stage = stages[b % stages.count]
            try connection.query("""
                UPDATE applications SET stage = $1::application_stage, stage_date = $2::date, recruiter = $3,
                                        interest = $4::interest_level, decision_by = $5::date
                WHERE id = \(nth("applications", a))
                """, [stage, stage == "submitted" && b % 2 == 0 ? nil : day, recruiters[c],
                      ["top", nil, "cool", nil][c], c == 1 ? day : nil])
        case 3:
            // A candidate's recruiter and names (0014: the name is on the rows too).
            let names: [(String?, String?)] = [(nil, nil), ("Ana", nil), (" Bea ", "Weiss"), ("", "Li")]
            try connection.query("UPDATE candidates SET recruiter = $1, first_name = $2, last_name = $3 WHERE id = \(nth("candidates", a))",
                                 [recruiters[c], names[b % names.count].0, names[b % names.count].1])
        case 4:
            try connection.query("UPDATE openings SET recruiter = $1 WHERE id = \(nth("openings", a))", [recruiters[c]])
        case 5:
            try connection.query("INSERT INTO candidates (email) VALUES ($1) ON CONFLICT DO NOTHING",
                                 ["new\(a % 4)@example.com"])
            try connection.query("""
                INSERT INTO applications (candidate_id, opening_id, submitted_on)
                SELECT c.id, \(nth("openings", b)), $2::date FROM candidates c WHERE c.email = $1
                ON CONFLICT DO NOTHING
                """, ["new\(a % 4)@example.com", day])
        case 6:
            try connection.query("DELETE FROM applications WHERE id = \(nth("applications", a))")
        case 7:
            try connection.query("UPDATE candidates SET email = 'c' || id || '-' || $1 || '@example.com' WHERE id = \(nth("candidates", a))",
                                 [String(b % 3)])
        case 8:
            try connection.query("""
                UPDATE activities SET application_id = \(nth("applications", b))
                WHERE id = \(nth("activities", a)) AND EXISTS (SELECT FROM applications)
                """)
        default:
            // An application and its first activities in one statement: whichever trigger runs first, the row
            // ends up with the activities.
            try connection.query("INSERT INTO candidates (email) VALUES ($1) ON CONFLICT DO NOTHING",
                                 ["both\(a % 3)@example.com"])
            try connection.query("""
                WITH created AS (
                    INSERT INTO applications (candidate_id, opening_id, submitted_on)
                    SELECT c.id, \(nth("openings", b)), $2::date FROM candidates c WHERE c.email = $1
                    ON CONFLICT DO NOTHING
                    RETURNING id)
                INSERT INTO activities (application_id, occurred_on, type, by)
                SELECT id, $2::date, t::activity_type, 'client' FROM created, unnest(ARRAY['interview', 'hm_reply']) t
                """, ["both\(a % 3)@example.com", day])
        }
    }

    @Test("after any mix of writes to applications, candidates, openings and activities, in any transactions, every application's row is what those tables say")
    func rowsFollowEveryWriterProperty() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            try connection.query("UPDATE candidates SET recruiter = 'lou@agency.test' WHERE email = 'two@example.com'")
            let step = zip(Gen.int(in: 0...9), Gen.int(in: 0...20), Gen.int(in: 0...20), Gen.int(in: 0...3))
            await propertyCheck(count: 60, input: step.array(of: 1...8), Gen.int(in: 1...3)) { steps, perTransaction in
                for start in stride(from: 0, to: steps.count, by: perTransaction) {
                    try connection.transaction {
                        for (op, a, b, c) in steps[start..<min(start + perTransaction, steps.count)] {
                            try write(connection, op: op, a, b, c)
                        }
                    }
                }
                try expectRowsFollowBaseTables(connection, "after \(steps)")
            }
        }
    }

    @Test("an activities import that creates applications writes their rows whole, and later writers go back to the usual way")
    func activitiesImportCreatesRowsWhole() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            try ImportFixture.load(.candidates, "email,recruiter\ncy@example.com,kim@agency.test\ndi@example.com,\n",
                                   into: connection)
            // Bo's application is imported first (its row then has no facts); Cy's and Di's come with their activities.
            try ImportFixture.load(.applications, ImportFixture.applications, into: connection)
            try ImportFixture.load(.activities, """
                candidate,opening,date,type,by,with
                cy@example.com,ACME-1042,2026-11-03,interview,client,Dana Cho
                bo.li@example.com,ACME-1042,2026-11-02,follow_up,recruiter,
                di@example.com,ACME-1042,2026-11-04,interview,client,
                cy@example.com,ACME-1042,2026-11-03,interview,client,Dana Cho
                cy@example.com,ACME-1042,2026-11-04,thank_you,candidate,Dana Cho
                """, into: connection)
            try expectRowsFollowBaseTables(connection)
            let rows = try storedRows(connection).values.map { [$0[1], $0[8]] }.sorted { ($0[0] ?? "") < ($1[0] ?? "") }
            #expect(rows == [["bo.li@example.com", "sam@agency.test"], ["cy@example.com", "kim@agency.test"],
                             ["di@example.com", "sam@agency.test"]], "Di answers to the opening's recruiter")
            #expect(try storedRows(connection).values.allSatisfy { $0[9]?.isEmpty == false })
            // The setting was the import's transaction's only: a plain insert of an application gets its row.
            try Seed(connection).application("ed@example.com", "ACME-1042")
            try expectRowsFollowBaseTables(connection)
            #expect(try connection.query("SELECT current_setting('recruit.timelines_from_activities', true)").scalar
                    .map { $0.isEmpty } ?? true)
        }
    }
}
