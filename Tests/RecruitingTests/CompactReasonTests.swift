import Policies
import Recruiting
import PropertyBased
import Testing

@Suite("Compact reasons")
struct CompactReasonTests {
    private static let d = Day(year: 2026, month: 11, day: 20)

    /// One reason of every kind, with the variants of their let-go, decision and round start.
    static let everyKind: [Reason] = [
        .followUpAfterDecisionDate(decisionBy: d, graceBusinessDays: 2, due: d.adding(days: 4)),
        .followUpWithoutDecisionDate(roundStart: d, startedBy: .submittal, businessDays: 5, due: d.adding(days: 7)),
        .followUpWithoutDecisionDate(roundStart: d, startedBy: .interview, businessDays: 1, due: d.adding(days: 1)),
        .followUpWithoutDecisionDate(roundStart: d, startedBy: .hmReply, businessDays: 3, due: d.adding(days: 3)),
        .phoneCheck(lastContact: d, days: 3, due: d.adding(days: 3)),
        .followUpAgain(unanswered: 2, cap: 3, lastContact: d, gapDays: 4, due: d.adding(days: 4)),
        .checkBack(letGo: .cap(unanswered: 3, day: d), months: 3, due: d.adding(months: 3)),
        .checkBack(letGo: .goneDark(since: d.adding(days: -30), days: 21, day: d), months: 1, due: d.adding(months: 1)),
        .thankYou(interview: d, interviewers: ["Dana Cho", "Lee Park"], days: 1, deadline: d.adding(days: 1)),
        .keepInMind(decision: .rejected(d), businessDays: 2, deadline: d.adding(days: 2)),
        .keepInMind(decision: .filled(d), businessDays: 2, deadline: d.adding(days: 4)),
        .attritionCheck(filledOn: d, interest: .warm, days: 30, due: d.adding(days: 30)),
        .attritionCheck(filledOn: d, interest: .cool, days: 30, due: d.adding(days: 30)),
        .tooEarly(contact: .followUp, on: d, step: .phoneCheck, waitFor: d.adding(days: 2)),
        .tooEarly(contact: .checkBack, on: d, step: .checkBack, waitFor: d.adding(days: 9)),
        .tooMany(contact: .phoneCheck, on: d, letGo: .cap(unanswered: 3, day: d.adding(days: -3)), checkBackDue: d.adding(days: 80)),
        .tooMany(contact: .followUp, on: d, letGo: .goneDark(since: d.adding(days: -40), days: 21, day: d.adding(days: -19)),
                 checkBackDue: d.adding(days: 70)),
        .afterDecision(contact: .followUp, on: d, decision: .rejected(d.adding(days: -2))),
        .afterDecision(contact: .keepInMind, on: d, decision: .filled(d.adding(days: -5))),
        .repeatedKeepInMind(on: d, firstSent: d.adding(days: -3)),
        .hmOverload(hiringManager: "Dana Cho", messages: 6, cap: 5, from: d.adding(days: -6), through: d),
        .hmOverload(hiringManager: "Dana Cho", messages: 6, cap: 5, from: d.adding(days: -6), through: d,
                    recruiters: ["ana@agency.example", "Ben Ortiz"]),
        .noRoundStart,
        .noContactFlagged(.tooEarly, checked: [d, d.adding(days: 1)], lookbackDays: 14),
    ]

    @Test("every kind of reason comes back exactly as it went in")
    func everyKindRoundTrips() {
        for reason in Self.everyKind {
            #expect(CompactReason(reason).reason == reason, "\(reason)")
        }
    }

    @Test("numbers past 32 bits are kept whole, not cut")
    func largeNumbersRoundTrip() {
        let far = Day(ordinal: Int(Int32.max) + 10)
        for reason: Reason in [
            .phoneCheck(lastContact: far, days: 3, due: far),
            .followUpAgain(unanswered: Int.max, cap: Int.min, lastContact: Self.d, gapDays: 1, due: Self.d),
            .checkBack(letGo: .goneDark(since: Self.d, days: -(1 << 40), day: Self.d), months: 3, due: Self.d),
        ] {
            #expect(CompactReason(reason).reason == reason)
        }
    }

    @Test("any numbers in any item reason round-trip")
    func anyNumbersRoundTrip() async {
        let number = Gen.int(in: -5_000_000...5_000_000)
        await propertyCheck(input: number, number, number, number, number) { a, b, c, e, f in
            let reasons: [Reason] = [
                .followUpAgain(unanswered: a, cap: b, lastContact: Day(ordinal: c), gapDays: e, due: Day(ordinal: f)),
                .checkBack(letGo: .goneDark(since: Day(ordinal: a), days: b, day: Day(ordinal: c)), months: e,
                           due: Day(ordinal: f)),
                .tooMany(contact: .interview, on: Day(ordinal: a), letGo: .cap(unanswered: b, day: Day(ordinal: c)),
                         checkBackDue: Day(ordinal: f)),
                .keepInMind(decision: .filled(Day(ordinal: a)), businessDays: b, deadline: Day(ordinal: c)),
            ]
            for reason in reasons { #expect(CompactReason(reason).reason == reason) }
        }
    }

    @Test("a compact reason takes half the room of a reason")
    func size() {
        #expect(MemoryLayout<CompactReason>.stride <= 32)
    }
}
