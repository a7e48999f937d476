import Foundation
import Policies

/// A message ready to edit and send: who it is from and to, its subject and body, and the `.eml` a mail program
/// opens as an unsent draft.
public struct Draft: Sendable {
    /// The template it was made from.
    public let template: DraftTemplateName
    public let from: MailAddress
    public let to: [MailAddress]
    public let subject: String
    /// Plain text, lines ending in `\n`.
    public var body: String { String(decoding: bodyUTF8, as: UTF8.self) }
    /// ``body`` in UTF-8, as the `.eml` holds it.
    let bodyUTF8: [UInt8]
    /// RFC 5322 date-time: 09:00 on the queue's day in the agency's time zone.
    public let date: String
    /// `<...>`, the same for the same draft on the same day.
    public let messageID: String

    /// The message as RFC 5322 bytes: ASCII headers (RFC 2047 where names or the subject are not), a UTF-8 body,
    /// CRLF line ends, and `X-Unsent: 1` so that mail programs open it as a draft to send.
    public var eml: [UInt8] {
        MailFormat.message(from: from, to: to, subject: subject, date: date, messageID: messageID, body: bodyUTF8)
    }

    /// The draft as a mail program shows it: From, To, Subject and Date, a blank line, the body.
    public var text: String {
        "From: \(from.shown)\nTo: \(to.map(\.shown).joined(separator: ", "))\nSubject: \(subject)\nDate: \(date)\n\n"
            + body + (body.hasSuffix("\n") ? "" : "\n")
    }
}

/// Makes drafts from queue items: picks the template for the item's rule and actor, fills it with the item's facts
/// (names, the opening's title, the client, dates, who interviewed, how long it has waited) and addresses it.
///
/// A recruiter's message goes from the recruiter to the hiring manager; a candidate's is a note from the recruiter
/// to the candidate holding the text for them to send; call notes go from the recruiter to themselves; an
/// over-contact warning is a short note to whoever made the contact. A draft names only its own client and the
/// candidates it is about, and shows an address only to those who may see it: the hiring manager's only in the
/// hiring manager's own message, the candidate's only in the candidate's; no phone number ever. Where only a person
/// can add the value, the templates leave a marked gap, `[add: ...]`.
public struct Drafter: Sendable {
    public let asOf: Day
    public let timeZone: TimeZone
    public let templates: [DraftTemplateName: DraftTemplate]
    /// Every template, the defaults included, when read beforehand (``withEveryTemplate()``).
    private var every: [DraftTemplateName: DraftTemplate]?
    package let directory: DraftDirectory

    /// The Date header and the day in Message-IDs (`20261120`), the same for every draft of the day.
    private let stamp: (date: String, day: String)
    /// The queue's day in words (`today`).
    private var today = ""
    /// ``words(_:)`` of the days from `wordsFrom` on, worked out once (a queue's drafts name few days, many times).
    private var dayWords: [String] = []
    private var wordsFrom = Day(year: 1970, month: 1, day: 1)

    public init(asOf: Day, timeZone: TimeZone, templates: [DraftTemplateName: DraftTemplate] = [:],
                directory: DraftDirectory) {
        self.asOf = asOf
        self.timeZone = timeZone
        self.templates = templates
        self.directory = directory
        recruiters = LockedValue([:])
        let c = asOf.components
        let epochDay = asOf.days(since: Day(year: 1970, month: 1, day: 1))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        stamp = (MailFormat.date((c.year, c.month, c.day, asOf.weekday.rawValue), epochDay: epochDay, timeZone: timeZone),
                 "\(c.year)\(two(c.month))\(two(c.day))")
        wordsFrom = asOf.adding(days: -400)
        dayWords = (0..<500).map { spell(wordsFrom.adding(days: $0)) }
        today = words(asOf)
    }

    /// A drafter with the agency's templates (stored, else the defaults) and the database's openings and staff.
    public static func load(_ connection: Connection, asOf: Day, timeZone: TimeZone) throws -> Drafter {
        Drafter(asOf: asOf, timeZone: timeZone, templates: try DraftTemplateStore.current(connection),
                directory: try DraftDirectory.load(connection))
    }

    func template(_ name: DraftTemplateName) -> DraftTemplate {
        every?[name] ?? templates[name] ?? DraftTemplate.standard(name)
    }

    /// The same drafter with every template in `templates` (the defaults read now): for many drafts at once, so
    /// that none is looked up among the defaults, under their lock, per draft.
    func withEveryTemplate() -> Drafter {
        var drafter = self
        drafter.every = Dictionary(uniqueKeysWithValues: DraftTemplateName.allCases.map { ($0, template($0)) })
        return drafter
    }

    /// The items a draft may be about on their own (every queue item).
    /// - Parameters:
    ///   - item: a queue item.
    ///   - candidateName: the candidate's name as the queue knows it (``QueueItems/Names``); nil when unknown.
    // Over 60 lines: one case per rule, each naming its template, recipients and values beside the others.
    public func draft(_ item: Recommendation, candidateName: String? = nil) -> Draft {
        var values = common(item)
        addCandidate(item, candidateName, to: &values)
        let recruiter = recruiterAddress(item.recruiter)
        let candidate = MailAddress(name: values["candidate"] as? String, address: item.candidate)
        let manager = managerAddress(item)
        let name: DraftTemplateName
        var to: [MailAddress]
        switch item.rule {
        case .thankYou:
            name = .thankYou
            to = [candidate]
            if case .thankYou(let interview, let interviewers, _, let deadline) = item.reason {
                values["interview_date"] = words(interview)
                values["interview_weekday"] = weekday(interview)
                values["deadline"] = later(deadline)
                let people = interviewers.isEmpty ? ["[add: the interviewer's name]"] : interviewers
                values["interviewers"] = people.map { ["name": $0.onOneLine, "first_name": firstName($0)] }
            }
        case .followUp, .phoneCheck:
            addWaiting(item.reason, to: &values)
            switch (item.rule, item.actor) {
            case (.followUp, .candidate): name = .followUpByCandidate; to = [candidate]
            case (.followUp, _): name = .followUp; to = [manager]
            case (_, .candidate): name = .phoneCheckByCandidate; to = [candidate]
            default: name = .phoneCheck; to = [recruiter]
            }
        case .checkBack:
            name = .checkBack
            to = [manager]
            if case .checkBack(let letGo, let months, _) = item.reason {
                switch letGo {
                case .cap(_, let day): values["last_heard_date"] = words(day)
                case .goneDark(let since, _, _): values["last_heard_date"] = words(since)
                }
                values["months_waited"] = months
            }
        case .keepInMind:
            name = .keepInMind
            to = [candidate]
            if case .keepInMind(let decision, _, let deadline) = item.reason {
                values["decided_on"] = words(decision.day)
                if case .filled = decision { values["filled"] = true }
                values["deadline"] = later(deadline)
            }
        case .attritionCheck:
            name = .attritionCheck
            to = [manager]
            if case .attritionCheck(let filled, _, let days, _) = item.reason {
                values["filled_on"] = words(filled)
                values["months_since_fill"] = max(1, Int((Double(days) / 30.4).rounded()))
            }
        case .tooEarly, .tooMany, .afterDecision:
            name = item.rule == .tooEarly ? .tooEarly : item.rule == .tooMany ? .tooMany : .afterDecision
            let toCandidate = item.actor == .candidate && item.candidate != nil
            to = [toCandidate ? candidate : recruiter]
            if toCandidate { values["to_candidate"] = true }
            values["recipient_first_name"] = toCandidate ? values["candidate_first_name"] : values["recruiter_first_name"]
            switch item.reason {
            case .tooEarly(let contact, let on, _, let waitFor):
                values["contact"] = DraftWords.contact(contact)
                values["contact_date"] = words(on)
                values["due_date"] = words(waitFor)
                values["wait_until"] = later(waitFor)
            case .tooMany(let contact, let on, _, let checkBackDue):
                values["contact"] = DraftWords.contact(contact)
                values["contact_date"] = words(on)
                values["wait_until"] = later(checkBackDue)
            case .afterDecision(let contact, let on, let decision):
                values["contact"] = DraftWords.contact(contact)
                values["contact_date"] = words(on)
                values["decided_on"] = words(decision.day)
                if case .filled = decision { values["filled"] = true }
            case .repeatedKeepInMind(let on, _):
                values["contact"] = "note"
                values["contact_date"] = words(on)
                values["repeated_note"] = true
            default: break
            }
        case .hmOverload:
            name = .hmOverload
            let who = (values["hiring_manager"] as? String) ?? "the hiring manager"
            to = [MailAddress(name: "Recruiters writing to \(who)", address: nil)]
            if case .hmOverload(_, let messages, let cap, let from, let through) = item.reason {
                values["messages"] = messages
                values["allowed"] = cap
                values["from_date"] = words(from)
                values["through_date"] = words(through)
            }
        }
        return make(name, values, from: recruiter, to: to,
                    key: [item.rule.rawValue, item.actor.rawValue, item.candidate ?? "", item.opening ?? "", item.client,
                          item.hiringManager ?? "", item.due.description])
    }

    /// One message about several of a recruiter's status checks (follow-ups and phone checks) to one hiring manager
    /// on one day, as the text queue groups them: an e-mail naming each candidate, or call notes when every one of
    /// them is a phone check.
    /// - Parameter items: the group's items in the queue's order, each with its candidate's name (nil when unknown).
    public func draft(statusChecks items: [(item: Recommendation, candidateName: String?)]) -> Draft {
        precondition(!items.isEmpty, "a group holds at least one item")
        if items.count == 1 { return draft(items[0].item, candidateName: items[0].candidateName) }
        let first = items[0].item
        var values = common(first)
        values["count"] = items.count
        values["candidates"] = items.map { entry -> [String: Any] in
            var candidate: [String: Any] = [:]
            candidate.reserveCapacity(12)
            addCandidate(entry.item, entry.candidateName, to: &candidate)
            addWaiting(entry.item.reason, to: &candidate)
            return candidate
        }
        let calls = items.allSatisfy { $0.item.rule == .phoneCheck }
        let recruiter = recruiterAddress(first.recruiter)
        return make(calls ? .statusCalls : .statusChecks, values, from: recruiter,
                    to: [calls ? recruiter : managerAddress(first)],
                    key: ["group", first.client, first.hiringManager ?? "", first.recruiter ?? ""]
                        + items.map { "\($0.item.candidate ?? "")/\($0.item.opening ?? "")" })
    }

    // MARK: Values

    private func common(_ item: Recommendation) -> [String: Any] {
        var values: [String: Any] = [:]
        // Room for every field of the largest template, so that the dictionary is made once.
        values.reserveCapacity(24)
        values["today"] = today
        values["client"] = item.client.onOneLine
        let recruiter = recruiterName(item.recruiter)
        values["recruiter"] = recruiter
        values["recruiter_first_name"] = firstName(recruiter)
        let facts = item.opening.flatMap { directory.openings[$0] }
        // The hiring manager by name: an address standing in for a missing name is never shown.
        let manager = facts?.hiringManagerName?.onOneLine
            ?? item.hiringManager.flatMap { MailAddress.looksLikeAddress($0) ? nil : $0.onOneLine }
        values["hiring_manager"] = manager ?? "the hiring manager"
        values["hiring_manager_first_name"] = manager.map(firstName) ?? "[add: name]"
        return values
    }

    private func addCandidate(_ item: Recommendation, _ name: String?, to values: inout [String: Any]) {
        guard let email = item.candidate else { return }
        let display = name?.onOneLine ?? CandidateName.display(first: nil, last: nil, email: email)
        values["candidate"] = display
        values["candidate_first_name"] = firstName(display)
        if let opening = item.opening {
            values["opening"] = (directory.openings[opening]?.title).map(\.onOneLine) ?? "[add: the role's title]"
        }
    }

    /// How long a status check has waited, and on what (the follow-up chain's facts in the item's reason).
    private func addWaiting(_ reason: Reason, to values: inout [String: Any]) {
        let since: Day
        switch reason {
        case .followUpAfterDecisionDate(let decision, _, _):
            values["decision_date"] = words(decision)
            since = decision
        case .followUpWithoutDecisionDate(let start, let startedBy, _, _):
            if startedBy == .interview { values["interview_date"] = words(start) }
            since = start
        case .phoneCheck(let last, _, _), .followUpAgain(_, _, let last, _, _):
            values["last_contact_date"] = words(last)
            since = last
        default:
            return
        }
        values["waited_since"] = words(since)
        values["days_waited"] = max(0, asOf.days(since: since))
    }

    /// Each recruiter's name and address, worked out once per drafter (a queue has few recruiters and many items).
    private let recruiters: LockedValue<[String: (name: String, address: MailAddress)]>

    private func recruiterName(_ recruiter: String?) -> String { recruiterFacts(recruiter).name }

    private func recruiterAddress(_ recruiter: String?) -> MailAddress { recruiterFacts(recruiter).address }

    private func recruiterFacts(_ recruiter: String?) -> (name: String, address: MailAddress) {
        let key = recruiter ?? ""
        if let known = recruiters.withLock({ $0[key] }) { return known }
        let name = workOutRecruiterName(recruiter)
        let address = recruiter.flatMap { MailAddress.looksLikeAddress($0.onOneLine) ? $0.onOneLine.lowercased() : nil }
        let facts = (name, MailAddress(name: name == "[add: your name]" ? nil : name, address: address))
        recruiters.withLock { $0[key] = facts }
        return facts
    }

    private func workOutRecruiterName(_ recruiter: String?) -> String {
        guard let recruiter = recruiter?.onOneLine, !recruiter.isEmpty else { return "[add: your name]" }
        if let name = directory.staff[recruiter.lowercased()] { return name.onOneLine }
        if MailAddress.looksLikeAddress(recruiter) { return CandidateName.display(first: nil, last: nil, email: recruiter) }
        return recruiter
    }

    private func managerAddress(_ item: Recommendation) -> MailAddress {
        let facts = item.opening.flatMap { directory.openings[$0] }
        let name = facts?.hiringManagerName ?? item.hiringManager.flatMap { MailAddress.looksLikeAddress($0) ? nil : $0 }
        let address = facts?.hiringManagerEmail
            ?? item.hiringManager.flatMap { MailAddress.looksLikeAddress($0) ? $0 : nil }
        return MailAddress(name: name ?? (address == nil ? "Hiring manager at \(item.client.onOneLine)" : nil),
                           address: address)
    }

    private func make(_ name: DraftTemplateName, _ values: [String: Any], from: MailAddress, to: [MailAddress],
                      key: [String]) -> Draft {
        let rendered = template(name).renderUTF8(values)
        let domain = from.domain ?? "recruit.invalid"
        let id = "<" + stamp.day + "." + MailFormat.digest([name.rawValue] + key, separator: 0x1F) + "@" + domain + ">"
        return Draft(template: name, from: from, to: to, subject: rendered.subject,
                     bodyUTF8: DraftWords.tidy(rendered.body), date: stamp.date, messageID: id)
    }

    // MARK: Words

    /// "Friday 13 November", with the year when it is not the queue's.
    func words(_ day: Day) -> String {
        let offset = day.days(since: wordsFrom)
        return offset >= 0 && offset < dayWords.count ? dayWords[offset] : spell(day)
    }

    private func spell(_ day: Day) -> String {
        let c = day.components
        let month = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                     "November", "December"][c.month - 1]
        return "\(weekday(day)) \(c.day) \(month)" + (c.year == asOf.year ? "" : " \(c.year)")
    }

    /// ``words(_:)`` of a day after the queue's; nil for one that has come (a draft asks for nothing "by" a past
    /// day).
    func later(_ day: Day) -> String? { day > asOf ? words(day) : nil }

    func weekday(_ day: Day) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][day.weekday.rawValue - 1]
    }

    /// The first word of a name ("Dana" of "Dana Cho"); a gap marker stays whole.
    func firstName(_ name: String) -> String {
        let clean = name.onOneLine
        if clean.hasPrefix("[") { return clean }
        // One space between words, none first (`onOneLine`): the first word ends at the first space.
        guard let space = clean.firstIndex(of: " ") else { return clean }
        return String(clean[..<space])
    }
}
