import Foundation
import Policies
import Recruiting
import RecruitTestSupport
import Testing

/// The figures of `ClientSummary` on the bundled samples, worked out by hand from
/// `Sources/Recruiting/Resources/samples/*.csv` as of the demo day, Friday 2026-11-20.
@Suite("Client summary figures")
struct ClientSummaryTests {
    let demoDay = Day("2026-11-20")!

    func withSamples(_ body: (Connection) throws -> Void) async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let importer = Importer(connection: connection)
            for kind in ImportKind.allCases {
                _ = try importer.run(kind, from: .file(try Samples.file(kind).path))
            }
            try body(connection)
        }
    }

    @Test("Borealis Health on the demo day: two live openings, one filled role, and their figures")
    func borealisFigures() async throws {
        try await withSamples { connection in
            let summary = try ClientSummary.build(connection, client: "borealis HEALTH", asOf: demoDay)
            #expect(summary.client == "Borealis Health")
            // BORE-201 is filled (listed apart), BORE-202 and BORE-203 are open.
            #expect(summary.openings.map(\.id) == ["BORE-202", "BORE-203"])

            let scientist = summary.openings[0]
            #expect(scientist.title == "Clinical Data Scientist")
            #expect(scientist.hiringManager == "Marcus Lee")
            #expect(scientist.daysOpen == 158)  // opened 2026-06-15
            // dev, fay, wen, dora and karl are interviewing; lea was rejected on 11-03.
            #expect(scientist.pipeline == Pipeline(interviewing: 5, notSelected: 1))
            let waiting = scientist.awaitingDecision.map {
                "\($0.candidate) \($0.daysWaiting) \($0.waitingSince) \($0.promisedBy.map { "\($0)" } ?? "-") \($0.promiseMissed)"
            }
            #expect(waiting == [
                "Fay Wong 116 2026-07-27 2026-07-31 true",    // interview 07-27, row decision_by 07-31
                "Dev Patel 31 2026-10-20 2026-10-23 true",    // interview 10-20, row decision_by 10-23
                "Wen Reyes 25 2026-10-26 2026-10-29 true",    // second interview 10-26; the 10-21 reply gave no date
                "Dora Young 18 2026-11-02 2026-11-19 true",   // the 11-04 reply promised 11-19
                "Karl Ford 17 2026-11-03 2026-11-13 true",    // the 11-06 reply gave no date: the row's 11-13
            ])
            // The last interviews were on 11-02 and 11-03, before T-13 = 11-07.
            #expect(scientist.recentInterviews.isEmpty)
            let steps = scientist.nextSteps.map { "\($0.date) \($0.rule) \($0.candidate)" }
            #expect(steps == [
                "2026-11-20 phone-check Dev Patel",    // due 11-18: follow-up 10-28 + 21 days
                "2026-11-20 check-back Fay Wong",      // let go 09-11 (07-31 + 42), due 11-11
                "2026-11-20 follow-up Karl Ford",      // 11-13 + 3 business days = 11-18
                "2026-11-20 follow-up Wen Reyes",      // 10-29 + 3 business days = 11-03
                "2026-11-24 follow-up Dora Young",     // 11-19 + 3 business days
            ])
            // Lea Fischer's after-decision follow-up of 11-09 is an over-contact warning: never in a summary.
            #expect(!scientist.nextSteps.contains { $0.candidate == "Lea Fischer" })

            let support = summary.openings[1]
            #expect(support.hiringManager == nil, "the HM is known by e-mail only, which is never shown")
            #expect(support.daysOpen == 50)  // opened 2026-10-01
            #expect(support.pipeline == Pipeline(submitted: 3))
            #expect(support.awaitingDecision.map { "\($0.candidate) \($0.daysWaiting) \($0.since.rawValue)" }
                    == ["Xavier Sato 32 submittal", "Emil Zhou 29 submittal", "Lina Gray 19 submittal"])
            #expect(support.awaitingDecision.allSatisfy { $0.promisedBy == nil && !$0.promiseMissed })

            #expect(summary.filledRoles.map { "\($0.id) \($0.title) \($0.openedOn!) \($0.filledOn!) \($0.daysToFill!) \($0.hired!)" }
                    == ["BORE-201 Nurse Manager 2026-05-01 2026-08-10 101 Ivan Petrov"])
            // Answered prompts: wen 10-19 -> 10-21 (2), dora 11-02 -> 11-04 (2), karl 11-03 -> 11-06 (3).
            #expect(summary.responsiveness.clientSamples == 3)
            #expect(summary.responsiveness.clientMedianDays == 2)
            // Acme 9 answered prompts, Cobalt 7, Borealis 3: 5 of 1 day, 11 of 2, 2 of 3, 1 of 6; the 10th is 2.
            #expect(summary.responsiveness.agencySamples == 19)
            #expect(summary.responsiveness.agencyMedianDays == 2)
        }
    }

    @Test("Acme Corp on the demo day: interviews in the last 14 days and a promise overtaken by a later interview")
    func acmeFigures() async throws {
        try await withSamples { connection in
            let summary = try ClientSummary.build(connection, client: "Acme Corp", asOf: demoDay)
            // ACME-1045 is on hold: listed after the open ones.
            #expect(summary.openings.map(\.id) == ["ACME-1042", "ACME-1043", "ACME-1044", "ACME-1045"])
            #expect(summary.openings.map(\.status) == [.open, .open, .open, .onHold])
            #expect(summary.filledRoles.isEmpty)
            let backend = summary.openings[0]
            // Rosa Lima has an offer out; Ana Ng's row says submitted but she interviewed on 11-19.
            #expect(backend.pipeline == Pipeline(interviewing: 5, offered: 1))
            #expect(backend.recentInterviews.map { "\($0.date) \($0.candidate)" } == ["2026-11-19 Ana Ng", "2026-11-09 Hugo Costa"])
            let designer = summary.openings[2]
            #expect(designer.recentInterviews.map { "\($0.date) \($0.candidate)" }
                    == ["2026-11-13 Victor Quist", "2026-11-09 Carlos Xu"])
            // Carlos Xu's decision date 11-07 came before his second interview on 11-09: no promise to flag.
            let carlos = try #require(designer.awaitingDecision.first { $0.candidate == "Carlos Xu" })
            #expect(carlos.daysWaiting == 11 && carlos.promisedBy == nil && !carlos.promiseMissed)
            // Victor Quist was promised a decision by 11-20: due today, not passed.
            let victor = try #require(designer.awaitingDecision.first { $0.candidate == "Victor Quist" })
            #expect(victor.promisedBy == Day("2026-11-20") && !victor.promiseMissed)
            #expect(summary.responsiveness.clientSamples == 9 && summary.responsiveness.clientMedianDays == 2)
        }
    }

    @Test("replaying an earlier day ignores what happened later")
    func replaysAnEarlierDay() async throws {
        try await withSamples { connection in
            let summary = try ClientSummary.build(connection, client: "Borealis Health", asOf: Day("2026-08-01")!)
            // BORE-203 opened 10-01 and does not exist yet; BORE-201 was filled only on 08-10.
            #expect(summary.openings.map(\.id) == ["BORE-201", "BORE-202"])
            #expect(summary.filledRoles.isEmpty)
            #expect(summary.openings[0].recentInterviews.isEmpty)
            #expect(summary.openings[1].pipeline == Pipeline(interviewing: 1), "only Fay Wong was submitted by then")
        }
    }

    @Test("reply figures read in one pass pair each prompt with the next reply, as a look-up per prompt does")
    func repliesInOnePass() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let seed = Seed(connection)
            let clients = ["Acme", "Beta", "Cobalt"]
            for index in 0..<6 { try seed.opening("R-\(index)", client: clients[index % 3]) }
            var state: UInt64 = 11
            func next(_ bound: Int) -> Int {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int((state >> 33) % UInt64(bound))
            }
            // Random histories over 40 days: several prompts before a reply, replies on a prompt's day (recorded
            // before or after it), replies with no prompt, prompts never answered, facts after T.
            let types = ["interview", "follow_up", "phone_check", "hm_reply", "hm_reply", "thank_you"]
            for candidate in 0..<24 {
                let opening = "R-\(candidate % 6)"
                try seed.application("p\(candidate)@example.com", opening)
                var recorded = Set<String>()
                for _ in 0..<next(12) {
                    let type = types[next(types.count)], day = "\(Day("2026-10-20")!.adding(days: next(40)))"
                    // One fact of a kind a day (the activities' natural key).
                    guard recorded.insert(day + type).inserted else { continue }
                    try seed.activity("p\(candidate)@example.com", opening, day, type,
                                      by: type == "hm_reply" ? "client" : "recruiter")
                }
            }
            // Worked by hand, for the client Dee: a reply recorded after a prompt the same day answers it (0 days);
            // one recorded before it does not; two prompts before one reply are two samples; a reply after T is none.
            try seed.opening("D-1", client: "Dee")
            for (candidate, facts) in [
                ("d1", [("2026-11-02", "follow_up"), ("2026-11-02", "hm_reply")]),
                ("d2", [("2026-11-03", "hm_reply"), ("2026-11-03", "interview"), ("2026-11-05", "hm_reply")]),
                ("d3", [("2026-11-01", "interview"), ("2026-11-04", "follow_up"), ("2026-11-06", "hm_reply")]),
                ("d4", [("2026-11-01", "phone_check"), ("2026-11-25", "hm_reply")]),
            ] {
                try seed.application("\(candidate)@example.com", "D-1")
                for (day, type) in facts {
                    try seed.activity("\(candidate)@example.com", "D-1", day, type, by: type == "hm_reply" ? "client" : "recruiter")
                }
            }
            let dee = try AgencyReplies.read(connection, asOf: Day("2026-11-20")!).of("Dee")
            #expect(dee.clientSamples == 4 && dee.clientMedianDays == 2, "samples 0, 2, 5 and 2 days")
            let later = try AgencyReplies.read(connection, asOf: Day("2026-12-31")!).of("Dee")
            #expect(later.clientSamples == 5 && later.clientMedianDays == 2, "and 24 days once the late reply is in")
            for asOf in ["2026-10-25", "2026-11-10", "2026-11-20", "2026-12-31"].map({ Day($0)! }) {
                let replies = try AgencyReplies.read(connection, asOf: asOf)
                var agencySamples: Int?
                for client in clients + ["Dee", "Nobody"] {
                    // The definition, prompt by prompt: the earliest hm_reply after it (date, then recording order).
                    let row = try connection.query("""
                        WITH answered AS (
                            SELECT cl.name AS client,
                                   (SELECT min(r.occurred_on) FROM activities r
                                    WHERE r.application_id = p.application_id AND r.type = 'hm_reply'
                                      AND r.occurred_on <= $1::date AND (r.occurred_on, r.id) > (p.occurred_on, p.id))
                                   - p.occurred_on AS days
                            FROM activities p
                            JOIN applications a ON a.id = p.application_id
                            JOIN openings o ON o.id = a.opening_id
                            JOIN clients cl ON cl.id = o.client_id
                            WHERE p.type IN ('interview', 'follow_up', 'phone_check') AND p.occurred_on <= $1::date
                        )
                        SELECT count(days) FILTER (WHERE client = $2),
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE client = $2),
                               count(days), percentile_cont(0.5) WITHIN GROUP (ORDER BY days)
                        FROM answered WHERE days IS NOT NULL
                        """, [asOf.description, client]).rows[0]
                    let figures = replies.of(client)
                    let expected = (Int(row[0]!)!, row[1].flatMap { Double($0) }, Int(row[2]!)!, row[3].flatMap { Double($0) })
                    #expect(figures.clientSamples == expected.0, "\(client) as of \(asOf)")
                    #expect(figures.clientMedianDays == (expected.0 >= 3 ? expected.1 : nil), "\(client) as of \(asOf)")
                    #expect(figures.agencySamples == expected.2)
                    #expect(figures.agencyMedianDays == (expected.2 >= 3 ? expected.3 : nil))
                    agencySamples = expected.2
                }
                if asOf == Day("2026-12-31")! { #expect((agencySamples ?? 0) > 30, "the histories answer enough prompts") }
            }
        }
    }

    @Test("a client with fewer than three answered prompts has no median")
    func notEnoughData() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Seed(connection).opening("N-1", client: "New Client")
                .application("a@example.com", "N-1").activity("a@example.com", "N-1", "2026-11-02", "interview")
                .activity("a@example.com", "N-1", "2026-11-04", "hm_reply", by: "client")
            let summary = try ClientSummary.build(connection, client: "New Client", asOf: demoDay)
            #expect(summary.responsiveness.clientSamples == 1)
            #expect(summary.responsiveness.clientMedianDays == nil)
            #expect(summary.responsiveness.agencyMedianDays == nil)
            // No name on file: the e-mail's local part stands in, never the address.
            #expect(summary.openings[0].awaitingDecision.map(\.candidate) == ["A"])
        }
    }

    @Test("candidate names: first and last name, else a name made from the e-mail's local part")
    func candidateNames() {
        #expect(CandidateName.display(first: " Ana ", last: "Ng", email: "ana.ng@example.com") == "Ana Ng")
        #expect(CandidateName.display(first: "Ana", last: nil, email: "x@example.com") == "Ana")
        #expect(CandidateName.display(first: nil, last: "", email: "dev.patel@example.com") == "Dev Patel")
        #expect(CandidateName.display(first: nil, last: nil, email: "42@example.com") == "Unnamed candidate")
    }
}
