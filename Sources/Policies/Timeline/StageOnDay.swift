extension Timeline {
    /// The application's stage on `day`: the latest stage fact dated on or before it, the imported row's fact first
    /// on its day and activities in recording order after it; a row without a date is the earliest fact of all;
    /// `submitted` before any (Precise readings 3 and 4). The rules and the client summary read it from here.
    public func stage(on day: Day) -> Stage {
        let replay = Replay(self, asOf: day)
        let facts = replay.run(self, policy: .standard, judge: { _ in })
        return facts.stage
    }
}

extension Opening {
    /// The opening's status on `day` (Precise reading 5): `filled` from `filled_on` on, whatever the status says;
    /// a `filled` opening with a later `filled_on` is `open` before it; a `filled` one with no `filled_on` is filled
    /// on every day; `on_hold` and `closed` hold on every day.
    public func status(on day: Day) -> OpeningStatus {
        status.on(day, filledOn: filledOn)
    }
}

extension OpeningStatus {
    /// The status on `day` of an opening stored with this status and `filledOn` (``Opening/status(on:)``).
    public func on(_ day: Day, filledOn: Day?) -> OpeningStatus {
        guard let filledOn else { return self }
        if filledOn <= day { return .filled }
        return self == .filled ? .open : self
    }
}
