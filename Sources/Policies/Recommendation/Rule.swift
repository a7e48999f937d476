/// The rules of POLICY.md, by the names the queue's `rule` field uses.
public enum Rule: String, Sendable, Hashable, CaseIterable, Codable {
    case thankYou = "thank-you"
    case followUp = "follow-up"
    case phoneCheck = "phone-check"
    case checkBack = "check-back"
    case keepInMind = "keep-in-mind"
    case attritionCheck = "attrition-check"
    case tooEarly = "too-early"
    case tooMany = "too-many"
    case afterDecision = "after-decision"
    case hmOverload = "hm-overload"

    /// The kind of item the rule produces.
    public var kind: Recommendation.Kind {
        switch self {
        case .thankYou, .followUp, .phoneCheck, .checkBack: return .nudge
        case .keepInMind, .attritionCheck: return .keepInMind
        case .tooEarly, .tooMany, .afterDecision, .hmOverload: return .overContact
        }
    }

    /// The queue's order of rules (Precise reading 18): warnings in their section first, then the items.
    public var queueRank: Int {
        switch self {
        case .tooEarly: return 0
        case .tooMany: return 1
        case .afterDecision: return 2
        case .hmOverload: return 3
        case .thankYou: return 10
        case .followUp: return 11
        case .phoneCheck: return 12
        case .keepInMind: return 13
        case .attritionCheck: return 14
        case .checkBack: return 15
        }
    }
}
