import Policies
import Testing

/// POLICY.md "Courtesy notes": thank-you, Precise readings 10 and 17.
@Suite struct ThankYouTests {
    @Test("a thank-you is due on the interview day with a deadline thank_you_days later, overdue after it")
    func dueAndDeadline() throws {
        let t = timeline { $0.add("2026-11-02", .interview, with: ["Dana Cho"]) }
        #expect(t.item(.thankYou, asOf: "2026-11-01") == nil)
        let item = try #require(t.item(.thankYou, asOf: "2026-11-02"))
        #expect(item.due == d("2026-11-02") && item.deadline == d("2026-11-03") && item.actor == .candidate && item.kind == .nudge)
        #expect(item.reason == .thankYou(interview: d("2026-11-02"), interviewers: ["Dana Cho"], days: 1, deadline: d("2026-11-03")))
        #expect(t.item(.thankYou, asOf: "2026-11-03")?.overdue == false)
        #expect(t.item(.thankYou, asOf: "2026-11-04")?.overdue == true)
    }

    @Test("a thank-you item drops out 7 days after the interview, not 30")
    func staleAfterSeven() {
        let t = timeline { $0.add("2026-11-02", .interview) }
        #expect(t.item(.thankYou, asOf: "2026-11-09") != nil)
        #expect(t.item(.thankYou, asOf: "2026-11-10") == nil)
    }

    @Test("only interviewers without a thank-you on or after the interview are listed; names compare loosely")
    func outstandingInterviewers() throws {
        let t = timeline { s in
            s.add("2026-11-09", .interview, with: ["Dana Cho", " lee  park ", "DANA CHO"])
            s.add("2026-11-09", .thankYou, by: .candidate, with: ["dana   cho"])
        }
        let item = try #require(t.item(.thankYou, asOf: "2026-11-09"))
        #expect(item.reason == .thankYou(interview: d("2026-11-09"), interviewers: ["lee  park"], days: 1, deadline: d("2026-11-10")))
        let both = timeline { s in
            s.add("2026-11-09", .interview, with: ["Dana Cho", "Lee Park"])
            s.add("2026-11-10", .thankYou, by: .candidate, with: ["Lee Park", "Dana Cho"])
        }
        #expect(both.item(.thankYou, asOf: "2026-11-10") == nil)
    }

    @Test("names beyond ASCII compare case-insensitively too")
    func unicodeNames() {
        let t = timeline { s in
            s.add("2026-11-09", .interview, with: ["José Ñúñez", "Zoë Ek"])
            s.add("2026-11-09", .thankYou, by: .candidate, with: ["JOSÉ  ÑÚÑEZ", "zoë ek"])
        }
        #expect(t.item(.thankYou, asOf: "2026-11-09") == nil)
        let other = timeline { s in
            s.add("2026-11-09", .interview, with: ["José"])
            s.add("2026-11-09", .thankYou, by: .candidate, with: ["Jose"])
        }
        #expect(other.item(.thankYou, asOf: "2026-11-09") != nil)
    }

    @Test("a thank-you recorded before the interview on the same day still counts; one dated before does not")
    func onOrAfterTheInterview() {
        let sameDay = timeline { s in
            s.add("2026-11-09", .thankYou, by: .candidate)
            s.add("2026-11-09", .interview, with: ["Dana Cho"])
        }
        #expect(sameDay.item(.thankYou, asOf: "2026-11-09") == nil)
        let before = timeline { s in
            s.add("2026-11-08", .thankYou, by: .candidate)
            s.add("2026-11-09", .interview, with: ["Dana Cho"])
        }
        #expect(before.item(.thankYou, asOf: "2026-11-09") != nil)
    }

    @Test("a thank-you to nobody reaches every interviewer (example C)")
    func toNobodyReachesAll() {
        let t = timeline { s in
            s.add("2026-11-09", .interview, with: ["Dana Cho", "Lee Park"])
            s.add("2026-11-09", .thankYou, by: .candidate)
        }
        #expect(t.item(.thankYou, asOf: "2026-11-09") == nil)
    }

    @Test("an interview naming no one was with the HM; with no HM either, any thank-you settles it")
    func defaultInterviewer() throws {
        let b = timeline { s in
            s.add("2026-11-12", .interview)
            s.add("2026-11-12", .thankYou, by: .candidate, with: ["Dana Cho"])
        }
        #expect(b.item(.thankYou, asOf: "2026-11-12") == nil)
        let other = timeline { s in
            s.add("2026-11-12", .interview)
            s.add("2026-11-12", .thankYou, by: .candidate, with: ["Lee Park"])
        }
        #expect(try #require(other.item(.thankYou, asOf: "2026-11-12")).reason
                == .thankYou(interview: d("2026-11-12"), interviewers: ["Dana Cho"], days: 1, deadline: d("2026-11-13")))
        let noHM = Opening(id: "X-1", client: "Acme Corp")
        let anyNote = timeline(opening: noHM) { s in
            s.add("2026-11-12", .interview)
            s.add("2026-11-13", .thankYou, by: .candidate, with: ["Someone"])
        }
        #expect(anyNote.item(.thankYou, asOf: "2026-11-12") != nil)
        #expect(anyNote.item(.thankYou, asOf: "2026-11-13") == nil)
    }

    @Test("one thank-you naming a person covers every earlier interview with that person")
    func coversEarlierInterviews() {
        let t = timeline { s in
            s.add("2026-11-02", .interview, with: ["Dana Cho"])
            s.add("2026-11-04", .interview, with: ["Dana Cho", "Lee Park"])
            s.add("2026-11-05", .thankYou, by: .candidate, with: ["Dana Cho"])
        }
        let items = t.items(.thankYou, asOf: "2026-11-05")
        #expect(items.count == 1)
        #expect(items.first?.due == d("2026-11-04"))
        #expect(items.first?.reason == .thankYou(interview: d("2026-11-04"), interviewers: ["Lee Park"], days: 1, deadline: d("2026-11-05")))
    }

    @Test("each interview gets its own item")
    func onePerInterview() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-04", .interview)
        }
        #expect(t.items(.thankYou, asOf: "2026-11-04").map(\.due) == [d("2026-11-02"), d("2026-11-04")])
    }

    @Test("thank-yous are for submitted, interviewing and offered applications only")
    func stagesThatThank() {
        let offered = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-02", .offer, by: .client)
        }
        #expect(offered.item(.thankYou, asOf: "2026-11-02") != nil)
        let rejected = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-03", .rejected, by: .client)
        }
        #expect(rejected.item(.thankYou, asOf: "2026-11-02") != nil)
        #expect(rejected.item(.thankYou, asOf: "2026-11-03") == nil)
    }
}
