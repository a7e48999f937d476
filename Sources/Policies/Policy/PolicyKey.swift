import Foundation

/// The name of one parameter, spelled as POLICY.md's table spells it.
public enum PolicyKey: String, Sendable, Hashable, CaseIterable, Codable, CodingKey {
    case thankYouDays = "thank_you_days"
    case graceBusinessDays = "grace_business_days"
    case noTimelineBusinessDays = "no_timeline_business_days"
    case phoneCheckDays = "phone_check_days"
    case maxUnanswered = "max_unanswered"
    case maxUnansweredTop = "max_unanswered_top"
    case topGapDays = "top_gap_days"
    case goneDarkDays = "gone_dark_days"
    case checkBackMonths = "check_back_months"
    case keepInMindBusinessDays = "keep_in_mind_business_days"
    case attritionCheckDays = "attrition_check_days"
    case hmWeeklyCap = "hm_weekly_cap"
    case lookbackDays = "lookback_days"
    case staleDays = "stale_days"
    case followUpBy = "follow_up_by"
    case timezone
    case holidays
    case retentionMonths = "retention_months"

    /// Every key, comma-separated, for error messages.
    public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The key named `text` (trimmed, case-insensitive; `-` may stand for `_`).
    /// - Throws: ``PolicyError/unknownKey(_:)``.
    public static func named(_ text: String) throws(PolicyError) -> PolicyKey {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        guard let key = PolicyKey(rawValue: name) else { throw .unknownKey(text) }
        return key
    }

    /// The smallest value an integer parameter accepts: caps below 1 would let go before any contact.
    var minimum: Int {
        switch self {
        case .maxUnanswered, .maxUnansweredTop: return 1
        default: return 0
        }
    }

    /// What a valid value looks like, for error messages.
    public var expected: String {
        switch self {
        case .followUpBy: return "recruiter or candidate"
        case .timezone: return "a time zone identifier such as UTC or Europe/Paris"
        case .holidays: return "comma-separated dates YYYY-MM-DD (empty for none)"
        case .retentionMonths: return "a whole number of months, 0 for off"
        default: return "a whole number \(minimum) or more"
        }
    }

    /// Parses a textual value for this key.
    /// - Throws: ``PolicyError/invalidValue(key:value:expected:)``.
    public func parse(_ text: String) throws(PolicyError) -> PolicyValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let bad = PolicyError.invalidValue(key: rawValue, value: text, expected: expected)
        switch self {
        case .followUpBy:
            switch trimmed.lowercased() {
            case "recruiter": return .party(.recruiter)
            case "candidate": return .party(.candidate)
            default: throw bad
            }
        case .timezone:
            guard !trimmed.isEmpty, TimeZone(identifier: trimmed) != nil else { throw bad }
            return .timezone(trimmed)
        case .holidays:
            var days: [Day] = []
            for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                let item = part.trimmingCharacters(in: .whitespaces)
                if item.isEmpty { continue }  // "a,,b" or a trailing comma: nothing to add
                guard let day = Day(item) else {
                    throw PolicyError.invalidValue(key: rawValue, value: item, expected: expected)
                }
                days.append(day)
            }
            return .holidays(Holidays(days))
        default:
            guard let n = Int(trimmed) else { throw bad }
            return try validated(.integer(n))
        }
    }

    /// Checks a value of the right shape for this key (ranges, known zones).
    func validated(_ value: PolicyValue) throws(PolicyError) -> PolicyValue {
        switch (self, value) {
        case (.followUpBy, .party(let party)):
            guard party != .client else {
                throw .invalidValue(key: rawValue, value: party.rawValue, expected: expected)
            }
            return value
        case (.timezone, .timezone(let id)):
            guard TimeZone(identifier: id) != nil else {
                throw .invalidValue(key: rawValue, value: id, expected: expected)
            }
            return value
        case (.holidays, .holidays): return value
        case (.followUpBy, _), (.timezone, _), (.holidays, _):
            throw .invalidValue(key: rawValue, value: value.text, expected: expected)
        case (_, .integer(let n)):
            guard n >= minimum else { throw .invalidValue(key: rawValue, value: String(n), expected: expected) }
            return value
        default:
            throw .invalidValue(key: rawValue, value: value.text, expected: expected)
        }
    }
}

/// The value of one parameter.
public enum PolicyValue: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case party(Party)
    case timezone(String)
    case holidays(Holidays)

    /// The value as `recruit policy set` would take it back.
    public var text: String {
        switch self {
        case .integer(let n): return String(n)
        case .party(let p): return p.rawValue
        case .timezone(let z): return z
        case .holidays(let h): return h.days.map(\.description).joined(separator: ",")
        }
    }

    public var description: String { text }
}

/// Why a policy or a policy change was refused.
public enum PolicyError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No parameter has this name.
    case unknownKey(String)
    /// The value does not suit the parameter.
    case invalidValue(key: String, value: String, expected: String)
    /// No preset has this name.
    case unknownPreset(String)

    public var description: String {
        switch self {
        case .unknownKey(let key):
            return "unknown policy parameter '\(key)': use one of \(PolicyKey.list)"
        case .invalidValue(let key, let value, let expected):
            return "invalid value '\(value)' for \(key): expected \(expected)"
        case .unknownPreset(let name):
            return "unknown preset '\(name)': use one of \(Policy.presetNames.joined(separator: ", "))"
        }
    }

    public var errorDescription: String? { description }
}
