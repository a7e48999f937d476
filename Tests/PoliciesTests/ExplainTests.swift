import Policies
import Testing

/// `recruit explain`: every rule's verdict, fired or not, with one sentence each.
@Suite struct ExplainTests {
    func verdict(_ verdicts: [Verdict], _ rule: Rule) -> Verdict? { verdicts.first { $0.rule == rule } }

    @Test("every rule has a verdict, the ones that did not fire say why")
    func everyRule() throws {
        let b = timeline(submittedOn: "2026-11-05", decisionBy: nil) { s in
            s.add("2026-11-12", .interview, by: .client)
            s.add("2026-11-12", .thankYou, by: .candidate, with: ["Dana Cho"])
        }
        let verdicts = b.explain(asOf: d("2026-11-18"), policy: .standard)
        #expect(Set(verdicts.map(\.rule)) == Set(Rule.allCases))
        let followUp = try #require(verdict(verdicts, .followUp))
        #expect(followUp.outcome == .upcoming)
        #expect(followUp.reason.description == "no decision date known; one business week after the interview on 2026-11-12 is 2026-11-19")
        #expect(verdict(verdicts, .thankYou)?.outcome == .done)
        #expect(verdict(verdicts, .phoneCheck)?.reason == .otherStep(current: .followUp, unanswered: 0, roundStart: d("2026-11-12")))
        #expect(verdict(verdicts, .checkBack)?.reason == .notLetGo(unanswered: 0, cap: 2, goneDarkOn: d("2026-12-24")))
        #expect(verdict(verdicts, .keepInMind)?.reason == .notDecidedAgainst)
        #expect(verdict(verdicts, .tooEarly)?.reason == .noContactFlagged(.tooEarly, checked: [], lookbackDays: 30))
        #expect(verdict(verdicts, .hmOverload)?.outcome == .notApplicable)
        for v in verdicts {
            #expect(!v.description.isEmpty && !v.description.contains("\n"))
            #expect(v.description.hasPrefix(v.rule.rawValue + ": "))
        }
        let due = b.explain(asOf: d("2026-11-19"), policy: .standard)
        #expect(verdict(due, .followUp)?.description
                == "follow-up: due 2026-11-19: no decision date known; one business week after the interview on 2026-11-12 is 2026-11-19")
    }

    @Test("explain shows flagged contacts and the let-go state")
    func flaggedAndLetGo() throws {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-05", .followUp, by: .candidate)
            s.add("2026-11-26", .phoneCheck, by: .recruiter)
        }
        let verdicts = t.explain(asOf: d("2026-11-26"), policy: .standard)
        let early = try #require(verdict(verdicts, .tooEarly))
        #expect(early.outcome == .due && early.recommendation?.actor == .candidate)
        #expect(verdict(verdicts, .tooMany)?.reason == .noContactFlagged(.tooMany, checked: [d("2026-11-05"), d("2026-11-26")], lookbackDays: 30))
        #expect(verdict(verdicts, .checkBack)?.outcome == .upcoming)
        #expect(verdict(verdicts, .followUp)?.reason == .letGoAlready(.cap(unanswered: 2, day: d("2026-11-26"))))
        #expect(verdict(verdicts, .thankYou)?.outcome == .stale)
    }

    @Test("explain says why the chain does not run")
    func chainNotRunning() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-04", .withdrawn, by: .candidate)
        }
        let verdicts = t.explain(asOf: d("2026-11-11"), policy: .standard)
        for rule in [Rule.followUp, .phoneCheck, .checkBack] {
            #expect(verdict(verdicts, rule)?.reason == .chainNotRunning(stage: .withdrawn, openingOpen: true))
        }
        #expect(verdict(verdicts, .keepInMind)?.reason == .withdrew(on: d("2026-11-04")))
        #expect(verdict(verdicts, .thankYou)?.reason == .thankYouNotForStage(.withdrawn))
    }

    @Test("explain agrees with the queue on what is due")
    func agreesWithQueue() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-05", .followUp, by: .candidate)
        }
        for day in ["2026-11-02", "2026-11-05", "2026-11-11", "2026-11-26", "2026-12-30"] {
            let fromQueue = Set(t.recommendations(asOf: d(day), policy: .standard))
            let fromExplain = Set(t.explain(asOf: d(day), policy: .standard).filter { $0.outcome == .due }.compactMap(\.recommendation))
            #expect(fromQueue == fromExplain, "\(day)")
        }
    }

    @Test("explain reports settled notes as done, with the day they were settled")
    func doneVerdicts() {
        var filled = acme
        filled.filledOn = d("2026-11-20")
        let t = timeline(interest: .warm, opening: filled) { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-21", .keepInMind, by: .candidate)
            s.add("2027-01-10", .checkBack, by: .recruiter)
        }
        let verdicts = t.explain(asOf: d("2027-02-18"), policy: .standard)
        #expect(verdict(verdicts, .keepInMind)?.outcome == .done)
        #expect(verdict(verdicts, .keepInMind)?.reason == .keepInMindSent(decision: .filled(d("2026-11-20")), on: d("2026-11-21")))
        #expect(verdict(verdicts, .attritionCheck)?.reason == .attritionChecked(filledOn: d("2026-11-20"), on: d("2027-01-10")))
        #expect(verdict(verdicts, .followUp)?.reason == .chainNotRunning(stage: .interviewing, openingOpen: false))
        #expect(verdict(verdicts, .followUp)?.description == "follow-up: does not apply: the opening is not open, so no follow-up chain runs")
    }
}
