/// One rule's verdict on one application as of a day, for `recruit explain`: whether it produced an item and,
/// when it did not, why.
public struct Verdict: Sendable, Hashable, CustomStringConvertible {
    /// What the rule concluded.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// An item in today's queue (for a warning: the contact was flagged).
        case due
        /// An item, not due yet.
        case upcoming
        /// An item too far past due to list (Precise reading 17).
        case stale
        /// The item was settled by a later activity.
        case done
        /// The rule does not apply, or the contacts passed it.
        case notApplicable = "not-applicable"
    }

    /// The rule judged.
    public var rule: Rule
    /// What it concluded.
    public var outcome: Outcome
    /// The item, for `due`, `upcoming` and `stale`.
    public var recommendation: Recommendation?
    /// The facts behind the verdict.
    public var reason: Reason

    /// A verdict.
    public init(rule: Rule, outcome: Outcome, recommendation: Recommendation? = nil, reason: Reason) {
        self.rule = rule
        self.outcome = outcome
        self.recommendation = recommendation
        self.reason = reason
    }

    /// The outcome in words, with the item's dates ("due 2026-11-19, overdue", "not due yet (2026-11-26)",
    /// "does not apply"); nil for a flagged contact, whose reason says it all.
    public var outcomePhrase: String? {
        switch outcome {
        case .due:
            guard let item = recommendation, !item.isWarning else { return nil }
            return "due \(item.due)\(item.overdue ? ", overdue" : "")"
        case .upcoming: return "not due yet (\(recommendation?.due.description ?? "later"))"
        case .stale: return "dropped as stale (due \(recommendation?.due.description ?? "long ago"))"
        case .done: return "done"
        case .notApplicable: return "does not apply"
        }
    }

    /// One sentence: the rule, the outcome and the reason.
    public var description: String {
        "\(rule.rawValue): " + (outcomePhrase.map { "\($0): " } ?? "") + reason.description
    }
}

extension Timeline {
    /// Every rule's verdict on this application as of `asOf`, including the rules that did not fire and why:
    /// thank-you (one per interview), the chain's three steps (follow-up, phone-check, check-back), keep-in-mind,
    /// attrition-check, then the over-contact rules (one verdict per flagged contact) and hm-overload (noted as
    /// judged across applications).
    // Over 60 lines: one verdict per rule in the rule book's order, read as one list beside POLICY.md.
    public func explain(asOf: Day, policy: Policy) -> [Verdict] {
        let replay = Replay(self, asOf: asOf)
        var judgments: [Judgment] = []
        let facts = replay.run(self, policy: policy) { judgments.append($0) }
        var verdicts: [Verdict] = []

        func verdict(_ finding: Finding) -> Verdict {
            switch finding {
            case .item(let draft):
                let item = replay.recommendation(draft, interest: facts.interest, self, policy)
                let outcome: Verdict.Outcome = item.due > asOf ? .upcoming : item.isStale(asOf: asOf) ? .stale : .due
                return Verdict(rule: draft.rule, outcome: outcome, recommendation: item, reason: draft.reason)
            case .done(let rule, let reason):
                return Verdict(rule: rule, outcome: .done, reason: reason)
            case .notApplicable(let rule, let reason):
                return Verdict(rule: rule, outcome: .notApplicable, reason: reason)
            }
        }

        replay.thankYouFindings(facts, self, policy, skipStale: false) { verdicts.append(verdict($0)) }

        // The chain: the current step's verdict, and why the other two steps are not the current one.
        let chain = verdict(replay.chainFinding(facts, self, policy))
        let chainRules: [Rule] = [.followUp, .phoneCheck, .checkBack]
        for rule in chainRules {
            if chain.rule == rule { verdicts.append(chain); continue }
            if chain.outcome == .notApplicable {
                verdicts.append(Verdict(rule: rule, outcome: .notApplicable, reason: chain.reason))
                continue
            }
            let reason: Reason
            switch facts.chain.step(on: asOf, interest: facts.interest, policy: policy) {
            case .letGo(let letGo):
                reason = .letGoAlready(letGo)
            case .next(let current, _, _):
                if rule == .checkBack {
                    let s = facts.chain.roundStart!
                    let dark = max(s, facts.chain.decisionInForce ?? s).adding(days: policy.goneDarkDays)
                    reason = .notLetGo(unanswered: facts.chain.unanswered, cap: policy.cap(for: facts.interest),
                                       goneDarkOn: dark)
                } else {
                    reason = .otherStep(current: current, unanswered: facts.chain.unanswered,
                                        roundStart: facts.chain.roundStart!)
                }
            case .noRound:
                reason = .noRoundStart
            }
            verdicts.append(Verdict(rule: rule, outcome: .notApplicable, reason: reason))
        }

        verdicts.append(verdict(replay.keepInMindFinding(facts, self, policy)))
        verdicts.append(verdict(replay.attritionCheckFinding(facts, self, policy)))

        // Over-contact: one verdict per flagged contact; a rule that flagged none says which contacts it checked.
        let checked = judgments.filter { $0.activity.type.isOutboundContact }.map(\.activity.date)
        for rule in [Rule.tooEarly, .tooMany, .afterDecision] {
            let flagged = judgments.filter { $0.rule == rule }
            if flagged.isEmpty {
                verdicts.append(Verdict(rule: rule, outcome: .notApplicable,
                                        reason: .noContactFlagged(rule, checked: checked,
                                                                  lookbackDays: policy.lookbackDays)))
            }
            for judgment in flagged {
                var item = replay.warning(rule, judgment, self)
                item.interest = facts.interest
                verdicts.append(Verdict(rule: rule, outcome: .due, recommendation: item, reason: judgment.reason))
            }
        }
        verdicts.append(Verdict(rule: .hmOverload, outcome: .notApplicable, reason: .judgedAcrossApplications))
        return verdicts
    }
}
