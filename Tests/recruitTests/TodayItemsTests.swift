import Policies
@testable import RecruitWeb
import Recruiting
import Testing

@Suite("Today's items as the page shows them")
struct TodayItemsTests {
    @Test("a candidate without a recorded name shows as their e-mail in a nudge group, never as the group's name")
    func namelessCandidateInAGroup() throws {
        let day = Day("2026-11-20")!
        let item = Recommendation(rule: .followUp, actor: .recruiter, candidate: "ana.ng@example.com", opening: "ACME-1042",
                                  client: "Acme Corp", hiringManager: "Dana Cho", recruiter: "sam@agency.test",
                                  due: Day("2026-11-11")!, deadline: nil, overdue: true, interest: .neutral,
                                  reason: .noRoundStart, staleAfterDays: 30)
        let view = { (item: Recommendation) in
            TodayPage.itemValues(item, names: nil, asOf: day, today: day, text: nil)
        }
        let (_, groups) = TodayPage.nudgeGroups([item], asOf: day, today: day, text: nil, view: view)
        let html = try Pages.shared.text("today-queue", ["hasNudges": true, "groups": groups, "nudgeCount": 1, "csrf": "t"])
        #expect(html.contains(">ana.ng@example.com</a>"))
        #expect(!html.contains(">Dana Cho at Acme Corp</a>"))
        #expect(html.contains("<h3>Dana Cho at Acme Corp"))
    }
}
