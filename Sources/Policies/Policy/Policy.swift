import Foundation

/// The parameters of the follow-up rule book (POLICY.md "Parameters"), with the defaults of the `standard` preset.
///
/// A client's ``PolicyOverrides`` sit on top of the agency's policy: `agency.applying(clientOverrides)`.
public struct Policy: Sendable, Hashable {
    /// A thank-you is due on the interview day, at the latest this many days after.
    /// Seed: all four articles ("within 24 hours", "1-2 days", "same day or early the following day").
    public var thankYouDays = 1
    /// The first follow-up is due this many business days after the HM's decision date.
    /// Seed: 000 and 002 "a few days"; the `patient` preset uses 5 for 003's "exceeded by at least a week".
    public var graceBusinessDays = 3
    /// With no decision date, the first follow-up is due this many business days after the round start.
    /// Seed: 003 "wait one business week".
    public var noTimelineBusinessDays = 5
    /// After one unanswered outbound contact, call this many days after it.
    /// Seed: 003 "wait about three more weeks, then pick up the phone".
    public var phoneCheckDays = 21
    /// Unanswered outbound contacts allowed before letting go. Seed: 000 "three strikes".
    public var maxUnanswered = 2
    /// The same while the HM's interest is `top`. Seed: 000 "if the hiring manager has given you every reason to
    /// believe you're a top candidate"; 002 "a few more emails, spread out".
    public var maxUnansweredTop = 4
    /// Spacing of a top candidate's further follow-ups. Seed: 000 "check back in a week or two".
    public var topGapDays = 14
    /// This long without any client answer after the round start (or the decision date, if later): let go.
    /// Seed: 001 "6 or 8 weeks".
    public var goneDarkDays = 42
    /// After letting go, check whether the client is hiring again. Seed: 003 "tickler file ... after two months".
    public var checkBackMonths = 2
    /// The keep-in-mind note's deadline after the decision against the candidate. Seed: 000, 001, 002.
    public var keepInMindBusinessDays = 2
    /// Re-touch a finalist this long after the role was filled to someone else.
    /// Seed: 001 "as high as a 50% attrition rate in the first six months".
    public var attritionCheckDays = 90
    /// Outbound contacts one HM may receive in 7 days, across all candidates.
    /// Seed: 000 "shows you don't value the hiring manager's time".
    public var hmWeeklyCap = 3
    /// How far back over-contact warnings reach (no seed: an agency choice).
    public var lookbackDays = 30
    /// An item (not a warning) whose due date is older than this drops out of the queue; thank-you uses
    /// ``thankYouStaleDays`` (Precise reading 17; no seed: an agency choice).
    public var staleDays = 30
    /// Who sends follow-ups and phone checks: `recruiter` (the agency model) or `candidate` (the articles' reader).
    public var followUpBy: Party = .recruiter
    /// The agency's time zone identifier (IANA, e.g. `Europe/Paris`); `UTC` by default (Precise reading 1).
    public var timezone = "UTC" {
        didSet { timeZone = TimeZone(identifier: timezone) ?? TimeZone(secondsFromGMT: 0)! }
    }
    /// Days that are not business days (POLICY.md "Time"). A client's list replaces the agency's (reading 2).
    public var holidays = Holidays.none
    /// Personal data kept this many months after a person's last application or activity; 0 keeps it until
    /// someone runs `recruit forget` (off, the default). Read from the agency's policy by `recruit retention`; no
    /// rule of the queue reads it.
    public var retentionMonths = 0

    /// The Foundation zone for ``timezone``, used only to read date-time cells.
    public private(set) var timeZone = TimeZone(secondsFromGMT: 0)!

    /// A thank-you item drops out of the queue when it is more than this many days past due (Precise reading 17).
    public static let thankYouStaleDays = 7

    /// The defaults.
    public init() {}

    /// The defaults (POLICY.md "Presets").
    public static let standard = Policy()

    /// The defaults with `grace_business_days` 5 (seed 003: "exceeded by at least a week").
    public static let patient: Policy = {
        var policy = Policy()
        policy.graceBusinessDays = 5
        return policy
    }()

    /// The presets by name (POLICY.md "Presets"), in the order help texts list them.
    public static let presets: [(name: String, policy: Policy)] = [("standard", .standard), ("patient", .patient)]

    /// The preset names, as `recruit policy set --preset` accepts them.
    public static let presetNames = presets.map(\.name)

    /// The preset called `name` (case-insensitive).
    /// - Throws: ``PolicyError/unknownPreset(_:)`` naming the presets.
    public static func preset(named name: String) throws(PolicyError) -> Policy {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let preset = presets.first(where: { $0.name == wanted }) else { throw .unknownPreset(name) }
        return preset.policy
    }

    /// The keys a preset governs: those on which the presets differ from each other (today only
    /// `grace_business_days`). Applying a preset sets these and nothing else, so the agency's holidays, time zone
    /// and every other choice survive it, in whichever order they were made.
    public static let presetKeys: [PolicyKey] = PolicyKey.allCases.filter { key in
        presets.contains { $0.policy.value(of: key) != presets[0].policy.value(of: key) }
    }

    /// This policy with `preset`'s values for the ``presetKeys``; every other key as it was.
    public func applyingPreset(_ preset: Policy) -> Policy {
        applying(preset.presetOverrides)
    }

    /// This preset's values for the ``presetKeys``, as overrides: what applying it to a client stores.
    public var presetOverrides: PolicyOverrides {
        var overrides = PolicyOverrides()
        for key in Policy.presetKeys { overrides[key] = value(of: key) }
        return overrides
    }

    /// The unanswered-contact cap for a given interest (POLICY.md "The follow-up chain": cap).
    @inlinable public func cap(for interest: Interest) -> Int {
        interest == .top ? maxUnansweredTop : maxUnanswered
    }

    /// This policy with `overrides` on top (a client's policy on the agency's).
    public func applying(_ overrides: PolicyOverrides) -> Policy {
        var policy = self
        for (key, value) in overrides.values { policy.assign(value, to: key) }
        return policy
    }

    /// The overrides that turn `base` into this policy: only the keys whose values differ.
    public func overrides(from base: Policy) -> PolicyOverrides {
        var overrides = PolicyOverrides()
        for key in PolicyKey.allCases where value(of: key) != base.value(of: key) {
            overrides[key] = value(of: key)
        }
        return overrides
    }

    /// Sets one parameter from its text, as `recruit policy set KEY=VALUE` gives it.
    ///
    /// - Parameters:
    ///   - key: a snake_case parameter name of POLICY.md (e.g. `grace_business_days`).
    ///   - value: the value as text; `holidays` is a comma-separated list of `YYYY-MM-DD` (empty for none).
    /// - Throws: ``PolicyError`` naming the key, for an unknown key or a bad value.
    public mutating func set(key: String, value: String) throws(PolicyError) {
        let key = try PolicyKey.named(key)
        assign(try key.parse(value), to: key)
    }

    /// The value of one parameter.
    public func value(of key: PolicyKey) -> PolicyValue {
        switch key {
        case .thankYouDays: return .integer(thankYouDays)
        case .graceBusinessDays: return .integer(graceBusinessDays)
        case .noTimelineBusinessDays: return .integer(noTimelineBusinessDays)
        case .phoneCheckDays: return .integer(phoneCheckDays)
        case .maxUnanswered: return .integer(maxUnanswered)
        case .maxUnansweredTop: return .integer(maxUnansweredTop)
        case .topGapDays: return .integer(topGapDays)
        case .goneDarkDays: return .integer(goneDarkDays)
        case .checkBackMonths: return .integer(checkBackMonths)
        case .keepInMindBusinessDays: return .integer(keepInMindBusinessDays)
        case .attritionCheckDays: return .integer(attritionCheckDays)
        case .hmWeeklyCap: return .integer(hmWeeklyCap)
        case .lookbackDays: return .integer(lookbackDays)
        case .staleDays: return .integer(staleDays)
        case .followUpBy: return .party(followUpBy)
        case .timezone: return .timezone(timezone)
        case .holidays: return .holidays(holidays)
        case .retentionMonths: return .integer(retentionMonths)
        }
    }

    /// Stores an already validated value (``PolicyKey/parse(_:)`` and ``PolicyOverrides`` validate).
    mutating func assign(_ value: PolicyValue, to key: PolicyKey) {
        switch (key, value) {
        case (.thankYouDays, .integer(let v)): thankYouDays = v
        case (.graceBusinessDays, .integer(let v)): graceBusinessDays = v
        case (.noTimelineBusinessDays, .integer(let v)): noTimelineBusinessDays = v
        case (.phoneCheckDays, .integer(let v)): phoneCheckDays = v
        case (.maxUnanswered, .integer(let v)): maxUnanswered = v
        case (.maxUnansweredTop, .integer(let v)): maxUnansweredTop = v
        case (.topGapDays, .integer(let v)): topGapDays = v
        case (.goneDarkDays, .integer(let v)): goneDarkDays = v
        case (.checkBackMonths, .integer(let v)): checkBackMonths = v
        case (.keepInMindBusinessDays, .integer(let v)): keepInMindBusinessDays = v
        case (.attritionCheckDays, .integer(let v)): attritionCheckDays = v
        case (.hmWeeklyCap, .integer(let v)): hmWeeklyCap = v
        case (.lookbackDays, .integer(let v)): lookbackDays = v
        case (.staleDays, .integer(let v)): staleDays = v
        case (.followUpBy, .party(let v)): followUpBy = v
        case (.timezone, .timezone(let v)): timezone = v
        case (.holidays, .holidays(let v)): holidays = v
        case (.retentionMonths, .integer(let v)): retentionMonths = v
        default: preconditionFailure("\(value) is not a value for \(key.rawValue)")
        }
    }
}

extension Policy: Codable {
    /// Decodes a JSON object of snake_case keys; missing keys keep the `standard` defaults, so a file holding
    /// only `{"holidays": [...]}` is a whole policy. Unknown keys and bad values are errors naming the key.
    public init(from decoder: any Decoder) throws {
        self = Policy.standard.applying(try PolicyOverrides(from: decoder))
    }

    /// Encodes every parameter, in POLICY.md's table order, under its snake_case key.
    public func encode(to encoder: any Encoder) throws {
        try overridesForEveryKey.encode(to: encoder)
    }

    private var overridesForEveryKey: PolicyOverrides {
        var all = PolicyOverrides()
        for key in PolicyKey.allCases { all[key] = value(of: key) }
        return all
    }
}
