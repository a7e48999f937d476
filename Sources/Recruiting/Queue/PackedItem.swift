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
