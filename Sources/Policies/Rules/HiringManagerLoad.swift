/// The `hm-overload` rule (POLICY.md "Over-contact", Precise reading 16), streamed across every application:
/// feed each timeline once, then read the items. Memory grows with the number of hiring managers, not of
/// contacts: only contacts in T-6 ... T are counted, and only their count is kept.
public struct HiringManagerLoad: Sendable {
    /// T: the week judged is T-6 ... T.
    public let asOf: Day
    private var load: [String: Entry] = [:]
    private var lastKey: (client: String, name: String?, email: String?, key: String)?

    private struct Entry: Sendable {
        var client: String
        var hiringManager: String
        var contacts: Int
        var weeklyCap: Int
    }

    /// An empty count for the week ending `asOf`.
    public init(asOf: Day) { self.asOf = asOf }

    /// Counts the timeline's outbound contacts in T-6 ... T towards its opening's HM, under the client's policy
    /// in force (its `hm_weekly_cap`).
    public mutating func add(_ timeline: Timeline, policy: Policy) {
        let weekStart = asOf.adding(days: -6)
        var n = 0
        for a in timeline.activities where a.type.isOutboundContact && a.date >= weekStart && a.date <= asOf {
            n += 1
        }
        guard n > 0 else { return }
        let o = timeline.opening
        addContacts(n, client: o.client, hiringManager: o.hiringManager, hiringManagerEmail: o.hiringManagerEmail,
                    weeklyCap: policy.hmWeeklyCap)
    }

    /// Counts `count` outbound contacts (already known to be in T-6 ... T) towards one HM: the name within the
    /// client (compared as reading 10 compares names), the e-mail when the name is blank. Contacts to an
    /// opening with neither are not counted: there is no one to overload.
    public mutating func addContacts(_ count: Int, client: String, hiringManager: String?,
                                     hiringManagerEmail: String?, weeklyCap: Int) {
        let name = hiringManager.flatMap { Names.isBlank($0) ? nil : $0 }
        let email = hiringManagerEmail.flatMap { Names.isBlank($0) ? nil : Names.email($0) }
        let key: String
        // A read ordered by opening feeds the same HM many times in a row: reuse the last normalised key.
        if let last = lastKey, last.client == client, last.name == name, last.email == email {
            key = last.key
        } else {
            guard let made = HiringManagerLoad.key(client: client, hiringManager: name, hiringManagerEmail: email) else {
                return
            }
            key = made
            lastKey = (client, name, email, key)
        }
        load[key, default: Entry(client: client, hiringManager: name?.trimmingSpaces() ?? email!, contacts: 0,
                                 weeklyCap: weeklyCap)].contacts += count
        load[key]!.weeklyCap = weeklyCap
    }

    /// Who one HM is, for counting: the client and the HM's name compared as reading 10 compares names, or the
    /// HM's e-mail when the name is blank (reading 16); nil when the opening has neither (no one to overload).
    /// Callers that select HMs for a queue use it too, so both sides agree on who is the same person.
    public static func key(client: String, hiringManager: String?, hiringManagerEmail: String?) -> String? {
        let hmKey: String
        if let name = hiringManager, !Names.isBlank(name) {
            hmKey = "n:" + Names.key(name)
        } else if let email = hiringManagerEmail, !Names.isBlank(email) {
            hmKey = "e:" + Names.email(email)
        } else {
            return nil
        }
        return Names.key(client) + "\u{1F}" + hmKey
    }

    /// One `hm-overload` warning per HM who received more than the client's `hm_weekly_cap` contacts in
    /// T-6 ... T: actor recruiter, no candidate, opening or recruiter, due T, the count in the reason.
    public var recommendations: [Recommendation] {
        load.values.filter { $0.contacts > $0.weeklyCap }
            .sorted { ($0.client, $0.hiringManager) < ($1.client, $1.hiringManager) }
            .map { e in
                Recommendation(
                    rule: .hmOverload, actor: .recruiter, candidate: nil, opening: nil, client: e.client,
                    hiringManager: e.hiringManager, recruiter: nil, due: asOf, deadline: nil, overdue: false,
                    interest: .neutral,
                    reason: .hmOverload(hiringManager: e.hiringManager, contacts: e.contacts, cap: e.weeklyCap,
                                        from: asOf.adding(days: -6), through: asOf))
            }
    }
}
