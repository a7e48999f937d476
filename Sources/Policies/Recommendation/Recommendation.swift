/// One queue item: something someone should do (or should not have done), when, and why.
///
/// Encodes to exactly the JSON object of CONTRACT.md (`recruit queue --format json`): `encode(to:)` writes its
/// keys in the contract's order with explicit `null`s; ``json`` renders that order as text whatever the encoder.
public struct Recommendation: Sendable, Hashable {
    /// What sort of item (CONTRACT.md `kind`).
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case nudge
        case overContact = "over-contact"
        case keepInMind = "keep-in-mind"
    }

    /// The rule that produced it.
    public var rule: Rule
    /// Who should act (for a warning: who acted).
    public var actor: Party
    /// The candidate's normalised e-mail; `nil` only for `hm-overload`.
    public var candidate: String?
    /// The opening id; `nil` only for `hm-overload`.
    public var opening: String?
    /// The client's name.
    public var client: String
    /// The hiring manager (name, else e-mail).
    public var hiringManager: String?
    /// The recruiter (reading 19); `nil` for `hm-overload`.
    public var recruiter: String?
    /// The due day; for a warning, the day of the contact judged.
    public var due: Day
    /// The latest acceptable day, where the rule has one.
    public var deadline: Day?
    /// Past the deadline (or the due day where there is none) as of the day evaluated; warnings never are.
    public var overdue: Bool
    /// The HM's interest as of the day evaluated, for the queue's order.
    public var interest: Interest
    /// The facts the rule used.
    public var reason: Reason
    /// Days past due after which the item drops out of the queue (Precise reading 17: the client's
    /// `stale_days`, thank-you 7); `nil` for warnings, which never go stale.
    public var staleAfterDays: Int?

    /// An item; the rules build them, the queue layer may build `hm-overload`-like items of its own.
    public init(rule: Rule, actor: Party, candidate: String?, opening: String?, client: String,
                hiringManager: String?, recruiter: String?, due: Day, deadline: Day?, overdue: Bool,
                interest: Interest, reason: Reason, staleAfterDays: Int? = nil) {
        self.staleAfterDays = staleAfterDays
        self.rule = rule
        self.actor = actor
        self.candidate = candidate
        self.opening = opening
        self.client = client
        self.hiringManager = hiringManager
        self.recruiter = recruiter
        self.due = due
        self.deadline = deadline
        self.overdue = overdue
        self.interest = interest
        self.reason = reason
    }

    /// The item's kind, from its rule.
    public var kind: Kind { rule.kind }

    /// Whether it belongs to the queue's over-contact section.
    public var isWarning: Bool { kind == .overContact }

    /// Days past the deadline (or the due day without one) as of `day`; 0 when not overdue and for warnings.
    public func daysOverdue(asOf day: Day) -> Int {
        if isWarning { return 0 }
        return max(0, day.days(since: deadline ?? due))
    }

    /// Whether the item has aged out of the queue as of `day` (Precise reading 17): more than ``staleAfterDays``
    /// past due. Warnings never go stale; they leave with the look-back window.
    public func isStale(asOf day: Day) -> Bool {
        guard let limit = staleAfterDays, !isWarning else { return false }
        return day.days(since: due) > limit
    }
}

extension Recommendation: Encodable {
    private enum CodingKeys: String, CodingKey {
        case kind, rule, actor, candidate, opening, client
        case hiringManager = "hiring_manager"
        case recruiter, due, deadline, overdue, reason
    }

    /// CONTRACT.md's object: kind, rule, actor, candidate, opening, client, hiring_manager, recruiter, due,
    /// deadline, overdue, reason, in that order, `null` where a value is absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind.rawValue, forKey: .kind)
        try c.encode(rule.rawValue, forKey: .rule)
        try c.encode(actor.rawValue, forKey: .actor)
        if let candidate { try c.encode(candidate, forKey: .candidate) } else { try c.encodeNil(forKey: .candidate) }
        if let opening { try c.encode(opening, forKey: .opening) } else { try c.encodeNil(forKey: .opening) }
        try c.encode(client, forKey: .client)
        if let hiringManager { try c.encode(hiringManager, forKey: .hiringManager) }
        else { try c.encodeNil(forKey: .hiringManager) }
        if let recruiter { try c.encode(recruiter, forKey: .recruiter) } else { try c.encodeNil(forKey: .recruiter) }
        try c.encode(due, forKey: .due)
        if let deadline { try c.encode(deadline, forKey: .deadline) } else { try c.encodeNil(forKey: .deadline) }
        try c.encode(overdue, forKey: .overdue)
        try c.encode(reason.description, forKey: .reason)
    }
}
