/// The daily queue as of T (POLICY.md "The queue", Precise readings 17 and 18): items due on or before T, not
/// stale, in the contract's order, with the over-contact section first.
///
/// Feed it each timeline's ``Timeline/recommendations(asOf:policy:scope:)`` and the ``HiringManagerLoad`` items,
/// then read ``items``.
public struct DailyQueue: Sendable {
    /// T.
    public let asOf: Day
    private var warnings: [Recommendation] = []
    private var nudges: [Recommendation] = []

    /// An empty queue for the day `asOf`.
    public init(asOf: Day) { self.asOf = asOf }

    /// Adds items, dropping those not due yet or stale as of T. Done items are never produced by the rules.
    public mutating func add<S: Sequence>(_ items: S) where S.Element == Recommendation {
        for item in items where admits(item) {
            if item.isWarning { warnings.append(item) } else { nudges.append(item) }
        }
    }

    /// Whether ``add(_:)`` keeps the item: due on or before T and not stale.
    public func admits(_ item: Recommendation) -> Bool {
        item.due <= asOf && !item.isStale(asOf: asOf)
    }

    /// The over-contact section: too-early, too-many, after-decision, hm-overload; then candidate, opening, day.
    public var overContact: [Recommendation] {
        var order = Array(warnings.indices)
        warnings.withUnsafeBufferPointer { items in order.sort { DailyQueue.warningOrder(items[$0], items[$1]) } }
        return order.map { warnings[$0] }
    }

    /// Everything else: most days overdue first (items not overdue tie), then rule (thank-you, follow-up,
    /// phone-check, keep-in-mind, attrition-check, check-back), interest (top first), candidate e-mail, opening
    /// id, due day.
    public var others: [Recommendation] {
        let t = asOf
        // Days overdue computed once per item, not once per comparison; indices are sorted rather than the
        // items, which are large values.
        let overdue = nudges.map { $0.daysOverdue(asOf: t) }
        var order = Array(nudges.indices)
        // Compared through the buffer: subscripting the array in the closure copied (retained) whole items.
        nudges.withUnsafeBufferPointer { items in
            order.sort { i, j in
                if overdue[i] != overdue[j] { return overdue[i] > overdue[j] }
                return DailyQueue.itemOrder(items[i], items[j])
            }
        }
        return order.map { nudges[$0] }
    }

    /// Whether `a` comes before `b` in ``items``: the over-contact section first, then the other items' order.
    /// Lets a caller merge queues arranged separately (batches of a very large queue) into this one order.
    public func precedes(_ a: Recommendation, _ b: Recommendation) -> Bool {
        if a.isWarning != b.isWarning { return a.isWarning }
        if a.isWarning { return DailyQueue.warningOrder(a, b) }
        let overdueA = a.daysOverdue(asOf: asOf), overdueB = b.daysOverdue(asOf: asOf)
        if overdueA != overdueB { return overdueA > overdueB }
        return DailyQueue.itemOrder(a, b)
    }

    /// The whole queue in JSON order: the over-contact section, then the other items.
    public var items: [Recommendation] { overContact + others }

    /// The queue of `items` as of `asOf`: filtered and ordered as ``items`` describes.
    public static func arrange<S: Sequence>(_ items: S, asOf: Day) -> [Recommendation]
    where S.Element == Recommendation {
        var queue = DailyQueue(asOf: asOf)
        queue.add(items)
        return queue.items
    }

    private static func warningOrder(_ a: Recommendation, _ b: Recommendation) -> Bool {
        if a.rule != b.rule { return a.rule.queueRank < b.rule.queueRank }
        if (a.candidate ?? "") != (b.candidate ?? "") { return (a.candidate ?? "") < (b.candidate ?? "") }
        if (a.opening ?? "") != (b.opening ?? "") { return (a.opening ?? "") < (b.opening ?? "") }
        if a.due != b.due { return a.due < b.due }
        return tieBreak(a, b)
    }

    private static func itemOrder(_ a: Recommendation, _ b: Recommendation) -> Bool {
        if a.rule != b.rule { return a.rule.queueRank < b.rule.queueRank }
        if a.interest != b.interest { return a.interest < b.interest }
        if (a.candidate ?? "") != (b.candidate ?? "") { return (a.candidate ?? "") < (b.candidate ?? "") }
        if (a.opening ?? "") != (b.opening ?? "") { return (a.opening ?? "") < (b.opening ?? "") }
        if a.due != b.due { return a.due < b.due }
        return tieBreak(a, b)
    }

    /// Past reading 18's keys: client, HM, actor, deadline, then the reason's sentence, so the order is total and
    /// the queue is the same whatever order the items arrived in.
    private static func tieBreak(_ a: Recommendation, _ b: Recommendation) -> Bool {
        if a.client != b.client { return a.client < b.client }
        if (a.hiringManager ?? "") != (b.hiringManager ?? "") { return (a.hiringManager ?? "") < (b.hiringManager ?? "") }
        if a.actor != b.actor { return a.actor.rawValue < b.actor.rawValue }
        if a.deadline != b.deadline { return (a.deadline?.ordinal ?? Int.min) < (b.deadline?.ordinal ?? Int.min) }
        if (a.recruiter ?? "") != (b.recruiter ?? "") { return (a.recruiter ?? "") < (b.recruiter ?? "") }
        return a.reason.description < b.reason.description
    }
}
