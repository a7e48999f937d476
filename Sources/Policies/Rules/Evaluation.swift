/// Which of a timeline's open items to return.
public enum RecommendationScope: Sendable, Hashable {
    /// What the queue lists as of T: due on or before T and not stale (Precise reading 17).
    case queue
    /// Every item not done, also those due later and those gone stale (for summaries and `explain`).
    case pending
}

extension Timeline {
    /// The items this application calls for as of `asOf` under `policy` (the client's policy in force):
    /// nudges, keep-in-mind notes and over-contact warnings on its own contacts. `hm-overload` is judged across
    /// applications by ``HiringManagerLoad``; the order is the queue's job (``DailyQueue``).
    ///
    /// Only facts dated on or before `asOf` are used (POLICY.md "Time"). Linear in the activities.
    public func recommendations(asOf: Day, policy: Policy, scope: RecommendationScope = .queue) -> [Recommendation] {
        var items: [Recommendation] = []
        appendRecommendations(asOf: asOf, policy: policy, scope: scope, to: &items)
        return items
    }

    /// Appends this application's items as of `asOf` to `items` (the allocation-free form of
    /// ``recommendations(asOf:policy:scope:)`` for a caller streaming many timelines into one buffer).
    public func appendRecommendations(asOf: Day, policy: Policy, scope: RecommendationScope = .queue,
                                      to items: inout [Recommendation]) {
        let replay = Replay(self, asOf: asOf)
        let firstWarning = items.count
        let facts = replay.run(self, policy: policy) { judgment in
            if let rule = judgment.rule { items.append(replay.warning(rule, judgment, self)) }
        }
        if facts.interest != .neutral {
            for i in firstWarning..<items.count { items[i].interest = facts.interest }
        }
        func emit(_ finding: Finding) {
            guard case .item(let draft) = finding else { return }
            let item = replay.recommendation(draft, interest: facts.interest, self, policy)
            if scope == .queue && (item.due > asOf || item.isStale(asOf: asOf)) { return }
            items.append(item)
        }
        replay.thankYouFindings(facts, self, policy, skipStale: scope == .queue, emit)
        emit(replay.chainFinding(facts, self, policy))
        emit(replay.keepInMindFinding(facts, self, policy))
        emit(replay.attritionCheckFinding(facts, self, policy))
    }
}

extension Replay {
    /// An item with the timeline's names attached.
    func recommendation(_ draft: Finding.Draft, interest: Interest, _ timeline: Timeline, _ policy: Policy)
        -> Recommendation
    {
        Recommendation(
            rule: draft.rule, actor: draft.actor, candidate: timeline.candidate, opening: timeline.opening.id,
            client: timeline.opening.client,
            hiringManager: timeline.opening.hiringManager ?? timeline.opening.hiringManagerEmail,
            recruiter: timeline.recruiter, due: draft.due, deadline: draft.deadline,
            overdue: asOf > (draft.deadline ?? draft.due), interest: interest, reason: draft.reason,
            staleAfterDays: draft.rule == .thankYou ? Policy.thankYouStaleDays : policy.staleDays)
    }

    /// An over-contact warning: actor who made the contact, due its day, no deadline, never overdue.
    func warning(_ rule: Rule, _ judgment: Judgment, _ timeline: Timeline) -> Recommendation {
        Recommendation(
            rule: rule, actor: judgment.actor, candidate: timeline.candidate, opening: timeline.opening.id,
            client: timeline.opening.client,
            hiringManager: timeline.opening.hiringManager ?? timeline.opening.hiringManagerEmail,
            recruiter: timeline.recruiter, due: judgment.activity.date, deadline: nil, overdue: false,
            interest: .neutral, reason: judgment.reason, staleAfterDays: nil)
    }
}
