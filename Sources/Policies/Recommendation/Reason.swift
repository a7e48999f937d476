/// What started the current round of the follow-up chain (POLICY.md "The follow-up chain": S).
public enum RoundStart: String, Sendable, Hashable {
    case submittal, interview
    case hmReply = "HM reply"
}

/// Why an application was let go (POLICY.md "The follow-up chain": L).
public enum LetGo: Sendable, Hashable {
    /// The cap-th unanswered outbound contact, on `day`.
    case cap(unanswered: Int, day: Day)
    /// `days` days without a client answer since `since` (the later of the round start and decision date).
    case goneDark(since: Day, days: Int, day: Day)

    /// The let-go day, L.
    public var day: Day {
        switch self {
        case .cap(_, let day), .goneDark(_, _, let day): return day
        }
    }

    var phrase: String {
        switch self {
        case .cap(let n, let day):
            return "let go on \(day) after \(n) unanswered \(n == 1 ? "contact" : "contacts") (the cap)"
        case .goneDark(let since, let days, let day):
            return "let go on \(day), \(days) days without an answer since \(since)"
        }
    }
}

/// The decision against a candidate (POLICY.md "Courtesy notes": X).
public enum Decision: Sendable, Hashable {
    case rejected(Day)
    case filled(Day)

    /// X, the day of the decision.
    public var day: Day {
        switch self {
        case .rejected(let d), .filled(let d): return d
        }
    }

    var phrase: String {
        switch self {
        case .rejected(let d): return "the rejection on \(d)"
        case .filled(let d): return "the fill to someone else on \(d)"
        }
    }
}

/// The facts behind an item or a verdict, as structured values, rendered as one plain sentence by `description`.
public enum Reason: Sendable, Hashable, CustomStringConvertible {
    // MARK: Items

    /// follow-up: D + `grace_business_days` business days.
    case followUpAfterDecisionDate(decisionBy: Day, graceBusinessDays: Int, due: Day)
    /// follow-up: no D; S + `no_timeline_business_days` business days.
    case followUpWithoutDecisionDate(roundStart: Day, startedBy: RoundStart, businessDays: Int, due: Day)
    /// phone-check: one unanswered contact; last + `phone_check_days`.
    case phoneCheck(lastContact: Day, days: Int, due: Day)
    /// follow-up: 2 <= U < cap; last + `top_gap_days`.
    case followUpAgain(unanswered: Int, cap: Int, lastContact: Day, gapDays: Int, due: Day)
    /// check-back: L + `check_back_months`.
    case checkBack(letGo: LetGo, months: Int, due: Day)
    /// thank-you: the interviewers still to thank.
    case thankYou(interview: Day, interviewers: [String], days: Int, deadline: Day)
    /// keep-in-mind: X, deadline X + `keep_in_mind_business_days` business days.
    case keepInMind(decision: Decision, businessDays: Int, deadline: Day)
    /// attrition-check: fill date + `attrition_check_days`.
    case attritionCheck(filledOn: Day, interest: Interest, days: Int, due: Day)
    /// too-early: the contact came before `waitFor`, the due day of the chain's next step.
    case tooEarly(contact: ActivityType, on: Day, step: Rule, waitFor: Day)
    /// too-many: the contact came after the application was let go; the next contact was the check-back.
    case tooMany(contact: ActivityType, on: Day, letGo: LetGo, checkBackDue: Day)
    /// after-decision: the contact came after the decision against the candidate.
    case afterDecision(contact: ActivityType, on: Day, decision: Decision)
    /// after-decision: a second keep-in-mind note.
    case repeatedKeepInMind(on: Day, firstSent: Day)
    /// hm-overload: more than the weekly cap of messages to one HM in T-6 ... T (reading 16: the contacts of one
    /// day, sender and channel are one message). `recruiters`: those of the applications whose contacts were counted
    /// (reading 19), in the order of their comparison keys; for addressing the warning, not part of `description`.
    case hmOverload(hiringManager: String, messages: Int, cap: Int, from: Day, through: Day, recruiters: [String] = [])

    // MARK: Verdicts that did not produce an item

    /// No round start on or before the day: no submittal date, interview or HM reply.
    case noRoundStart
    /// The chain runs only for submitted/interviewing applications on open openings.
    case chainNotRunning(stage: Stage, openingOpen: Bool)
    /// Another step of the chain is the current one.
    case otherStep(current: Rule, unanswered: Int, roundStart: Day)
    /// The chain has let the application go, so no follow-up or phone check is due.
    case letGoAlready(LetGo)
    /// The chain is still running: nothing to check back on.
    case notLetGo(unanswered: Int, cap: Int, goneDarkOn: Day)
    /// The check-back after L was made.
    case checkedBack(letGo: Day, on: Day)
    /// Thank-yous apply to submitted, interviewing and offered applications.
    case thankYouNotForStage(Stage)
    /// No interview on or before the day.
    case noInterview
    /// Every interviewer of the interview was thanked.
    case thanked(interview: Day)
    /// The candidate withdrew.
    case withdrew(on: Day?)
    /// Neither rejected nor passed over by a fill.
    case notDecidedAgainst
    /// The keep-in-mind note was sent.
    case keepInMindSent(decision: Decision, on: Day)
    /// The opening was not filled to someone else.
    case notFilledToSomeoneElse(isTheHire: Bool)
    /// Attrition checks are for `top` and `warm` finalists.
    case interestTooLow(Interest)
    /// The candidate was hired (here or elsewhere).
    case hiredAnywhere(on: Day)
    /// The check-back call after the fill was made.
    case attritionChecked(filledOn: Day, on: Day)
    /// No contact in the look-back window drew this warning; `checked` are the days of the contacts judged.
    case noContactFlagged(Rule, checked: [Day], lookbackDays: Int)
    /// The contact passed every over-contact check.
    case contactOnTime(contact: ActivityType, on: Day, due: Day?)
    /// At most one keep-in-mind note so far.
    case noRepeatedKeepInMind
    /// hm-overload is judged across all applications by the queue, not on one timeline.
    case judgedAcrossApplications

    public var description: String {
        switch self {
        case .followUpAfterDecisionDate(let d, let n, let due):
            return "HM said decision by \(d); \(n) business \(n == 1 ? "day" : "days") later is \(due)"
        case .followUpWithoutDecisionDate(let s, let kind, let n, let due):
            let span = n == 5 ? "one business week" : "\(n) business \(n == 1 ? "day" : "days")"
            return "no decision date known; \(span) after the \(kind.rawValue) on \(s) is \(due)"
        case .phoneCheck(let last, let n, let due):
            return "the outbound contact on \(last) went unanswered; \(n) days later is \(due): call"
        case .followUpAgain(let u, let cap, let last, let gap, let due):
            return "\(u) unanswered contacts, \(cap) allowed, the last on \(last); \(gap) days later is \(due)"
        case .checkBack(let letGo, let months, let due):
            return "\(letGo.phrase); \(months) \(months == 1 ? "month" : "months") later is \(due): "
                + "ask whether the client is hiring again"
        case .thankYou(let interview, let names, let days, let deadline):
            let who = names.isEmpty ? "the interviewers" : names.joined(separator: ", ")
            return "interview on \(interview): no thank-you yet to \(who); due that day, "
                + "at the latest \(days) \(days == 1 ? "day" : "days") later, \(deadline)"
        case .keepInMind(let decision, let n, let deadline):
            return "decided against by \(decision.phrase); send the keep-in-mind note by \(deadline), "
                + "\(n) business \(n == 1 ? "day" : "days") later"
        case .attritionCheck(let filled, let interest, let n, let due):
            return "the opening was filled to someone else on \(filled) and the HM's interest was "
                + "\(interest.rawValue); \(n) days later is \(due)"
        case .tooEarly(let contact, let on, let step, let waitFor):
            return "\(contact.phrase) on \(on) came before the \(step.rawValue) was due; it should have waited for \(waitFor)"
        case .tooMany(let contact, let on, let letGo, let checkBackDue):
            return "\(contact.phrase) on \(on) came after the application was \(letGo.phrase); "
                + "it should have waited for the check-back on \(checkBackDue)"
        case .afterDecision(let contact, let on, let decision):
            return "\(contact.phrase) on \(on) came after \(decision.phrase)"
        case .repeatedKeepInMind(let on, let first):
            return "keep-in-mind note on \(on) repeats the one already sent on \(first)"
        case .hmOverload(let hm, let n, let cap, let from, let through, _):
            return "\(hm) received \(n) \(n == 1 ? "message" : "messages") from \(from) to \(through), "
                + "more than the weekly cap of \(cap)"
        case .noRoundStart:
            return "no round start: no submittal date, interview or HM reply yet"
        case .chainNotRunning(let stage, let open):
            if !open { return "the opening is not open, so no follow-up chain runs" }
            return "the application is \(stage.rawValue), so no follow-up chain runs"
        case .otherStep(let current, let u, let s):
            return "\(u) unanswered \(u == 1 ? "contact" : "contacts") since the round start on \(s): "
                + "the chain's step is \(current.rawValue)"
        case .letGoAlready(let letGo):
            return "the application was \(letGo.phrase)"
        case .notLetGo(let u, let cap, let dark):
            return "not let go: \(u) of \(cap) unanswered contacts allowed, and it goes dark only on \(dark)"
        case .checkedBack(let l, let on):
            return "let go on \(l) and checked back on \(on)"
        case .thankYouNotForStage(let stage):
            return "the application is \(stage.rawValue): thank-yous are for submitted, interviewing and offered ones"
        case .noInterview:
            return "no interview yet"
        case .thanked(let interview):
            return "every interviewer of the interview on \(interview) has a thank-you"
        case .withdrew(let on):
            if let on { return "the candidate withdrew on \(on)" }
            return "the candidate withdrew"
        case .notDecidedAgainst:
            return "neither rejected nor passed over by a fill"
        case .keepInMindSent(let decision, let on):
            return "after \(decision.phrase), the keep-in-mind note went out on \(on)"
        case .notFilledToSomeoneElse(let isTheHire):
            return isTheHire ? "this candidate is the hire" : "the opening has no fill date"
        case .interestTooLow(let interest):
            return "the HM's interest is \(interest.rawValue); attrition checks are for top and warm finalists"
        case .hiredAnywhere(let on):
            return "the candidate was hired on \(on)"
        case .attritionChecked(let filled, let on):
            return "filled on \(filled) and checked back on \(on)"
        case .noContactFlagged(let rule, let checked, let n):
            if checked.isEmpty { return "no outbound contact in the last \(n) days" }
            let list = checked.map(\.description).joined(separator: ", ")
            switch rule {
            case .tooEarly: return "no contact in the last \(n) days (\(list)) came before its due day"
            case .tooMany: return "no contact in the last \(n) days (\(list)) came after the application was let go"
            default:
                return "no contact in the last \(n) days (\(list)) came after a decision against the candidate, "
                    + "and no keep-in-mind note was repeated"
            }
        case .contactOnTime(let contact, let on, let due):
            if let due { return "\(contact.phrase) on \(on) came on or after its due day \(due)" }
            return "\(contact.phrase) on \(on): no follow-up chain was running and no decision had been made"
        case .noRepeatedKeepInMind:
            return "no second keep-in-mind note"
        case .judgedAcrossApplications:
            return "judged across all of the HM's applications by the queue"
        }
    }
}
