import Policies
import Testing

/// POLICY.md "Courtesy notes": keep-in-mind and attrition-check, Precise readings 11, 12 and 17.
@Suite struct KeepInMindTests {
    func rejectedOn(_ day: String, _ more: (inout Story) -> Void = { _ in }) -> Timeline {
        timeline { s in
            s.add("2026-11-02", .interview)
            s.add(day, .rejected, by: .client)
            more(&s)
        }
    }

    @Test("a rejected interviewee gets a keep-in-mind note due that day, deadline 2 business days later")
    func afterRejection() throws {
        let t = rejectedOn("2026-11-12")  // a Thursday: the deadline skips the weekend
        #expect(t.item(.keepInMind, asOf: "2026-11-11") == nil)
        let item = try #require(t.item(.keepInMind, asOf: "2026-11-12"))
        #expect(item.kind == .keepInMind && item.actor == .candidate)
        #expect(item.due == d("2026-11-12") && item.deadline == d("2026-11-16"))
        #expect(item.reason == .keepInMind(decision: .rejected(d("2026-11-12")), businessDays: 2, deadline: d("2026-11-16")))
        #expect(t.item(.keepInMind, asOf: "2026-11-16")?.overdue == false)
        #expect(t.item(.keepInMind, asOf: "2026-11-17")?.overdue == true)
    }

    @Test("the note's deadline skips holidays")
    func deadlineSkipsHolidays() throws {
        var policy = Policy.standard
        try policy.set(key: "holidays", value: "2026-11-16")
        #expect(rejectedOn("2026-11-12").item(.keepInMind, asOf: "2026-11-12", policy: policy)?.deadline == d("2026-11-17"))
    }

    @Test("a keep_in_mind dated on or after the decision settles it; one before does not")
    func done() {
        #expect(rejectedOn("2026-11-12") { $0.add("2026-11-12", .keepInMind, by: .candidate) }.item(.keepInMind, asOf: "2026-11-13") == nil)
        #expect(rejectedOn("2026-11-12") { $0.add("2026-11-11", .keepInMind, by: .candidate) }.item(.keepInMind, asOf: "2026-11-13") != nil)
    }

    @Test("no note without an interview, or after the candidate withdrew")
    func conditions() {
        let noInterview = timeline { $0.add("2026-11-12", .rejected, by: .client) }
        #expect(noInterview.item(.keepInMind, asOf: "2026-11-12") == nil)
        let withdrew = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-05", .withdrawn, by: .candidate)
            s.add("2026-11-12", .rejected, by: .client)
        }
        #expect(withdrew.item(.keepInMind, asOf: "2026-11-12") == nil)
    }

    @Test("the fill decides against everyone but the hire, on filled_on; the earlier of rejection and fill wins")
    func fill() throws {
        var filled = acme
        filled.status = .filled
        filled.filledOn = d("2026-11-20")
        let passedOver = timeline(opening: filled) { $0.add("2026-11-02", .interview) }
        #expect(passedOver.item(.keepInMind, asOf: "2026-11-19") == nil)
        #expect(passedOver.item(.keepInMind, asOf: "2026-11-20")?.reason
                == .keepInMind(decision: .filled(d("2026-11-20")), businessDays: 2, deadline: d("2026-11-24")))
        let hire = timeline(opening: filled) { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-18", .hired, by: .client)
        }
        #expect(hire.item(.keepInMind, asOf: "2026-11-20") == nil)
        let rejectedFirst = timeline(opening: filled) { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-10", .rejected, by: .client)
        }
        #expect(rejectedFirst.items(.keepInMind, asOf: "2026-11-20").map(\.due) == [d("2026-11-10")])
    }

    @Test("a keep-in-mind note goes stale 30 days after its due day")
    func stale() {
        #expect(rejectedOn("2026-11-12").item(.keepInMind, asOf: "2026-12-12") != nil)
        #expect(rejectedOn("2026-11-12").item(.keepInMind, asOf: "2026-12-13") == nil)
    }

    // MARK: attrition-check

    func finalist(interest: Interest?, hiredElsewhere: [Day] = [], _ more: (inout Story) -> Void = { _ in }) -> Timeline {
        var filled = acme
        filled.filledOn = d("2026-11-20")
        return timeline(interest: interest, opening: filled, hiredElsewhere: hiredElsewhere) { s in
            s.add("2026-11-02", .interview)
            more(&s)
        }
    }

    @Test("a warm or top finalist passed over by a fill gets an attrition check attrition_check_days later")
    func attritionDue() throws {
        #expect(finalist(interest: .warm).item(.attritionCheck, asOf: "2027-02-17") == nil)
        let item = try #require(finalist(interest: .warm).item(.attritionCheck, asOf: "2027-02-18"))
        #expect(item.kind == .keepInMind && item.actor == .recruiter && item.due == d("2027-02-18") && item.deadline == nil)
        #expect(item.reason == .attritionCheck(filledOn: d("2026-11-20"), interest: .warm, days: 90, due: d("2027-02-18")))
        #expect(finalist(interest: nil) { $0.add("2026-11-05", .hmReply, by: .client, interest: .top) }
            .item(.attritionCheck, asOf: "2027-02-18") != nil)
    }

    @Test("no attrition check for neutral or cool interest, a rejected-only candidate, or one hired anywhere")
    func attritionNotDue() {
        #expect(finalist(interest: .neutral).item(.attritionCheck, asOf: "2027-02-18") == nil)
        #expect(finalist(interest: .warm) { $0.add("2026-11-10", .hmReply, by: .client, interest: .cool) }
            .item(.attritionCheck, asOf: "2027-02-18") == nil)
        let rejectedOnly = timeline(interest: .top) { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-10", .rejected, by: .client)
        }
        #expect(rejectedOnly.pending(.attritionCheck, asOf: "2027-02-18") == nil)
        #expect(finalist(interest: .top, hiredElsewhere: [d("2027-01-05")]).item(.attritionCheck, asOf: "2027-02-18") == nil)
        #expect(finalist(interest: .top, hiredElsewhere: [d("2027-03-01")]).item(.attritionCheck, asOf: "2027-02-18") != nil)
    }

    @Test("a check_back strictly after the fill settles the attrition check")
    func attritionDone() {
        #expect(finalist(interest: .top) { $0.add("2026-11-20", .checkBack, by: .recruiter) }.item(.attritionCheck, asOf: "2027-02-18") != nil)
        #expect(finalist(interest: .top) { $0.add("2027-01-10", .checkBack, by: .recruiter) }.item(.attritionCheck, asOf: "2027-02-18") == nil)
    }
}
