/// The follow-up chain of one application as its facts accumulate (POLICY.md "The follow-up chain").
///
/// Facts are fed in date order, so the state is a handful of values updated in O(1) per fact; the chain's step
/// on any later day is then computed without looking back (the over-contact rules ask it once per contact).
struct FollowUpChain: Sendable, Hashable {
    /// S: the latest round start fed so far.
    private(set) var roundStart: Day?
    private(set) var startedBy: RoundStart = .submittal
    /// The `decision_by` of the latest `hm_reply` stating one.
    private(set) var repliedDecision: Day?
    /// The application row's `decision_by`: known on every day (Precise reading 6).
    let rowDecision: Day?
    /// U: outbound contacts dated strictly after S (a contact on a reply's day counts as answered).
    private(set) var unanswered = 0
    /// The latest of U.
    private(set) var lastContact: Day?
    /// The day of the `max_unanswered`-th and `max_unanswered_top`-th unanswered contacts: the cap depends on the
    /// interest on the day judged (Precise reading 8), and only these two caps exist.
    private var capReachedOn: Day?
    private var topCapReachedOn: Day?
    private let cap: Int
    private let topCap: Int

    init(rowDecision: Day?, policy: Policy) {
        self.rowDecision = rowDecision
        self.cap = policy.maxUnanswered
        self.topCap = policy.maxUnansweredTop
    }

    /// A submittal, interview or HM reply on `day`: a new round; U falls to 0.
    mutating func startRound(on day: Day, by kind: RoundStart) {
        if let s = roundStart, day < s { return }  // S is the latest round start
        roundStart = day
        startedBy = kind
        unanswered = 0
        lastContact = nil
        capReachedOn = nil
        topCapReachedOn = nil
    }

    /// An `hm_reply` stating a decision date (Precise reading 7: one without keeps the older D).
    mutating func replyStates(decisionBy day: Day) { repliedDecision = day }

    /// A `follow_up` or `phone_check` on `day` (reading 8: whoever sent it).
    mutating func recordContact(on day: Day) {
        guard let s = roundStart, day > s else { return }
        unanswered += 1
        lastContact = day
        if unanswered == cap { capReachedOn = day }
        if unanswered == topCap { topCapReachedOn = day }
    }

    /// D: the decision date in force, ignored when before S (reading 7: D equal to S is kept).
    var decisionInForce: Day? {
        guard let d = repliedDecision ?? rowDecision, let s = roundStart, d >= s else { return nil }
        return d
    }

    /// The chain's step on `day` given the interest on that day.
    func step(on day: Day, interest: Interest, policy: Policy) -> Step {
        guard let s = roundStart else { return .noRound }
        let d = decisionInForce
        let cap = interest == .top ? topCap : self.cap
        let darkSince = max(s, d ?? s)
        let goneDark = darkSince.adding(days: policy.goneDarkDays)
        // L: the earlier of the cap-th unanswered contact and going dark, when on or before the day.
        if let capDay = interest == .top ? topCapReachedOn : capReachedOn, capDay <= day, capDay <= goneDark {
            return .letGo(.cap(unanswered: cap, day: capDay))
        }
        if goneDark <= day { return .letGo(.goneDark(since: darkSince, days: policy.goneDarkDays, day: goneDark)) }
        switch unanswered {
        case 0:
            if let d {
                let due = policy.holidays.businessDays(policy.graceBusinessDays, after: d)
                return .next(.followUp, due: due,
                             .followUpAfterDecisionDate(decisionBy: d, graceBusinessDays: policy.graceBusinessDays, due: due))
            }
            let due = policy.holidays.businessDays(policy.noTimelineBusinessDays, after: s)
            return .next(.followUp, due: due,
                         .followUpWithoutDecisionDate(roundStart: s, startedBy: startedBy,
                                                      businessDays: policy.noTimelineBusinessDays, due: due))
        case 1:
            let due = lastContact!.adding(days: policy.phoneCheckDays)
            return .next(.phoneCheck, due: due, .phoneCheck(lastContact: lastContact!, days: policy.phoneCheckDays, due: due))
        default:
            // 2 <= U < cap here: U >= cap has let go above (the cap-th contact is on or before the day).
            let due = lastContact!.adding(days: policy.topGapDays)
            return .next(.followUp, due: due,
                         .followUpAgain(unanswered: unanswered, cap: cap, lastContact: lastContact!,
                                        gapDays: policy.topGapDays, due: due))
        }
    }

    /// Where the chain stands on a day.
    enum Step: Sendable, Hashable {
        /// No round start yet: no chain.
        case noRound
        /// Let go on L: a check-back is next.
        case letGo(LetGo)
        /// The next follow-up or phone check, with its due day.
        case next(Rule, due: Day, Reason)
    }
}
