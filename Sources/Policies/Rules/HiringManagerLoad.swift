/// The `hm-overload` rule (POLICY.md "Over-contact", Precise reading 16), streamed across every application:
/// feed each timeline (or each contact) once, then read the items.
///
/// The cap counts messages, not activities: the follow-ups and phone checks an HM received on the same day, from
/// the same sender, through the same channel are one message, however many candidates it covers (one e-mail
/// about six candidates is logged as six activities). Memory grows with the number of hiring managers and of
/// their messages in the week, not with the number of contacts: only contacts in T-6 ... T are kept.
///
/// Beside the messages it keeps, per HM, the recruiters of the applications whose contacts it counted (reading 19:
/// the application's, else the candidate's, else the opening's), so that the warning can be addressed to them. A
/// contact's recruiter is not part of what makes one message: the counts are the same with or without them.
public struct HiringManagerLoad: Sendable {
    /// T: the week judged is T-6 ... T.
    public let asOf: Day
    private var load: [String: Entry] = [:]
    private var lastKey: (client: String, name: String?, email: String?, key: String)?

    /// One message as the cap counts it (reading 16): its day, its sender and its channel, blanks resolved.
    public struct Message: Sendable, Hashable {
        public let day: Day
        public let sender: Party
        public let channel: Channel

        /// The message an outbound contact belongs to: a blank `by` is the policy's `follow_up_by` (reading 15),
        /// a blank channel the type's usual one (`email` for a follow-up, `phone` for a phone check). Nil for an
        /// activity that is not an outbound contact.
        public init?(day: Day, type: ActivityType, by: Party?, channel: Channel?, policy: Policy) {
            guard type.isOutboundContact, let usual = type.defaultChannel else { return nil }
            self.day = day
            sender = by ?? policy.followUpBy
            self.channel = channel ?? usual
        }
    }

    private struct Entry: Sendable {
        var client: String
        var hiringManager: String
        var messages: Set<Message>
        var weeklyCap: Int
        /// The recruiters whose applications' contacts were counted: by their key (``Names/key(_:)``), each under
        /// its least spelling, trimmed (so that the result does not depend on the order the contacts come in).
        var recruiters: [String: String] = [:]

        mutating func addRecruiter(_ recruiter: String?) {
            guard let recruiter, !Names.isBlank(recruiter) else { return }
            let spelling = recruiter.trimmingSpaces()
            let key = Names.key(spelling)
            if let known = recruiters[key], known <= spelling { return }
            recruiters[key] = spelling
        }

        /// The recruiters in the order of their keys.
        var recruiterList: [String] { recruiters.sorted { $0.key < $1.key }.map(\.value) }
    }

    /// An empty count for the week ending `asOf`.
    public init(asOf: Day) { self.asOf = asOf }

    /// Counts the timeline's outbound contacts in T-6 ... T towards its opening's HM, as messages, under the
    /// client's policy in force (its `hm_weekly_cap` and `follow_up_by`), noting the timeline's recruiter.
    public mutating func add(_ timeline: Timeline, policy: Policy) {
        let o = timeline.opening
        for a in timeline.activities where a.type.isOutboundContact {
            add(Message(day: a.date, type: a.type, by: a.by, channel: a.channel, policy: policy), client: o.client,
                hiringManager: o.hiringManager, hiringManagerEmail: o.hiringManagerEmail, weeklyCap: policy.hmWeeklyCap,
                recruiter: timeline.recruiter)
        }
    }

    /// Counts one outbound contact towards one HM: the name within the client (compared as reading 10 compares
    /// names), the e-mail when the name is blank. A contact outside T-6 ... T, one that is no outbound contact
    /// (`message` nil), and one on an opening with neither HM name nor e-mail (no one to overload) count nothing;
    /// a contact in a message already counted adds nothing to the count. `recruiter`: the recruiter of the
    /// contact's application (reading 19), noted for the warning whoever sent the contact; nil or blank when none.
    public mutating func add(_ message: Message?, client: String, hiringManager: String?, hiringManagerEmail: String?,
                             weeklyCap: Int, recruiter: String? = nil) {
        guard let message, message.day >= asOf.adding(days: -6), message.day <= asOf else { return }
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
        load[key, default: Entry(client: client, hiringManager: name?.trimmingSpaces() ?? email!, messages: [],
                                 weeklyCap: weeklyCap)].messages.insert(message)
        load[key]!.weeklyCap = weeklyCap
        load[key]!.addRecruiter(recruiter)
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

    /// One `hm-overload` warning per HM who received more than the client's `hm_weekly_cap` messages in
    /// T-6 ... T: actor recruiter, no candidate, opening or recruiter, due T, the count in the reason, and in it
    /// too the recruiters whose applications' contacts were counted (not in its description).
    public var recommendations: [Recommendation] {
        load.values.filter { $0.messages.count > $0.weeklyCap }
            .sorted { ($0.client, $0.hiringManager) < ($1.client, $1.hiringManager) }
            .map { e in
                Recommendation(
                    rule: .hmOverload, actor: .recruiter, candidate: nil, opening: nil, client: e.client,
                    hiringManager: e.hiringManager, recruiter: nil, due: asOf, deadline: nil, overdue: false,
                    interest: .neutral,
                    reason: .hmOverload(hiringManager: e.hiringManager, messages: e.messages.count, cap: e.weeklyCap,
                                        from: asOf.adding(days: -6), through: asOf, recruiters: e.recruiterList))
            }
    }
}
