/// An application as of a day: its stage, interest, chain and the dates the courtesy and over-contact rules need,
/// built by feeding its facts in order (Precise reading 3: the row's fact first on its day, then activities in
/// recording order; the last wins).
struct ApplicationFacts: Sendable {
    var stage: Stage = .submitted
    var interest: Interest = .neutral
    var chain: FollowUpChain
    /// The first interview (reading 11: "had an interview").
    var firstInterview: Day?
    /// A `withdrawn` fact exists; its date when it has one (a dateless row is the earliest fact).
    var withdrew = false
    var withdrawnOn: Day?
    /// The earliest dated `rejected` fact (reading 11).
    var rejectedOn: Day?
    /// This application is the hire: it has a `hired` fact (reading 11).
    var isTheHire = false
    var firstKeepInMind: Day?
    var latestKeepInMind: Day?
    var keepInMindNotes = 0
    var latestCheckBack: Day?

    init(row: ApplicationRow, policy: Policy) {
        chain = FollowUpChain(rowDecision: row.decisionBy, policy: policy)
    }

    /// The imported row's stage and interest: one fact dated `stage_date` (reading 3).
    mutating func apply(row: ApplicationRow) {
        applyStage(row.stage, on: row.stageDate)
        if let i = row.interest { interest = i }
    }

    /// The submittal: a round start from its day (reading 6).
    mutating func applySubmittal(on day: Day) {
        chain.startRound(on: day, by: .submittal)
    }

    mutating func apply(_ a: Activity) {
        if let i = a.interest { interest = i }
        switch a.type {
        case .interview:
            if firstInterview == nil { firstInterview = a.date }
            chain.startRound(on: a.date, by: .interview)
        case .hmReply:
            chain.startRound(on: a.date, by: .hmReply)
            if let d = a.decisionBy { chain.replyStates(decisionBy: d) }
        case .followUp, .phoneCheck:
            chain.recordContact(on: a.date)
        case .keepInMind:
            keepInMindNotes += 1
            if firstKeepInMind == nil { firstKeepInMind = a.date }
            latestKeepInMind = a.date
        case .checkBack:
            latestCheckBack = a.date
        case .offer, .hired, .rejected, .withdrawn:
            applyStage(a.type.stage!, on: a.date)
        case .thankYou:
            break  // judged by ThankYouRule over the interviews
        }
    }

    private mutating func applyStage(_ newStage: Stage, on day: Day?) {
        stage = newStage
        switch newStage {
        case .rejected:
            if let day, rejectedOn == nil || day < rejectedOn! { rejectedOn = day }
        case .withdrawn:
            if !withdrew { withdrew = true; withdrawnOn = day }
        case .hired:
            isTheHire = true
        default:
            break
        }
    }

    /// The decision against the candidate known on `day` (reading 11): the earliest rejection, or the fill when
    /// this application is not the hire, whichever is earlier. `facts` must hold the facts up to `day`.
    func decisionAgainst(opening: Opening, filledBy day: Day) -> Decision? {
        var decision: Decision? = rejectedOn.map(Decision.rejected)
        if !isTheHire, let f = opening.filledOn, f <= day, decision == nil || f < decision!.day {
            decision = .filled(f)
        }
        return decision
    }
}

/// One replay of a timeline up to the as-of day: the facts as of T, and each recent outbound contact (and
/// keep-in-mind note) judged against the chain as it stood just before it (Precise reading 13).
///
/// It holds only T and the ordered activities: the timeline and the policy are passed to each step as borrowed
/// parameters, so evaluating a timeline copies neither (the engine's cost is mostly reference counting otherwise).
struct Replay: ~Copyable {
    let asOf: Day
    /// The activities ordered by (date, sequence).
    let activities: [Activity]

    init(_ timeline: Timeline, asOf: Day) {
        self.asOf = asOf
        // Linear when already ordered (a database read ORDER BY date, seq); sorted otherwise.
        var ordered = true
        let acts = timeline.activities
        if acts.count > 1 {
            for i in 1..<acts.count {
                let (pd, cd) = (acts[i - 1].date, acts[i].date)
                if pd > cd || (pd == cd && acts[i - 1].sequence > acts[i].sequence) { ordered = false; break }
            }
        }
        activities = ordered ? acts : acts.sorted { ($0.date, $0.sequence) < ($1.date, $1.sequence) }
    }

    /// Feeds every fact dated on or before T and returns the application as of T; `judge` receives each contact
    /// within `lookback_days` of T with its verdict, in order.
    func run(_ timeline: Timeline, policy: Policy, judge: (Judgment) -> Void) -> ApplicationFacts {
        let row = timeline.application
        var facts = ApplicationFacts(row: row, policy: policy)
        // The row's fact and the submittal are facts without an activity: fed at the start of their day.
        var rowDay = row.stageDate
        var submittal = row.submittedOn
        if rowDay == nil { facts.apply(row: row) }  // a dateless row is the earliest fact of all

        func feedRowAndSubmittal(through day: Day) {
            if let d = rowDay, d <= day { facts.apply(row: row); rowDay = nil }
            if let d = submittal, d <= day { facts.applySubmittal(on: d); submittal = nil }
        }

        let lookbackStart = asOf.adding(days: -policy.lookbackDays)
        let acts = activities
        var i = 0
        while i < acts.count {
            let day = acts[i].date
            if day > asOf { break }
            var end = i + 1
            while end < acts.count && acts[end].date == day { end += 1 }
            feedRowAndSubmittal(through: day.adding(days: -1))
            if day >= lookbackStart {
                judgeDay(acts, i..<end, day: day, facts: facts, timeline: timeline, policy: policy, judge: judge)
            }
            feedRowAndSubmittal(through: day)
            for k in i..<end { facts.apply(acts[k]) }
            i = end
        }
        feedRowAndSubmittal(through: asOf)
        return facts
    }

    /// Judges the day's contacts against the facts dated before the day plus the contacts recorded earlier that
    /// day (reading 13), in the order after-decision, too-many, too-early (reading 14).
    private func judgeDay(_ acts: [Activity], _ range: Range<Int>, day: Day, facts: ApplicationFacts,
                          timeline: Timeline, policy: Policy, judge: (Judgment) -> Void) {
        var probe = facts.chain
        var notes = facts.keepInMindNotes
        var firstNote = facts.firstKeepInMind
        let before = day.adding(days: -1)
        let opening = timeline.opening
        // After-decision is strictly after the rejection or fill day: facts before the day hold exactly those.
        let decision = facts.decisionAgainst(opening: opening, filledBy: before)
        let chainRuns = facts.stage.runsChain && opening.isOpen(on: before)
        for k in range {
            let type = acts[k].type
            guard type == .keepInMind || type.isOutboundContact else { continue }
            let a = acts[k]
            if a.type == .keepInMind {
                if notes > 0, let first = firstNote {
                    judge(Judgment(activity: a, actor: a.by ?? .candidate, rule: .afterDecision,
                                   reason: .repeatedKeepInMind(on: day, firstSent: first)))
                }
                notes += 1
                if firstNote == nil { firstNote = day }
                continue
            }
            guard a.type.isOutboundContact else { continue }
            let actor = a.by ?? policy.followUpBy  // reading 15
            if let decision {
                judge(Judgment(activity: a, actor: actor, rule: .afterDecision,
                               reason: .afterDecision(contact: a.type, on: day, decision: decision)))
            } else if chainRuns {
                switch probe.step(on: day, interest: facts.interest, policy: policy) {
                case .letGo(let letGo):
                    judge(Judgment(activity: a, actor: actor, rule: .tooMany,
                                   reason: .tooMany(contact: a.type, on: day, letGo: letGo,
                                                    checkBackDue: letGo.day.adding(months: policy.checkBackMonths))))
                case .next(let step, let due, _) where day < due:
                    judge(Judgment(activity: a, actor: actor, rule: .tooEarly,
                                   reason: .tooEarly(contact: a.type, on: day, step: step, waitFor: due)))
                case .next(_, let due, _):
                    judge(Judgment(activity: a, actor: actor, rule: nil,
                                   reason: .contactOnTime(contact: a.type, on: day, due: due)))
                case .noRound:
                    judge(Judgment(activity: a, actor: actor, rule: nil,
                                   reason: .contactOnTime(contact: a.type, on: day, due: nil)))
                }
            } else {
                judge(Judgment(activity: a, actor: actor, rule: nil,
                               reason: .contactOnTime(contact: a.type, on: day, due: nil)))
            }
            probe.recordContact(on: day)
        }
    }
}

/// The over-contact verdict on one contact (or keep-in-mind note).
struct Judgment {
    let activity: Activity
    /// Who made the contact (reading 15 for a blank `by`).
    let actor: Party
    /// The warning's rule; `nil` when the contact was fine.
    let rule: Rule?
    let reason: Reason
}
