import Policies

/// One queue item with its texts as indexes (see ``QueueItems``).
struct PackedItem {
    /// `DailyQueue.leadingKey`.
    var key: UInt64
    var reason: CompactReason
    var email: UInt32
    var emailLength: UInt32
    /// The candidate's name's length in bytes, right after the e-mail's; 0 for none.
    var nameLength: UInt32
    var opening: UInt32
    var client: UInt32
    var hiringManager: UInt32
    var recruiter: UInt32
    var due: Int32
    var deadline: Int32
    var staleAfterDays: Int32
    var rule: Rule
    var actor: Party
    var interest: Interest
    var overdue: Bool
    var emailIsASCII: Bool
}

extension DailyQueue {
    /// The leading keys of ``precedes(_:_:)`` as one number, for sorting very large queues by integers first:
    /// the section, then for warnings the rule, for the others days overdue (most first), rule and interest.
    /// When two items' keys differ the smaller one comes first; when they are equal, the candidate's e-mail and the
    /// later keys decide, exactly as in ``precedes(_:_:)``. (Days overdue beyond 16,777,215 count as that many: no
    /// calendar date is that far from another.)
    func leadingKey(_ item: Recommendation) -> UInt64 {
        if item.isWarning { return UInt64(item.rule.queueRank) << 48 }
        let overdue = UInt64(min(item.daysOverdue(asOf: asOf), 0xFF_FFFF))
        return 1 << 63 | (0xFF_FFFF - overdue) << 32 | UInt64(item.rule.queueRank) << 24
            | UInt64(item.interest.rank) << 16
    }
}
