import Policies
import Testing

/// POLICY.md "The follow-up chain" and Precise readings 6-9.
@Suite struct FollowUpChainTests {
    let a = timeline { $0.add("2026-11-02", .interview, by: .client, with: ["Dana Cho"]) }

    @Test("the first follow-up is due grace business days after the decision date, not the day before")
    func dueDayAndDayBefore() throws {
        #expect(a.item(.followUp, asOf: "2026-11-10") == nil)
        let item = try #require(a.item(.followUp, asOf: "2026-11-11"))
        #expect(item.due == d("2026-11-11") && item.deadline == nil && !item.overdue && item.actor == .recruiter)
        #expect(item.reason == .followUpAfterDecisionDate(decisionBy: d("2026-11-06"), graceBusinessDays: 3, due: d("2026-11-11")))
        #expect(item.reason.description == "HM said decision by 2026-11-06; 3 business days later is 2026-11-11")
        #expect(a.item(.followUp, asOf: "2026-11-12")?.overdue == true)
    }

    @Test("business days skip the weekend and the policy's holidays")
    func acrossWeekendAndHoliday() throws {
        var policy = Policy.standard
        try policy.set(key: "holidays", value: "2026-11-09")
        #expect(a.pending(.followUp, asOf: "2026-11-02", policy: policy)?.due == d("2026-11-12"))
        #expect(a.pending(.followUp, asOf: "2026-11-02", policy: .patient)?.due == d("2026-11-13"))
    }

    @Test("with no decision date the follow-up is due one business week after the round start")
    func noDecisionDate() throws {
        let b = timeline(submittedOn: "2026-11-05", decisionBy: nil) { $0.add("2026-11-12", .interview) }
        let item = try #require(b.pending(.followUp, asOf: "2026-11-12"))
        #expect(item.due == d("2026-11-19"))
        #expect(item.reason.description == "no decision date known; one business week after the interview on 2026-11-12 is 2026-11-19")
        let submitted = timeline(submittedOn: "2026-11-05", decisionBy: nil)
        #expect(submitted.pending(.followUp, asOf: "2026-11-05")?.due == d("2026-11-12"))
        #expect(timeline(submittedOn: nil, decisionBy: nil).pending(.followUp, asOf: "2026-11-05") == nil)
    }

    @Test("the submittal counts as a round start only from its day")
    func submittalFromItsDay() {
        let t = timeline(submittedOn: "2026-11-05", decisionBy: nil)
        #expect(t.pending(.followUp, asOf: "2026-11-04") == nil)
        #expect(t.pending(.followUp, asOf: "2026-11-05") != nil)
    }

    @Test("a decision date before the round start is ignored; one equal to it is kept")
    func decisionBeforeRoundStart() {
        let early = timeline(decisionBy: "2026-11-01") { $0.add("2026-11-02", .interview) }
        #expect(early.pending(.followUp, asOf: "2026-11-02")?.due == d("2026-11-09"))  // S + 5 business days
        let same = timeline(decisionBy: "2026-11-02") { $0.add("2026-11-02", .interview) }
        #expect(same.pending(.followUp, asOf: "2026-11-02")?.due == d("2026-11-05"))  // D + 3
    }

    @Test("a reply stating a decision date moves it; a reply without one keeps the older date unless before S")
    func replyMovesDecisionDate() {
        let moved = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-05", .hmReply, by: .client, decisionBy: "2026-11-13")
        }
        #expect(moved.pending(.followUp, asOf: "2026-11-05")?.due == d("2026-11-18"))
        let kept = timeline(decisionBy: "2026-11-13") { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-05", .hmReply, by: .client)
        }
        #expect(kept.pending(.followUp, asOf: "2026-11-05")?.due == d("2026-11-18"))
        let stale = timeline { s in  // row's D 11-06 is before the reply on 11-09: no D, S + 5
            s.add("2026-11-02", .interview)
            s.add("2026-11-09", .hmReply, by: .client)
        }
        #expect(stale.pending(.followUp, asOf: "2026-11-09")?.due == d("2026-11-16"))
    }

    @Test("after one unanswered contact a phone check is due phone_check_days later")
    func phoneCheck() throws {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .followUp, by: .recruiter)
        }
        #expect(t.item(.followUp, asOf: "2026-11-11") == nil)
        #expect(t.item(.phoneCheck, asOf: "2026-12-01") == nil)
        let item = try #require(t.item(.phoneCheck, asOf: "2026-12-02"))
        #expect(item.due == d("2026-12-02") && item.reason == .phoneCheck(lastContact: d("2026-11-11"), days: 21, due: d("2026-12-02")))
    }

    @Test("a contact on the same day as a reply counts as answered")
    func sameDayReply() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .followUp, by: .recruiter)
            s.add("2026-11-11", .hmReply, by: .client, decisionBy: "2026-11-20")
        }
        let item = t.pending(.followUp, asOf: "2026-11-11")
        #expect(item?.due == d("2026-11-25"))
        #expect(t.pending(.phoneCheck, asOf: "2026-11-11") == nil)
        let replyFirst = timeline { s in  // recorded after the reply, still the same day: answered
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .hmReply, by: .client, decisionBy: "2026-11-20")
            s.add("2026-11-11", .followUp, by: .recruiter)
        }
        #expect(replyFirst.pending(.followUp, asOf: "2026-11-11")?.due == d("2026-11-25"))
    }

    @Test("the cap-th unanswered contact lets go and a check-back is due check_back_months later")
    func letGoByCap() throws {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .followUp, by: .recruiter)
            s.add("2026-12-02", .phoneCheck, by: .recruiter)
        }
        #expect(t.pending(.followUp, asOf: "2026-12-02") == nil)
        #expect(t.pending(.phoneCheck, asOf: "2026-12-02") == nil)
        let check = try #require(t.pending(.checkBack, asOf: "2026-12-02"))
        #expect(check.due == d("2027-02-02") && check.actor == .recruiter)
        #expect(check.reason == .checkBack(letGo: .cap(unanswered: 2, day: d("2026-12-02")), months: 2, due: d("2027-02-02")))
        #expect(t.item(.checkBack, asOf: "2027-02-01") == nil)
        #expect(t.item(.checkBack, asOf: "2027-02-02")?.overdue == false)
    }

    @Test("going dark lets go when it comes before the cap (example C), and a top candidate gets the wider cap")
    func letGoByGoingDark() throws {
        let c = timeline(submittedOn: "2026-10-28", decisionBy: nil) { s in
            s.add("2026-11-09", .interview)
            s.add("2026-11-16", .hmReply, by: .client, decisionBy: "2026-11-20", interest: .top)
            s.add("2026-11-25", .followUp, by: .recruiter)
            s.add("2026-12-16", .phoneCheck, by: .recruiter)
        }
        let again = try #require(c.pending(.followUp, asOf: "2026-12-16"))
        #expect(again.due == d("2026-12-30"))
        #expect(again.reason == .followUpAgain(unanswered: 2, cap: 4, lastContact: d("2026-12-16"), gapDays: 14, due: d("2026-12-30")))
        #expect(c.pending(.checkBack, asOf: "2026-12-31") == nil)
        let check = try #require(c.pending(.checkBack, asOf: "2027-01-01"))
        #expect(check.reason == .checkBack(letGo: .goneDark(since: d("2026-11-20"), days: 42, day: d("2027-01-01")),
                                           months: 2, due: d("2027-03-01")))
    }

    @Test("the 31st plus check-back months is clamped to the month's end, Feb 29 in a leap year")
    func checkBackMonthEnd() {
        // Gone dark: 2027-11-19 + 42 days = 2027-12-31; two months later: 2028-02-29.
        let t = timeline(submittedOn: nil, decisionBy: nil) { $0.add("2027-11-19", .interview) }
        #expect(t.pending(.checkBack, asOf: "2027-12-31")?.due == d("2028-02-29"))
        #expect(t.pending(.checkBack, asOf: "2027-12-30") == nil)
        let y2026 = timeline(submittedOn: nil, decisionBy: nil) { $0.add("2026-11-19", .interview) }
        #expect(y2026.pending(.checkBack, asOf: "2026-12-31")?.due == d("2027-02-28"))
    }

    @Test("a check_back strictly after the let-go day settles the check-back")
    func checkBackDone() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .followUp, by: .recruiter)
            s.add("2026-12-02", .phoneCheck, by: .recruiter)
            s.add("2026-12-02", .checkBack, by: .recruiter)  // same day as L: not after it
            s.add("2027-01-15", .checkBack, by: .recruiter)
        }
        #expect(t.pending(.checkBack, asOf: "2027-01-14")?.due == d("2027-02-02"))
        #expect(t.pending(.checkBack, asOf: "2027-01-15") == nil)
        #expect(t.item(.checkBack, asOf: "2027-02-02") == nil)
    }

    @Test("a reply after letting go starts a new round: the chain resumes and the check-back disappears")
    func replyAfterLetGoRestarts() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .followUp, by: .recruiter)
            s.add("2026-12-02", .phoneCheck, by: .recruiter)
            s.add("2026-12-10", .hmReply, by: .client, decisionBy: "2026-12-18")
        }
        #expect(t.pending(.checkBack, asOf: "2026-12-09") != nil)
        #expect(t.pending(.checkBack, asOf: "2026-12-10") == nil)
        #expect(t.pending(.followUp, asOf: "2026-12-10")?.due == d("2026-12-23"))
    }

    @Test("the cap uses the interest as of the day judged, for the whole round")
    func capUsesCurrentInterest() {
        let build: (Interest?) -> Timeline = { later in
            timeline { s in
                s.add("2026-11-02", .interview)
                s.add("2026-11-11", .followUp, by: .recruiter)
                s.add("2026-12-02", .phoneCheck, by: .recruiter)
                if let later { s.add("2026-12-03", .checkBack, interest: later) }  // states interest, no reply
            }
        }
        #expect(build(nil).pending(.checkBack, asOf: "2026-12-03") != nil)
        #expect(build(.top).pending(.checkBack, asOf: "2026-12-03") == nil)
        #expect(build(.top).pending(.followUp, asOf: "2026-12-03")?.due == d("2026-12-16"))
    }

    @Test("the chain runs only for submitted and interviewing applications on open openings")
    func chainNeedsLiveApplication() {
        let offered = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-05", .offer, by: .client)
        }
        #expect(offered.pending(.followUp, asOf: "2026-11-11") == nil)
        var held = acme
        held.status = .onHold
        #expect(timeline(opening: held) { $0.add("2026-11-02", .interview) }.pending(.followUp, asOf: "2026-11-11") == nil)
        var filled = acme
        filled.filledOn = d("2026-11-20")
        let t = timeline(opening: filled) { $0.add("2026-11-02", .interview) }
        #expect(t.pending(.followUp, asOf: "2026-11-19") != nil)
        #expect(t.pending(.followUp, asOf: "2026-11-20") == nil)
        let rowRejected = timeline(stage: .rejected, stageDate: "2026-11-04") { $0.add("2026-11-02", .interview) }
        #expect(rowRejected.pending(.followUp, asOf: "2026-11-03") != nil)
        #expect(rowRejected.pending(.followUp, asOf: "2026-11-04") == nil)
    }

    @Test("follow_up_by candidate makes the candidate the actor of follow-ups and phone checks")
    func followUpBy() throws {
        var policy = Policy.standard
        try policy.set(key: "follow_up_by", value: "candidate")
        #expect(a.item(.followUp, asOf: "2026-11-11", policy: policy)?.actor == .candidate)
    }

    @Test("a follow-up item goes stale 30 days after its due day")
    func staleAfterThirtyDays() {
        #expect(a.item(.followUp, asOf: "2026-12-11") != nil)
        #expect(a.item(.followUp, asOf: "2026-12-12") == nil)
        #expect(a.pending(.followUp, asOf: "2026-12-12") != nil)
    }
}
