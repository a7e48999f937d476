import Policies
import Testing

/// The calling sequence docs/policy-engine.md shows, end to end.
@Suite struct EngineAPITests {
    @Test("the documented calling sequence yields example A's follow-up with the client's overrides applied")
    func documentedSequence() throws {
        var agency = try Policy.preset(named: "standard")
        try agency.set(key: "holidays", value: "2026-11-26,2026-11-27")
        var acmeOverrides = PolicyOverrides()
        try acmeOverrides.set(key: "hm_weekly_cap", value: "4")
        let acmePolicy = agency.applying(acmeOverrides)
        #expect(acmePolicy.hmWeeklyCap == 4 && acmePolicy.holidays.days.count == 2)

        let timeline = Timeline(
            candidate: "Ana.Ng@example.com",
            opening: Opening(id: "ACME-1042", client: "Acme Corp", hiringManager: "Dana Cho",
                             hiringManagerEmail: "dana.cho@acme.example", status: .open, filledOn: nil),
            application: ApplicationRow(stage: .interviewing, stageDate: nil, submittedOn: Day("2026-10-26"),
                                        decisionBy: Day("2026-11-06"), interest: nil),
            recruiter: "sam@agency.test",
            activities: [
                Activity(date: try Day(cell: "2026-11-02T10:00:00Z", policy: acmePolicy), type: .interview, by: .client,
                         with: Activity.names(inWithCell: " Dana Cho ; "), sequence: 1),
            ],
            hiredElsewhere: [])

        let asOf = Day(year: 2026, month: 11, day: 11)
        var queue = DailyQueue(asOf: asOf)
        var load = HiringManagerLoad(asOf: asOf)
        var buffer: [Recommendation] = []
        for t in [timeline] {
            t.appendRecommendations(asOf: asOf, policy: acmePolicy, to: &buffer)
            queue.add(buffer)
            buffer.removeAll(keepingCapacity: true)
            load.add(t, policy: acmePolicy)
        }
        queue.add(load.recommendations)
        let items = queue.items
        #expect(items.map(\.rule) == [.followUp])
        #expect(items.first?.candidate == "ana.ng@example.com" && items.first?.due == asOf)
        #expect(items.first?.reason.description == "HM said decision by 2026-11-06; 3 business days later is 2026-11-11")
        #expect(Activity.names(inWithCell: " Dana Cho ; ;Lee Park") == ["Dana Cho", "Lee Park"])
    }
}
