/// Who acted: the `by` column of an activity, and the actor of a ``Recommendation``.
public enum Party: String, Sendable, Hashable, CaseIterable, Codable {
    case candidate, recruiter, client
}

/// An application's stage (POLICY.md "Words").
public enum Stage: String, Sendable, Hashable, CaseIterable, Codable {
    case submitted, interviewing, offered, hired, rejected, withdrawn

    /// The stages in which the follow-up chain runs.
    var runsChain: Bool { self == .submitted || self == .interviewing }
}

/// The HM's interest in a candidate, most eager first (the queue's order, Precise reading 18).
public enum Interest: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case top, warm, neutral, cool

    /// The queue's interest order as a number, `top` 0.
    public var rank: Int {
        switch self {
        case .top: return 0
        case .warm: return 1
        case .neutral: return 2
        case .cool: return 3
        }
    }

    /// `top` sorts first (the queue's interest order).
    public static func < (lhs: Interest, rhs: Interest) -> Bool { lhs.rank < rhs.rank }
}

/// An opening's status column (POLICY.md "Words"); how it reads on a given day is Precise reading 5.
public enum OpeningStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case open
    case onHold = "on_hold"
    case filled, closed
}

/// How an activity reached its recipient: the `channel` column of an activity.
public enum Channel: String, Sendable, Hashable, CaseIterable, Codable {
    case email, phone, letter
    case inPerson = "in_person"
    case video, other
}

/// The kinds of dated fact an activity records (POLICY.md "Words").
public enum ActivityType: String, Sendable, Hashable, CaseIterable, Codable {
    case interview
    case thankYou = "thank_you"
    case followUp = "follow_up"
    case phoneCheck = "phone_check"
    case hmReply = "hm_reply"
    case keepInMind = "keep_in_mind"
    case checkBack = "check_back"
    case offer, hired, rejected, withdrawn

    /// A follow-up or a phone check: pressure on the HM. Courtesy notes and the tickler never count.
    @inlinable public var isOutboundContact: Bool { self == .followUp || self == .phoneCheck }

    /// The channel a blank `channel` cell means for an outbound contact (Precise reading 16): `email` for a
    /// follow-up, `phone` for a phone check; nil for other types, which are never counted as messages.
    public var defaultChannel: Channel? {
        switch self {
        case .followUp: return .email
        case .phoneCheck: return .phone
        default: return nil
        }
    }

    /// The stage a stage-change activity moves to (Precise reading 4: nothing else changes the stage).
    var stage: Stage? {
        switch self {
        case .offer: return .offered
        case .hired: return .hired
        case .rejected: return .rejected
        case .withdrawn: return .withdrawn
        default: return nil
        }
    }

    /// How a sentence names it.
    var phrase: String {
        switch self {
        case .interview: return "interview"
        case .thankYou: return "thank-you note"
        case .followUp: return "follow-up"
        case .phoneCheck: return "phone check"
        case .hmReply: return "HM reply"
        case .keepInMind: return "keep-in-mind note"
        case .checkBack: return "check-back call"
        case .offer: return "offer"
        case .hired: return "hire"
        case .rejected: return "rejection"
        case .withdrawn: return "withdrawal"
        }
    }
}
