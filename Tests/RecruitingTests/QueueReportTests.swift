import Foundation
import Policies
import Recruiting
import RecruitTestSupport
import Testing

@Suite("The queue read from the database")
struct QueueReportTests {
    @Test("worked example A2 as stored rows gives the too-early warning and the phone check on 2026-11-26")
    func exampleA2FromStoredRows() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Seed(connection)
                .opening("ACME-1042")
                .application("Ana.Ng@example.com", "ACME-1042", decisionBy: "2026-11-06", recruiter: "sam@agency.test")
                .activity("ana.ng@example.com", "ACME-1042", "2026-11-02", "interview", by: "client", with: ["Dana Cho"])
                .activity("ana.ng@example.com", "ACME-1042", "2026-11-05", "follow_up", by: "candidate", with: ["Dana Cho"])
            let report = try QueueReport.build(connection, asOf: Day(year: 2026, month: 11, day: 26))
            #expect(report.items.map(\.rule) == [.tooEarly, .phoneCheck])
            #expect(report.items.map(\.due.description) == ["2026-11-05", "2026-11-26"])
            #expect(report.items.allSatisfy { $0.candidate == "ana.ng@example.com" && $0.recruiter == "sam@agency.test" })
        }
    }

    @Test("a whole agency read in parallel parts gives exactly the queue of one part, on every day")
    func parallelPartsGiveTheSameQueue() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let importer = Importer(connection: connection)
            for kind in ImportKind.allCases { _ = try importer.run(kind, from: .file(try Samples.file(kind).path)) }
            var day = Day(year: 2026, month: 10, day: 1)
            while day <= Day(year: 2026, month: 12, day: 31) {
                let one = Array(try QueueReport.queue(connection, asOf: day, workers: 1))
                for workers in [2, 3, 8] {
                    let parts = Array(try QueueReport.queue(connection, asOf: day, workers: workers, applicationsPerWorker: 1))
                    #expect(parts == one, "\(workers) parts on \(day)")
                }
                #expect(one == DailyQueue.arrange(one.shuffled(), asOf: day), "in the queue's order on \(day)")
                // A recruiter's or client's queue in parts (split by id remainders) is the one-part queue too.
                for scope in [TimelineScope(recruiter: "Kim@Agency.test"), TimelineScope(client: "Borealis Health"),
                              TimelineScope(client: "Acme Corp", recruiter: "sam@agency.test")] {
                    let whole = Array(try QueueReport.queue(connection, asOf: day, scope: scope, workers: 1))
                    let split = Array(try QueueReport.queue(connection, asOf: day, scope: scope, workers: 3))
                    #expect(split == whole, "\(scope) on \(day)")
                    #expect(Set(whole).isSubset(of: Set(one)), "a filter only selects")
                }
                day = day.adding(days: 6)
            }
        }
    }

    @Test("activities after the as-of day do not exist for the queue")
    func laterActivitiesAreIgnored() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Seed(connection)
                .opening("ACME-1042")
                .application("ana.ng@example.com", "ACME-1042", decisionBy: "2026-11-06")
                .activity("ana.ng@example.com", "ACME-1042", "2026-11-02", "interview", by: "client")
                .activity("ana.ng@example.com", "ACME-1042", "2026-11-02", "thank_you", by: "candidate")
                .activity("ana.ng@example.com", "ACME-1042", "2026-11-12", "follow_up", by: "recruiter")
            let before = try QueueReport.build(connection, asOf: Day(year: 2026, month: 11, day: 11))
            #expect(before.items.map(\.rule) == [.followUp], "the follow-up of 11-12 has not happened yet on 11-11")
            let after = try QueueReport.build(connection, asOf: Day(year: 2026, month: 11, day: 12))
            #expect(after.items.isEmpty, "on 11-12 the follow-up is done and the phone check not yet due")
        }
    }

    @Test("client and recruiter filters select exactly their items")
    func filtersSelectExactly() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Seed(connection)
                .opening("A-1", client: "Acme Corp", hiringManager: "Dana Cho", recruiter: "sam@agency.test")
                .opening("B-1", client: "Beta Ltd", hiringManager: "Lee Park", recruiter: "kim@agency.test")
                .application("one@example.com", "A-1")
                .application("two@example.com", "B-1")
                .application("three@example.com", "B-1", recruiter: "sam@agency.test")
            for (email, opening) in [("one@example.com", "A-1"), ("two@example.com", "B-1"), ("three@example.com", "B-1")] {
                try Seed(connection).activity(email, opening, "2026-11-02", "interview", by: "client")
            }
            let day = Day(year: 2026, month: 11, day: 3)
            let all = try QueueReport.build(connection, asOf: day)
            #expect(Set(all.items.compactMap(\.candidate)) == ["one@example.com", "two@example.com", "three@example.com"])
            let beta = try QueueReport.build(connection, asOf: day, scope: TimelineScope(client: "Beta Ltd"))
            #expect(Set(beta.items.compactMap(\.candidate)) == ["two@example.com", "three@example.com"])
            let sam = try QueueReport.build(connection, asOf: day, scope: TimelineScope(recruiter: "SAM@agency.test"))
            #expect(Set(sam.items.compactMap(\.candidate)) == ["one@example.com", "three@example.com"])
            #expect(sam.items.allSatisfy { $0.recruiter == "sam@agency.test" })
        }
    }

    @Test("hm-overload counts every candidate's contacts to one HM under the client's own cap")
    func hiringManagerOverloadUsesClientCap() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let seed = Seed(connection)
            try seed.opening("A-1", hiringManager: "Dana Cho").opening("A-2", hiringManager: " dana  cho ")
            let people = ["p1@example.com", "p2@example.com", "p3@example.com", "p4@example.com"]
            for (index, email) in people.enumerated() {
                let opening = index % 2 == 0 ? "A-1" : "A-2"
                try seed.application(email, opening, submittedOn: "2026-10-01")
                try seed.activity(email, opening, "2026-11-1\(index)", "follow_up", by: "recruiter")
            }
            let day = Day(year: 2026, month: 11, day: 16)
            let overloaded = try QueueReport.build(connection, asOf: day).items.filter { $0.rule == .hmOverload }
            #expect(overloaded.count == 1, "4 contacts in the week is more than the default cap of 3")
            #expect(overloaded.first?.candidate == nil)
            #expect(overloaded.first?.reason.description.contains("4") == true)
            var overrides = PolicyOverrides()
            try overrides.set(key: "hm_weekly_cap", value: "4")
            try PolicyStore.saveClient("acme corp", overrides, connection)
            #expect(try QueueReport.build(connection, asOf: day).items.filter { $0.rule == .hmOverload }.isEmpty)
        }
    }

    @Test("hm-overload counts messages: one day's e-mails from the recruiter to one HM are one, whatever their candidates and openings")
    func hiringManagerOverloadCountsMessages() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let seed = Seed(connection)
            try seed.opening("A-1", hiringManager: "Dana Cho").opening("A-2", hiringManager: " dana  cho ")
            for i in 0..<8 {
                try seed.application("p\(i)@example.com", i % 2 == 0 ? "A-1" : "A-2", submittedOn: "2026-10-01")
            }
            let day = Day(year: 2026, month: 11, day: 16)
            func overload() throws -> [Recommendation] {
                try QueueReport.build(connection, asOf: day).items.filter { $0.rule == .hmOverload }
            }
            // Six follow-ups on one day by the recruiter by e-mail (some with the channel blank): one message.
            for i in 0..<6 {
                try seed.activity("p\(i)@example.com", i % 2 == 0 ? "A-1" : "A-2", "2026-11-16", "follow_up",
                                  by: i < 3 ? "recruiter" : nil, channel: i % 3 == 0 ? nil : "email")
            }
            // A phone call the same day is a second, the candidate's own e-mail a third: still at the cap.
            try seed.activity("p6@example.com", "A-1", "2026-11-16", "phone_check", by: "recruiter")
            try seed.activity("p7@example.com", "A-2", "2026-11-16", "follow_up", by: "candidate", channel: "email")
            #expect(try overload().isEmpty)
            // A fourth message, another day, goes over.
            try seed.activity("p1@example.com", "A-2", "2026-11-13", "follow_up", by: "recruiter")
            let item = try #require(try overload().first)
            #expect(item.reason.description == "Dana Cho received 4 messages from 2026-11-10 to 2026-11-16, more than the weekly cap of 3")
            // With one recruiter's scope, the HM's whole week still counts.
            #expect(try QueueReport.build(connection, asOf: day, scope: TimelineScope(recruiter: "sam@agency.test"))
                        .items.filter { $0.rule == .hmOverload }.count == 1)
        }
    }

    @Test("hm-overload notes the recruiter of each counted contact's application (the application's, else the candidate's, else the opening's), and the count stays that of messages")
    func hiringManagerOverloadNotesRecruiters() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let seed = Seed(connection)
            try seed.opening("A-1", hiringManager: "Dana Cho", recruiter: "olga@agency.test")
                .opening("A-2", hiringManager: "Dana Cho", recruiter: nil)
            try seed.application("p1@example.com", "A-1", submittedOn: "2026-10-01", recruiter: "ana@agency.test")
                .application("p2@example.com", "A-2", submittedOn: "2026-10-01")
                .application("p3@example.com", "A-1", submittedOn: "2026-10-01")
                .application("p4@example.com", "A-2", submittedOn: "2026-10-01")
            try connection.query("UPDATE candidates SET recruiter = $1 WHERE email = $2", ["Ben Ortiz", "p2@example.com"])
            // Ana and Ben's candidate on one day by e-mail: one message; the candidate's own e-mail on A-1 (Olga's
            // opening) a second; two more days of Ana's: four messages. p4's contact has no recruiter anywhere.
            try seed.activity("p1@example.com", "A-1", "2026-11-16", "follow_up", by: "recruiter", channel: "email")
                .activity("p2@example.com", "A-2", "2026-11-16", "follow_up", by: "recruiter", channel: "email")
                .activity("p3@example.com", "A-1", "2026-11-16", "follow_up", by: "candidate", channel: "email")
                .activity("p1@example.com", "A-1", "2026-11-13", "follow_up", by: "recruiter")
                .activity("p4@example.com", "A-2", "2026-11-12", "phone_check", by: "recruiter")
            let day = Day(year: 2026, month: 11, day: 16)
            let item = try #require(try QueueReport.build(connection, asOf: day).items.first { $0.rule == .hmOverload })
            #expect(item.recruiter == nil && item.candidate == nil)
            #expect(item.reason == .hmOverload(hiringManager: "Dana Cho", messages: 4, cap: 3, from: day.adding(days: -6),
                                               through: day, recruiters: ["ana@agency.test", "Ben Ortiz", "olga@agency.test"]))
            #expect(item.reason.description == "Dana Cho received 4 messages from 2026-11-10 to 2026-11-16, more than the weekly cap of 3")
        }
    }

    @Test("a client's holidays move its due dates (worked example D)")
    func clientPolicyIsUsed() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Seed(connection)
                .opening("ACME-1042")
                .application("di.oh@example.com", "ACME-1042", submittedOn: "2026-11-09", decisionBy: "2026-11-25")
                .activity("di.oh@example.com", "ACME-1042", "2026-11-18", "interview", by: "client", with: ["Dana Cho"])
                .activity("di.oh@example.com", "ACME-1042", "2026-11-18", "thank_you", by: "candidate", with: ["Dana Cho"])
            let day = Day(year: 2026, month: 12, day: 2)
            #expect(try QueueReport.build(connection, asOf: day).items.first?.due.description == "2026-11-30")
            var overrides = PolicyOverrides()
            try overrides.set(key: "holidays", value: "2026-11-26,2026-11-27")
            try PolicyStore.saveClient("Acme Corp", overrides, connection)
            let items = try QueueReport.build(connection, asOf: day).items
            #expect(items.map(\.due.description) == ["2026-12-02"])
            #expect(try QueueReport.build(connection, asOf: Day(year: 2026, month: 12, day: 1)).items.isEmpty)
        }
    }
}
