extension Replay {
    /// The follow-up chain's item as of T (POLICY.md "The follow-up chain"): the next follow-up or phone check,
    /// or, once let go, the check-back (done by a `check_back` strictly after L, reading 9).
    func chainFinding(_ facts: ApplicationFacts, _ timeline: Timeline, _ policy: Policy) -> Finding {
        guard facts.stage.runsChain, timeline.opening.isOpen(on: asOf) else {
            return .notApplicable(.followUp, .chainNotRunning(stage: facts.stage,
                                                              openingOpen: timeline.opening.isOpen(on: asOf)))
        }
        switch facts.chain.step(on: asOf, interest: facts.interest, policy: policy) {
        case .noRound:
            return .notApplicable(.followUp, .noRoundStart)
        case .letGo(let letGo):
            if let checked = facts.latestCheckBack, checked > letGo.day {
                return .done(.checkBack, .checkedBack(letGo: letGo.day, on: checked))
            }
            let due = letGo.day.adding(months: policy.checkBackMonths)
            return .item(.init(rule: .checkBack, actor: .recruiter, due: due, deadline: nil,
                               reason: .checkBack(letGo: letGo, months: policy.checkBackMonths, due: due)))
        case .next(let rule, let due, let reason):
            // Who sends follow-ups and phone checks is a policy choice (follow_up_by).
            return .item(.init(rule: rule, actor: policy.followUpBy, due: due, deadline: nil, reason: reason))
        }
    }
}
