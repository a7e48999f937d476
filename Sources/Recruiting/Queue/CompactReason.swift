import Policies

/// A ``Reason`` in 32 bytes instead of 64, for holding a very large queue's items: the reasons queue items carry,
/// as a tag, two small codes and up to five 32-bit numbers; any other reason (a thank-you's names, an hm-overload's
/// HM and recruiters, a number past 32 bits, the verdict-only reasons) is kept whole in a box. `reason` gives back
/// exactly the reason it was made from.
package struct CompactReason: Sendable {
    private var tag: Tag
    private var codes: (UInt8, UInt8) = (0, 0)
    private var numbers: (Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0)
    private var box: Box?

    private enum Tag: UInt8 {
        case boxed, followUpAfterDecisionDate, followUpWithoutDecisionDate, phoneCheck, followUpAgain, checkBack,
             keepInMind, attritionCheck, tooEarly, tooMany, afterDecision, repeatedKeepInMind
    }

    private final class Box: Sendable {
        let reason: Reason
        init(_ reason: Reason) { self.reason = reason }
    }

    // Over 60 lines: one case per kind of reason, packed the way the queue's storage reads them back.
    public init(_ reason: Reason) {
        tag = .boxed
        var values: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)
        var codes: (UInt8, UInt8) = (0, 0)
        let kind: Tag
        switch reason {
        case .followUpAfterDecisionDate(let decisionBy, let grace, let due):
            kind = .followUpAfterDecisionDate
            values = (decisionBy.ordinal, grace, due.ordinal, 0, 0)
        case .followUpWithoutDecisionDate(let start, let startedBy, let days, let due):
            kind = .followUpWithoutDecisionDate
            codes.0 = CompactReason.code(startedBy)
            values = (start.ordinal, days, due.ordinal, 0, 0)
        case .phoneCheck(let last, let days, let due):
            kind = .phoneCheck
            values = (last.ordinal, days, due.ordinal, 0, 0)
        case .followUpAgain(let unanswered, let cap, let last, let gap, let due):
            kind = .followUpAgain
            values = (unanswered, cap, last.ordinal, gap, due.ordinal)
        case .checkBack(let letGo, let months, let due):
            kind = .checkBack
            codes.0 = CompactReason.code(letGo)
            let l = CompactReason.values(letGo)
            values = (l.0, l.1, l.2, months, due.ordinal)
        case .keepInMind(let decision, let days, let deadline):
            kind = .keepInMind
            codes.0 = CompactReason.code(decision)
            values = (decision.day.ordinal, days, deadline.ordinal, 0, 0)
        case .attritionCheck(let filledOn, let interest, let days, let due):
            kind = .attritionCheck
            codes.0 = CompactReason.code(interest)
            values = (filledOn.ordinal, days, due.ordinal, 0, 0)
        case .tooEarly(let contact, let on, let step, let waitFor):
            kind = .tooEarly
            codes = (CompactReason.code(contact), CompactReason.code(step))
            values = (on.ordinal, waitFor.ordinal, 0, 0, 0)
        case .tooMany(let contact, let on, let letGo, let checkBackDue):
            kind = .tooMany
            codes = (CompactReason.code(contact), CompactReason.code(letGo))
            let l = CompactReason.values(letGo)
            values = (on.ordinal, l.0, l.1, l.2, checkBackDue.ordinal)
        case .afterDecision(let contact, let on, let decision):
            kind = .afterDecision
            codes = (CompactReason.code(contact), CompactReason.code(decision))
            values = (on.ordinal, decision.day.ordinal, 0, 0, 0)
        case .repeatedKeepInMind(let on, let firstSent):
            kind = .repeatedKeepInMind
            values = (on.ordinal, firstSent.ordinal, 0, 0, 0)
        default:
            box = Box(reason)
            return
        }
        guard let n0 = Int32(exactly: values.0), let n1 = Int32(exactly: values.1), let n2 = Int32(exactly: values.2),
              let n3 = Int32(exactly: values.3), let n4 = Int32(exactly: values.4) else {
            box = Box(reason)
            return
        }
        tag = kind
        self.codes = codes
        numbers = (n0, n1, n2, n3, n4)
    }

    /// The reason this was made from.
    public var reason: Reason {
        let n = (Int(numbers.0), Int(numbers.1), Int(numbers.2), Int(numbers.3), Int(numbers.4))
        let day = (Day(ordinal: n.0), Day(ordinal: n.1), Day(ordinal: n.2), Day(ordinal: n.3), Day(ordinal: n.4))
        switch tag {
        case .boxed:
            return box!.reason
        case .followUpAfterDecisionDate:
            return .followUpAfterDecisionDate(decisionBy: day.0, graceBusinessDays: n.1, due: day.2)
        case .followUpWithoutDecisionDate:
            return .followUpWithoutDecisionDate(roundStart: day.0, startedBy: CompactReason.roundStart(codes.0),
                                                businessDays: n.1, due: day.2)
        case .phoneCheck:
            return .phoneCheck(lastContact: day.0, days: n.1, due: day.2)
        case .followUpAgain:
            return .followUpAgain(unanswered: n.0, cap: n.1, lastContact: day.2, gapDays: n.3, due: day.4)
        case .checkBack:
            return .checkBack(letGo: CompactReason.letGo(codes.0, n.0, n.1, n.2), months: n.3, due: day.4)
        case .keepInMind:
            return .keepInMind(decision: CompactReason.decision(codes.0, day.0), businessDays: n.1, deadline: day.2)
        case .attritionCheck:
            return .attritionCheck(filledOn: day.0, interest: Interest.allCases[Int(codes.0)], days: n.1, due: day.2)
        case .tooEarly:
            return .tooEarly(contact: ActivityType.allCases[Int(codes.0)], on: day.0,
                             step: Rule.allCases[Int(codes.1)], waitFor: day.1)
        case .tooMany:
            return .tooMany(contact: ActivityType.allCases[Int(codes.0)], on: day.0,
                            letGo: CompactReason.letGo(codes.1, n.1, n.2, n.3), checkBackDue: day.4)
        case .afterDecision:
            return .afterDecision(contact: ActivityType.allCases[Int(codes.0)], on: day.0,
                                  decision: CompactReason.decision(codes.1, day.1))
        case .repeatedKeepInMind:
            return .repeatedKeepInMind(on: day.0, firstSent: day.1)
        }
    }

    // The small codes: an enum's position among its cases.

    private static func code(_ value: RoundStart) -> UInt8 {
        switch value {
        case .submittal: return 0
        case .interview: return 1
        case .hmReply: return 2
        }
    }

    private static func roundStart(_ code: UInt8) -> RoundStart {
        [RoundStart.submittal, .interview, .hmReply][Int(code)]
    }

    private static func code(_ value: Interest) -> UInt8 { UInt8(Interest.allCases.firstIndex(of: value)!) }
    private static func code(_ value: ActivityType) -> UInt8 { UInt8(ActivityType.allCases.firstIndex(of: value)!) }
    private static func code(_ value: Rule) -> UInt8 { UInt8(Rule.allCases.firstIndex(of: value)!) }

    private static func code(_ value: Decision) -> UInt8 {
        if case .rejected = value { return 0 }
        return 1
    }

    private static func decision(_ code: UInt8, _ day: Day) -> Decision {
        code == 0 ? .rejected(day) : .filled(day)
    }

    private static func code(_ value: LetGo) -> UInt8 {
        if case .cap = value { return 0 }
        return 1
    }

    /// A let-go as three numbers: (unanswered, day, 0) for the cap, (since, days, day) for gone dark.
    private static func values(_ value: LetGo) -> (Int, Int, Int) {
        switch value {
        case .cap(let unanswered, let day): return (unanswered, day.ordinal, 0)
        case .goneDark(let since, let days, let day): return (since.ordinal, days, day.ordinal)
        }
    }

    private static func letGo(_ code: UInt8, _ a: Int, _ b: Int, _ c: Int) -> LetGo {
        code == 0 ? .cap(unanswered: a, day: Day(ordinal: b))
            : .goneDark(since: Day(ordinal: a), days: b, day: Day(ordinal: c))
    }
}
