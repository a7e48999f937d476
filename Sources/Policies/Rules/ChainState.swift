/// Where an application's follow-up chain stands on a day: the values POLICY.md names S, D, U, last, cap and L.
/// For summaries and tests; the queue needs only ``Timeline/recommendations(asOf:policy:scope:)``.
public struct ChainState: Sendable, Hashable {
    /// Whether the chain runs: a submitted or interviewing application on an open opening with a round start.
    public var isRunning: Bool
    /// S, the round start.
    public var roundStart: Day?
    /// What started the round.
    public var startedBy: RoundStart?
    /// D, the decision date in force.
    public var decisionBy: Day?
    /// U, the unanswered outbound contacts dated after S.
    public var unanswered: Int
    /// The latest of U.
    public var lastContact: Day?
    /// The cap for the interest on the day.
    public var cap: Int
    /// L, when the application has been let go on or before the day.
    public var letGo: LetGo?
}

extension Timeline {
    /// The follow-up chain's values as of `asOf` (facts dated after it are ignored).
    public func followUpChain(asOf: Day, policy: Policy) -> ChainState {
        let replay = Replay(self, asOf: asOf)
        let facts = replay.run(self, policy: policy) { _ in }
        let chain = facts.chain
        var letGo: LetGo?
        if case .letGo(let l) = chain.step(on: asOf, interest: facts.interest, policy: policy) { letGo = l }
        return ChainState(
            isRunning: chain.roundStart != nil && facts.stage.runsChain && opening.isOpen(on: asOf),
            roundStart: chain.roundStart, startedBy: chain.roundStart == nil ? nil : chain.startedBy,
            decisionBy: chain.decisionInForce, unanswered: chain.unanswered, lastContact: chain.lastContact,
            cap: policy.cap(for: facts.interest), letGo: letGo)
    }
}
