import Foundation
import Policies
import PropertyBased
import Recruiting
import RecruitTestSupport
import Testing

/// `application_timelines` (0006) is derived from `activities` by triggers; the queue reads only it. These tests
/// hold it to one law: what the queue reads is what `activities` says, after any change by any writer.
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
            #expect(try connection.query("SELECT count(*) FROM application_timelines").scalar == "0")
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
            #expect(try connection.query("SELECT count(*) FROM application_timelines").scalar == "2",
                    "no row is left for an application whose last activity went")

            try connection.query("DELETE FROM candidates WHERE email = 'one@example.com'")
            #expect(try connection.query("SELECT count(*) FROM application_timelines").scalar == "0", "cascades")

            try insert(connection, "two@example.com", "A-1", "2026-11-05", "interview", by: "client")
            try connection.query("TRUNCATE activities")
            #expect(try connection.query("SELECT count(*) FROM application_timelines").scalar == "0")
            #expect(same(try packed(connection), try recorded(connection)))
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
            let waiting = Task.detached {
                try second.execute(script: "BEGIN")
                try ApplicationTimelinesTests().insert(second, "one@example.com", "A-1", "2026-11-06", "thank_you",
                                                       by: "candidate")
                try second.execute(script: "COMMIT")
            }
            try await Task.sleep(for: .milliseconds(300))
            try first.execute(script: "COMMIT")
            try await waiting.value
            #expect(try packed(setup)["one@example.com A-1"]?.map(\.type) == [.interview, .thankYou])
        }
    }
}
