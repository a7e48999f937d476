extension Replay {
    /// The keep-in-mind note (POLICY.md "Courtesy notes", Precise reading 11): the candidate had an interview, did
    /// not withdraw, and was decided against on X; due X, deadline X + `keep_in_mind_business_days` business days;
    /// done by a `keep_in_mind` dated on or after X.
    func keepInMindFinding(_ facts: ApplicationFacts, _ timeline: Timeline, _ policy: Policy) -> Finding {
        switch qualification(facts, timeline) {
        case .no(let reason):
            return .notApplicable(.keepInMind, reason)
        case .decided(let decision):
            if let sent = facts.latestKeepInMind, sent >= decision.day {
                return .done(.keepInMind, .keepInMindSent(decision: decision, on: sent))
            }
            let n = policy.keepInMindBusinessDays
            let deadline = policy.holidays.businessDays(n, after: decision.day)
            return .item(.init(rule: .keepInMind, actor: .candidate, due: decision.day, deadline: deadline,
                               reason: .keepInMind(decision: decision, businessDays: n, deadline: deadline)))
        }
    }

    /// The attrition check (POLICY.md "Courtesy notes", Precise reading 12): the opening was filled on X to someone
    /// else, the candidate meets keep-in-mind's conditions (sent or not) and the latest interest is top or warm:
    /// due X + `attrition_check_days`; done by a `check_back` strictly after X; never once hired anywhere.
    func attritionCheckFinding(_ facts: ApplicationFacts, _ timeline: Timeline, _ policy: Policy) -> Finding {
        if case .no(let reason) = qualification(facts, timeline) { return .notApplicable(.attritionCheck, reason) }
        guard !facts.isTheHire, let filled = timeline.opening.filledOn, filled <= asOf else {
            return .notApplicable(.attritionCheck, .notFilledToSomeoneElse(isTheHire: facts.isTheHire))
        }
        guard facts.interest == .top || facts.interest == .warm else {
            return .notApplicable(.attritionCheck, .interestTooLow(facts.interest))
        }
        if let hired = timeline.hiredElsewhere.filter({ $0 <= asOf }).min() {
            return .notApplicable(.attritionCheck, .hiredAnywhere(on: hired))
        }
        if let checked = facts.latestCheckBack, checked > filled {
            return .done(.attritionCheck, .attritionChecked(filledOn: filled, on: checked))
        }
        let due = filled.adding(days: policy.attritionCheckDays)
        return .item(.init(rule: .attritionCheck, actor: .recruiter, due: due, deadline: nil,
                           reason: .attritionCheck(filledOn: filled, interest: facts.interest,
                                                   days: policy.attritionCheckDays, due: due)))
    }

    /// Keep-in-mind's conditions as of T: the decision against the candidate, or why there is none to note.
    private func qualification(_ facts: ApplicationFacts, _ timeline: Timeline) -> Qualification {
        guard facts.firstInterview != nil else { return .no(.noInterview) }
        if facts.withdrew { return .no(.withdrew(on: facts.withdrawnOn)) }
        guard let decision = facts.decisionAgainst(opening: timeline.opening, filledBy: asOf) else {
            return .no(.notDecidedAgainst)
        }
        return .decided(decision)
    }
}

/// Whether a candidate qualifies for a keep-in-mind note.
enum Qualification {
    case decided(Decision)
    case no(Reason)
}
