import Foundation
import Policies
import Testing

/// POLICY.md "The queue", Precise readings 17-19, and CONTRACT.md's JSON item.
@Suite struct QueueTests {
    func item(_ rule: Rule, _ candidate: String?, due: String, deadline: String? = nil, interest: Interest = .neutral,
              opening: String? = "ACME-1042", asOf: String = "2026-11-20") -> Recommendation {
        let t = d(asOf)
        return Recommendation(rule: rule, actor: .recruiter, candidate: candidate, opening: candidate == nil ? nil : opening,
                              client: "Acme Corp", hiringManager: "Dana Cho", recruiter: nil, due: d(due),
                              deadline: deadline.map(d), overdue: !rule.kind.isWarning && t > (deadline.map(d) ?? d(due)),
                              interest: interest, reason: .noRoundStart,
                              staleAfterDays: rule.kind.isWarning ? nil : rule == .thankYou ? 7 : 30)
    }

    @Test("warnings come first by rule, then items by days overdue, rule, interest, candidate, opening, due")
    func order() {
        let asOf = d("2026-11-20")
        let items = [
            item(.checkBack, "a@x", due: "2026-11-20"),
            item(.followUp, "b@x", due: "2026-11-18", interest: .top),           // 2 days overdue
            item(.hmOverload, nil, due: "2026-11-20"),
            item(.thankYou, "z@x", due: "2026-11-15", deadline: "2026-11-16"), // 4 days overdue
            item(.followUp, "c@x", due: "2026-11-20", interest: .cool),
            item(.followUp, "a@x", due: "2026-11-20", interest: .cool),
            item(.followUp, "a@x", due: "2026-11-20", interest: .warm),
            item(.tooMany, "a@x", due: "2026-11-19"),
            item(.tooEarly, "b@x", due: "2026-11-12"),
            item(.afterDecision, "a@x", due: "2026-11-01"),
            item(.keepInMind, "a@x", due: "2026-11-20", deadline: "2026-11-24"),
            item(.thankYou, "a@x", due: "2026-11-20", deadline: "2026-11-21"),
            item(.followUp, "a@x", due: "2026-11-18", interest: .top, opening: "ACME-2"),  // 2 overdue, opening order
            item(.phoneCheck, "a@x", due: "2026-11-20", interest: .top),
            item(.attritionCheck, "a@x", due: "2026-11-20"),
        ]
        let queue = DailyQueue.arrange(items.shuffled(), asOf: asOf)
        let keys = queue.map { "\($0.rule.rawValue) \($0.candidate ?? "-") \($0.opening ?? "-") \($0.interest.rawValue)" }
        #expect(keys == [
            "too-early b@x ACME-1042 neutral",
            "too-many a@x ACME-1042 neutral",
            "after-decision a@x ACME-1042 neutral",
            "hm-overload - - neutral",
            "thank-you z@x ACME-1042 neutral",
            "follow-up a@x ACME-2 top",
            "follow-up b@x ACME-1042 top",
            "thank-you a@x ACME-1042 neutral",
            "follow-up a@x ACME-1042 warm",
            "follow-up a@x ACME-1042 cool",
            "follow-up c@x ACME-1042 cool",
            "phone-check a@x ACME-1042 top",
            "keep-in-mind a@x ACME-1042 neutral",
            "attrition-check a@x ACME-1042 neutral",
            "check-back a@x ACME-1042 neutral",
        ])
    }

    @Test("the queue drops items not due yet and stale items, but keeps old warnings")
    func filtering() {
        let asOf = "2026-12-31"
        let items = [
            item(.followUp, "future@x", due: "2027-01-01", asOf: asOf),
            item(.followUp, "thirty@x", due: "2026-12-01", asOf: asOf),
            item(.followUp, "stale@x", due: "2026-11-30", asOf: asOf),
            item(.thankYou, "seven@x", due: "2026-12-24", deadline: "2026-12-25", asOf: asOf),
            item(.thankYou, "eight@x", due: "2026-12-23", deadline: "2026-12-24", asOf: asOf),
            item(.tooEarly, "warn@x", due: "2026-12-01", asOf: asOf),
        ]
        let kept = Set(DailyQueue.arrange(items, asOf: d(asOf)).compactMap(\.candidate))
        #expect(kept == ["thirty@x", "seven@x", "warn@x"])
    }

    @Test("the queue layer's sections split warnings from the rest")
    func sections() {
        var queue = DailyQueue(asOf: d("2026-11-20"))
        queue.add([item(.followUp, "a@x", due: "2026-11-20"), item(.tooEarly, "a@x", due: "2026-11-19")])
        #expect(queue.overContact.map(\.rule) == [.tooEarly])
        #expect(queue.others.map(\.rule) == [.followUp])
        #expect(queue.items.map(\.rule) == [.tooEarly, .followUp])
    }

    @Test("Encodable writes every contract key, with nulls, and the reason sentence")
    func encodable() throws {
        let overload = item(.hmOverload, nil, due: "2026-11-20")
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(overload)) as! [String: Any]
        #expect(Set(object.keys) == ["kind", "rule", "actor", "candidate", "opening", "client", "hiring_manager",
                                     "recruiter", "due", "deadline", "overdue", "reason"])
        #expect(object["candidate"] is NSNull && object["opening"] is NSNull && object["recruiter"] is NSNull)
        #expect(object["kind"] as? String == "over-contact" && object["rule"] as? String == "hm-overload")
        #expect(object["reason"] as? String == Reason.noRoundStart.description)
    }

    @Test("the candidate is shown trimmed and lower-case")
    func candidateNormalised() {
        let t = timeline(candidate: "  Ana.Ng@Example.COM ") { $0.add("2026-11-02", .interview) }
        #expect(t.item(.thankYou, asOf: "2026-11-02")?.candidate == "ana.ng@example.com")
    }
}

extension Recommendation.Kind {
    var isWarning: Bool { self == .overContact }
}
