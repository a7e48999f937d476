import Policies
import PropertyBased
import Testing

/// Random but valid timelines: each generated number becomes one activity (day, type, by, with, decision date,
/// interest), so shrinking removes activities and moves them earlier.
enum RandomTimeline {
    static let base = Day(year: 2026, month: 10, day: 1)
    static let types: [ActivityType] = [
        .interview, .interview, .thankYou, .followUp, .followUp, .phoneCheck, .hmReply, .hmReply,
        .keepInMind, .checkBack, .offer, .hired, .rejected, .withdrawn,
    ]
    static let names = ["Dana Cho", "lee park", "Lee  Park", "Sam Roe"]

    static func activity(_ v: Int, sequence: Int) -> Activity {
        var r = v
        func take(_ n: Int) -> Int { defer { r /= n }; return r % n }
        let date = base.adding(days: take(120))
        let type = types[take(types.count)]
        let by: Party? = [nil, .candidate, .recruiter, .client][take(4)]
        var rng = Seeded(UInt64(v))
        let with = Array(names.prefix(take(3))).shuffled(using: &rng)
        let decision = take(3) == 0 ? date.adding(days: take(15) - 3) : nil
        let interest: Interest? = [nil, nil, .top, .warm, .neutral, .cool][take(6)]
        return Activity(date: date, type: type, by: by, with: with, decisionBy: type == .hmReply ? decision : nil,
                        interest: interest, sequence: sequence)
    }

    static func timeline(_ values: [Int], row: Int) -> Timeline {
        var r = row
        func take(_ n: Int) -> Int { defer { r /= n }; return r % n }
        let submitted = take(4) == 0 ? nil : base.adding(days: take(20))
        let decision = take(2) == 0 ? nil : base.adding(days: take(40))
        let status = OpeningStatus.allCases[take(8) < 5 ? 0 : take(4)]
        let filled = take(3) == 0 ? base.adding(days: take(120)) : nil
        let opening = Opening(id: "ACME-1042", client: "Acme Corp", hiringManager: "Dana Cho", status: status, filledOn: filled)
        let stage = [Stage.submitted, .interviewing, .interviewing, .offered, .rejected][take(5)]
        let stageDate = stage == .submitted || stage == .interviewing ? nil : base.adding(days: take(120))
        let hired = take(4) == 0 ? [base.adding(days: take(200))] : []
        return Timeline(candidate: "Ana.Ng@Example.com", opening: opening,
                        application: ApplicationRow(stage: stage, stageDate: stageDate, submittedOn: submitted,
                                                    decisionBy: decision, interest: [nil, .top, .warm][take(3)]),
                        recruiter: "sam@agency.test",
                        activities: values.enumerated().map { activity($0.element, sequence: $0.offset + 1) },
                        hiredElsewhere: hired)
    }

    static let generator = Gen.int(in: 0...Int(Int32.max)).array(of: 0...14)
    static let row = Gen.int(in: 0...Int(Int32.max))
    static let asOf = Gen.int(in: 0...160)
}

/// A tiny deterministic generator so `with` order varies reproducibly.
struct Seeded: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}

@Suite struct PropertyTests {
    let policy = Policy.standard

    @Test("evaluation as of T ignores activities dated after T")
    func ignoresTheFuture() async {
        await propertyCheck(count: 300, input: RandomTimeline.generator, RandomTimeline.row, RandomTimeline.asOf) { values, row, offset in
            let full = RandomTimeline.timeline(values, row: row)
            let t = RandomTimeline.base.adding(days: offset)
            var past = full
            past.activities = full.activities.filter { $0.date <= t }
            #expect(full.recommendations(asOf: t, policy: policy) == past.recommendations(asOf: t, policy: policy))
            #expect(full.recommendations(asOf: t, policy: policy, scope: .pending)
                    == past.recommendations(asOf: t, policy: policy, scope: .pending))
            #expect(full.explain(asOf: t, policy: policy) == past.explain(asOf: t, policy: policy))
            #expect(full.followUpChain(asOf: t, policy: policy) == past.followUpChain(asOf: t, policy: policy))
        }
    }

    @Test("the same input gives the same output in the same order, whatever order the activities arrive in")
    func deterministic() async {
        await propertyCheck(count: 300, input: RandomTimeline.generator, RandomTimeline.row, RandomTimeline.asOf) { values, row, offset in
            let timeline = RandomTimeline.timeline(values, row: row)
            let t = RandomTimeline.base.adding(days: offset)
            let first = timeline.recommendations(asOf: t, policy: policy)
            #expect(timeline.recommendations(asOf: t, policy: policy) == first)
            var shuffled = timeline
            var rng = Seeded(UInt64(row))
            shuffled.activities.shuffle(using: &rng)
            #expect(shuffled.recommendations(asOf: t, policy: policy) == first)
            #expect(DailyQueue.arrange(first.reversed(), asOf: t) == DailyQueue.arrange(first, asOf: t))
        }
    }

    @Test("an hm_reply never leaves more unanswered contacts than before it")
    func replyNeverAddsUnanswered() async {
        await propertyCheck(count: 300, input: RandomTimeline.generator, RandomTimeline.row, RandomTimeline.asOf, Gen.int(in: 0...160)) { values, row, offset, replyOffset in
            let timeline = RandomTimeline.timeline(values, row: row)
            let t = RandomTimeline.base.adding(days: offset)
            var replied = timeline
            replied.activities.append(Activity(date: RandomTimeline.base.adding(days: replyOffset), type: .hmReply,
                                               by: .client, sequence: timeline.activities.count + 1))
            let before = timeline.followUpChain(asOf: t, policy: policy)
            let after = replied.followUpChain(asOf: t, policy: policy)
            let replyDay = RandomTimeline.base.adding(days: replyOffset)
            // Once a round has started, the reply can only answer contacts. (Contacts made before any round start
            // count for no chain; a first reply starts one, and later contacts are unanswered in it.)
            if before.roundStart != nil || replyDay > t {
                #expect(after.unanswered <= before.unanswered)
            }
            // Either way, only contacts dated after the reply (or a later round start) stay unanswered.
            let laterContacts = replied.activities.filter { $0.type.isOutboundContact && $0.date > replyDay && $0.date <= t }
            if replyDay <= t {
                #expect(after.unanswered <= laterContacts.count)
                #expect(after.roundStart.map { $0 >= replyDay } == true)
            }
        }
    }

    @Test("every item's fields are consistent: warnings never overdue, deadlines not before due, due on or before T")
    func itemsConsistent() async {
        await propertyCheck(count: 300, input: RandomTimeline.generator, RandomTimeline.row, RandomTimeline.asOf) { values, row, offset in
            let t = RandomTimeline.base.adding(days: offset)
            for item in RandomTimeline.timeline(values, row: row).recommendations(asOf: t, policy: policy) {
                #expect(item.due <= t)
                #expect(item.deadline.map { $0 >= item.due } ?? true)
                if item.isWarning { #expect(!item.overdue && item.deadline == nil) }
                #expect(item.candidate == "ana.ng@example.com")
            }
        }
    }
}
