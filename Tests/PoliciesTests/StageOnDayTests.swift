import Policies
import PropertyBased
import Testing

/// What an application's stage and an opening's status are on a day: public API of the engine, read by the rules
/// and by the client summary.
@Suite struct StageOnDayTests {
    /// The latest stage fact on or before `day` by the rule of readings 3 and 4, written out plainly (the summary's
    /// own copy before the engine offered it).
    static func reference(_ timeline: Timeline, on day: Day) -> Stage {
        let row = timeline.application
        var latest: (day: Day?, order: Int, stage: Stage)?
        if row.stageDate.map({ $0 <= day }) ?? true { latest = (row.stageDate, -1, row.stage) }
        for act in timeline.activities where act.date <= day {
            let stage: Stage
            switch act.type {
            case .offer: stage = .offered
            case .hired: stage = .hired
            case .rejected: stage = .rejected
            case .withdrawn: stage = .withdrawn
            default: continue
            }
            if let current = latest, let known = current.day, (known, current.order) > (act.date, act.sequence) { continue }
            latest = (act.date, act.sequence, stage)
        }
        return latest?.stage ?? .submitted
    }

    @Test("an application's stage on a day is its latest stage fact, the row's first on its day, for any timeline")
    func stageIsTheLatestFact() async {
        await propertyCheck(count: 500, input: RandomTimeline.generator, RandomTimeline.row, RandomTimeline.asOf) { values, row, offset in
            var timeline = RandomTimeline.timeline(values, row: row)
            timeline.activities.sort { ($0.date, $0.sequence) < ($1.date, $1.sequence) }
            let day = RandomTimeline.base.adding(days: offset)
            #expect(timeline.stage(on: day) == Self.reference(timeline, on: day))
        }
    }

    @Test("a filled opening is filled from filled_on on and open before it; on hold and closed hold every day")
    func openingStatusOnADay() {
        let day = Day(year: 2026, month: 11, day: 20)
        let opening = { (status: OpeningStatus, filled: Day?) in
            Opening(id: "ACME-1", client: "Acme", hiringManager: "Dana", status: status, filledOn: filled)
        }
        #expect(opening(.filled, day).status(on: day) == .filled)
        #expect(opening(.filled, day.adding(days: 1)).status(on: day) == .open)
        #expect(opening(.filled, nil).status(on: day) == .filled)
        #expect(opening(.open, day.adding(days: -3)).status(on: day) == .filled)
        #expect(opening(.onHold, day.adding(days: 5)).status(on: day) == .onHold)
        #expect(opening(.closed, nil).status(on: day) == .closed)
    }
}
