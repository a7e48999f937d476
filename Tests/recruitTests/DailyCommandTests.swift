import Foundation
import RecruitTestSupport
import Testing

/// `log`, `explain`, `policy` and `demo` through the commands, on the bundled sample agency.
@Suite("Daily commands end to end")
struct DailyCommandTests {
    func withSamples(_ body: (String) async throws -> Void) async throws { try await withSampleAgency(body) }

    func queue(_ db: String, _ day: String, _ extra: String...) throws -> [[String: Any]] {
        let result = recruit(["queue", "--as-of", day, "--format", "json", "--database", db] + extra)
        #expect(result.status == 0, "\(result.err)")
        return try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]] ?? []
    }

    @Test("the demo loads the samples twice without changing anything and shows the queue")
    func demoIsRepeatable() async throws {
        try await TestDatabase.with { database in
            let first = recruit("demo", "--database", database.conninfo)
            #expect(first.status == 0, "\(first.err)")
            #expect(first.out.contains("activities: 0 inserted, 0 updated, 137 unchanged"))
            #expect(first.out.contains("Over-contact warnings"))
            #expect(first.out.contains("Keep-in-mind notes"))
            let second = recruit("demo", "--database", database.conninfo)
            #expect(second.status == 0)
            let queueOf = { (text: String) in text.components(separatedBy: "Follow-up queue").last ?? "" }
            #expect(queueOf(first.out) == queueOf(second.out))
        }
    }

    @Test("the samples' queue on the demo day has an item of every rule")
    func samplesExerciseEveryRule() async throws {
        try await withSamples { db in
            let rules = Set(try queue(db, "2026-11-20").compactMap { $0["rule"] as? String })
            let pending = Set(try queue(db, "2026-12-20").compactMap { $0["rule"] as? String })
            // keep-in-mind and thank-you can only be seen within their short windows; the rest on the demo day.
            #expect(rules.union(pending).isSuperset(of: ["thank-you", "follow-up", "phone-check", "check-back", "keep-in-mind",
                                                         "attrition-check", "too-early", "too-many", "after-decision", "hm-overload"]),
                    "missing: \(Set(["thank-you", "follow-up", "phone-check", "check-back", "keep-in-mind", "attrition-check", "too-early", "too-many", "after-decision", "hm-overload"]).subtracting(rules.union(pending)))")
        }
    }

    @Test("a logged thank-you removes the item; logging it twice adds nothing")
    func loggingAThankYou() async throws {
        try await withSamples { db in
            let before = try queue(db, "2026-11-20").filter { $0["rule"] as? String == "thank-you" }
            let item = try #require(before.first)
            let candidate = item["candidate"] as! String
            let opening = item["opening"] as! String
            let args = ["log", "--candidate", candidate.uppercased(), "--opening", opening, "--type", "thank_you",
                        "--by", "candidate", "--date", "2026-11-20", "--database", db]
            let first = recruit(args)
            #expect(first.status == 0, "\(first.err)")
            #expect(first.out.hasPrefix("logged"))
            let second = recruit(args)
            #expect(second.status == 0)
            #expect(second.out.hasPrefix("already recorded"))
            let after = try queue(db, "2026-11-20").filter {
                $0["rule"] as? String == "thank-you" && $0["candidate"] as? String == candidate && $0["opening"] as? String == opening
            }
            #expect(after.isEmpty)
            // History replays: before the note existed, the item was there.
            #expect(try queue(db, "2026-11-19").contains { $0["rule"] as? String == "thank-you" && $0["candidate"] as? String == candidate })
        }
    }

    @Test("a logged follow-up moves the chain on to the phone check")
    func loggingAFollowUp() async throws {
        try await withSamples { db in
            // A first follow-up after a recent decision date: it cannot go dark before the phone check is due.
            let due = try queue(db, "2026-11-20").filter {
                $0["rule"] as? String == "follow-up" && ($0["reason"] as? String ?? "").hasPrefix("HM said decision by")
            }
            let item = try #require(due.max { ($0["due"] as! String) < ($1["due"] as! String) })
            let candidate = item["candidate"] as! String
            let opening = item["opening"] as! String
            let result = recruit("log", "--candidate", candidate, "--opening", opening, "--type", "follow_up",
                                 "--by", "recruiter", "--date", "2026-11-20", "--database", db)
            #expect(result.status == 0, "\(result.err)")
            let mine = { (items: [[String: Any]]) in items.filter { $0["candidate"] as? String == candidate && $0["opening"] as? String == opening } }
            #expect(!mine(try queue(db, "2026-11-20")).contains { $0["rule"] as? String == "follow-up" })
            let later = mine(try queue(db, "2026-12-11"))
            #expect(later.contains { $0["rule"] as? String == "phone-check" && $0["due"] as? String == "2026-12-11" })
        }
    }

    @Test("a bad log entry is refused naming the flag, and nothing is written")
    func badLogEntryIsRefused() async throws {
        try await withSamples { db in
            let before = try queue(db, "2026-11-20").count
            let badDate = recruit("log", "--candidate", "ana.ng@example.com", "--opening", "ACME-1042", "--type", "follow_up",
                                  "--date", "03/04/2026", "--database", db)
            #expect(badDate.status == 1)
            #expect(badDate.err.contains("--date"))
            let unknown = recruit("log", "--candidate", "nobody@example.com", "--opening", "ACME-1042", "--type", "follow_up",
                                  "--date", "2026-11-20", "--database", db)
            #expect(unknown.status == 1)
            #expect(unknown.err.contains("--candidate"))
            #expect(try queue(db, "2026-11-20").count == before)
        }
    }

    @Test("explain shows the timeline and a verdict for every rule")
    func explainShowsEveryRule() async throws {
        try await withSamples { db in
            let item = try #require(try queue(db, "2026-11-20").first { $0["rule"] as? String == "follow-up" })
            let result = recruit("explain", "--candidate", item["candidate"] as! String, "--opening", item["opening"] as! String,
                                 "--as-of", "2026-11-20", "--database", db)
            #expect(result.status == 0, "\(result.err)")
            for rule in ["thank-you", "follow-up", "phone-check", "check-back", "keep-in-mind", "attrition-check",
                         "too-early", "too-many", "after-decision", "hm-overload"] {
                #expect(result.out.contains("  \(rule):"), "no verdict for \(rule)")
            }
            #expect(result.out.contains("Timeline"))
            let missing = recruit("explain", "--candidate", "nobody@example.com", "--opening", "X", "--database", db)
            #expect(missing.status == 1)
        }
    }

    @Test("policy set changes the queue; show marks the client's overrides")
    func policyChangesTheQueue() async throws {
        try await withSamples { db in
            let before = try queue(db, "2026-11-20").filter { $0["rule"] as? String == "hm-overload" }
            #expect(!before.isEmpty)
            let client = before[0]["client"] as! String
            let set = recruit("policy", "set", "--client", client.lowercased(), "hm_weekly_cap=10", "--database", db)
            #expect(set.status == 0, "\(set.err)")
            #expect(try queue(db, "2026-11-20").filter { $0["rule"] as? String == "hm-overload" && $0["client"] as? String == client }.isEmpty)
            let show = recruit("policy", "show", "--client", client, "--database", db)
            #expect(show.out.contains("* hm_weekly_cap"))
            #expect(show.out.contains("(agency: 3)"))
            #expect(recruit("policy", "set", "no_such_key=1", "--database", db).status == 2)
            #expect(recruit("policy", "set", "--client", "No Such Client", "hm_weekly_cap=1", "--database", db).status == 1)
        }
    }

    @Test("the client and recruiter filters select exactly their items")
    func filtersSelectExactly() async throws {
        try await withSamples { db in
            let all = try queue(db, "2026-11-20")
            let client = all.compactMap { $0["client"] as? String }.first!
            let forClient = try queue(db, "2026-11-20", "--client", client.uppercased())
            #expect(forClient.count == all.filter { $0["client"] as? String == client }.count)
            let recruiter = all.compactMap { $0["recruiter"] as? String }.first!
            let forRecruiter = try queue(db, "2026-11-20", "--recruiter", recruiter)
            #expect(!forRecruiter.isEmpty)
            #expect(forRecruiter.filter { $0["candidate"] is String }.allSatisfy { $0["recruiter"] as? String == recruiter })
            #expect(forRecruiter.filter { $0["candidate"] is String }.count == all.filter { $0["recruiter"] as? String == recruiter }.count)
        }
    }

    @Test("csv and ics carry the same items as json")
    func otherFormats() async throws {
        try await withSamples { db in
            let items = try queue(db, "2026-11-20")
            let csv = recruit("queue", "--as-of", "2026-11-20", "--format", "csv", "--database", db)
            #expect(csv.out.split(separator: "\r\n").count == items.count + 1)
            let ics = recruit("queue", "--as-of", "2026-11-20", "--format", "ics", "--database", db)
            #expect(ics.out.components(separatedBy: "BEGIN:VTODO").count - 1 == items.count)
            #expect(ics.out.hasPrefix("BEGIN:VCALENDAR\r\n"))
        }
    }
}
