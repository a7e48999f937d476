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
    private var every: [DraftTemplateName: TemplateBox]?

    /// A template held by reference (so that drafting from it copies none of its parts).
    private final class TemplateBox: Sendable {
        let template: DraftTemplate
        init(_ template: DraftTemplate) { self.template = template }
    }
    /// Every opening's words, when worked out beforehand (``withEveryTemplate()``).
    var everyOpeningWords: [String: OpeningWords]?
    package let directory: DraftDirectory

    /// The Date header and the day in Message-IDs (`20261120`), the same for every draft of the day.
    let stamp: (date: String, day: String)
    /// The queue's day in words (`today`).
    var today = ""
    /// ``words(_:)`` of the days from `wordsFrom` on, worked out once (a queue's drafts name few days, many times).
    var dayWords: [String] = []
    var wordsFrom = Day(year: 1970, month: 1, day: 1)

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
        every?[name]?.template ?? templates[name] ?? DraftTemplate.standard(name)
    }

    /// The same drafter with every template in `templates` (the defaults read now): for many drafts at once, so
    /// that none is looked up among the defaults, under their lock, per draft.
    func withEveryTemplate() -> Drafter {
        var drafter = self
        drafter.every = Dictionary(uniqueKeysWithValues: DraftTemplateName.allCases.map { ($0, TemplateBox(template($0))) })
        drafter.everyOpeningWords = directory.openings.mapValues(resolve)
        return drafter
    }

    /// The items a draft may be about on their own (every queue item).
    /// - Parameters:
    ///   - item: a queue item.
    ///   - candidateName: the candidate's name as the queue knows it (``QueueItems/Names``); nil when unknown.
    // Over 60 lines: one case per rule, each naming its template, recipients and values beside the others.
    public func draft(_ item: Recommendation, candidateName: String? = nil) -> Draft {
        let opening = openingWords(item)
        var values = common(item, opening)
        addCandidate(item, candidateName, opening, to: &values)
        let recruiter = recruiterAddress(item.recruiter)
        let name: DraftTemplateName
        var to: [MailAddress]
        switch item.rule {
        case .thankYou:
            name = .thankYou
            to = [candidateAddress(item, values)]
            if case .thankYou(let interview, let interviewers, _, let deadline) = item.reason {
                values[.interviewDate] = words(interview)
                values[.interviewWeekday] = weekday(interview)
                values[.deadline] = later(deadline)
                let people = interviewers.isEmpty ? ["[add: the interviewer's name]"] : interviewers
                values.interviewers = people.map { person in
                    var element = DraftValues()
                    element[.name] = person.onOneLine
                    element[.firstName] = firstName(person)
                    return element
                }
            }
        case .followUp, .phoneCheck:
            addWaiting(item.reason, to: &values)
            switch (item.rule, item.actor) {
            case (.followUp, .candidate): name = .followUpByCandidate; to = [candidateAddress(item, values)]
            case (.followUp, _): name = .followUp; to = [managerAddress(item, opening)]
            case (_, .candidate): name = .phoneCheckByCandidate; to = [candidateAddress(item, values)]
            default: name = .phoneCheck; to = [recruiter]
            }
        case .checkBack:
            name = .checkBack
            to = [managerAddress(item, opening)]
            if case .checkBack(let letGo, let months, _) = item.reason {
                switch letGo {
                case .cap(_, let day): values[.lastHeardDate] = words(day)
                case .goneDark(let since, _, _): values[.lastHeardDate] = words(since)
                }
                values.set(.monthsWaited, number: months)
            }
        case .keepInMind:
            name = .keepInMind
            to = [candidateAddress(item, values)]
            if case .keepInMind(let decision, _, let deadline) = item.reason {
                values[.decidedOn] = words(decision.day)
                if case .filled = decision { values.set(.filled, flag: true) }
                values[.deadline] = later(deadline)
            }
        case .attritionCheck:
            name = .attritionCheck
            to = [managerAddress(item, opening)]
            if case .attritionCheck(let filled, _, let days, _) = item.reason {
                values[.filledOn] = words(filled)
                values.set(.monthsSinceFill, number: max(1, Int((Double(days) / 30.4).rounded())))
            }
        case .tooEarly, .tooMany, .afterDecision:
            name = item.rule == .tooEarly ? .tooEarly : item.rule == .tooMany ? .tooMany : .afterDecision
            let toCandidate = item.actor == .candidate && item.candidate != nil
            to = [toCandidate ? candidateAddress(item, values) : recruiter]
            if toCandidate { values.set(.toCandidate, flag: true) }
            values[.recipientFirstName] = toCandidate ? values[.candidateFirstName] : values[.recruiterFirstName]
            switch item.reason {
            case .tooEarly(let contact, let on, _, let waitFor):
                values[.contact] = DraftWords.contact(contact)
                values[.contactDate] = words(on)
                values[.dueDate] = words(waitFor)
                values[.waitUntil] = later(waitFor)
            case .tooMany(let contact, let on, _, let checkBackDue):
                values[.contact] = DraftWords.contact(contact)
                values[.contactDate] = words(on)
                values[.waitUntil] = later(checkBackDue)
            case .afterDecision(let contact, let on, let decision):
                values[.contact] = DraftWords.contact(contact)
                values[.contactDate] = words(on)
                values[.decidedOn] = words(decision.day)
                if case .filled = decision { values.set(.filled, flag: true) }
            case .repeatedKeepInMind(let on, _):
                values[.contact] = "note"
                values[.contactDate] = words(on)
                values.set(.repeatedNote, flag: true)
            default: break
            }
        case .hmOverload:
            name = .hmOverload
            let who = values[.hiringManager] ?? "the hiring manager"
            to = [MailAddress(name: "Recruiters writing to \(who)", address: nil)]
            if case .hmOverload(_, let messages, let cap, let from, let through, let recruiters) = item.reason {
                values.set(.messages, number: messages)
                values.set(.allowed, number: cap)
                values[.fromDate] = words(from)
                values[.throughDate] = words(through)
                if let addressed = overloadRecipients(recruiters) {
                    to = addressed.to
                    values[.recipientFirstName] = addressed.greeting
                }
            }
        }
        var key = MessageKey(name)
        for part in [item.rule.rawValue, item.actor.rawValue, item.candidate ?? "", item.opening ?? "", item.client,
                     item.hiringManager ?? ""] { key.add(part) }
        key.add(item.due.description)
        return make(name, values, from: recruiter, to: to, key: key)
    }

    /// One message about several of a recruiter's status checks (follow-ups and phone checks) to one hiring manager
    /// on one day, as the text queue groups them: an e-mail naming each candidate, or call notes when every one of
    /// them is a phone check.
    /// - Parameter items: the group's items in the queue's order, each with its candidate's name (nil when unknown).
    public func draft(statusChecks items: [(item: Recommendation, candidateName: String?)]) -> Draft {
        precondition(!items.isEmpty, "a group holds at least one item")
        if items.count == 1 { return draft(items[0].item, candidateName: items[0].candidateName) }
        let first = items[0].item
        let firstOpening = openingWords(first)
        var values = common(first, firstOpening)
        values.set(.count, number: items.count)
        var calls = true
        values.candidates = items.map { entry -> DraftValues in
            var candidate = DraftValues()
            addCandidate(entry.item, entry.candidateName, openingWords(entry.item), to: &candidate)
            addWaiting(entry.item.reason, to: &candidate)
            if entry.item.rule != .phoneCheck { calls = false }
            return candidate
        }
        let recruiter = recruiterAddress(first.recruiter)
        let name: DraftTemplateName = calls ? .statusCalls : .statusChecks
        var key = MessageKey(name)
        for part in ["group", first.client, first.hiringManager ?? "", first.recruiter ?? ""] { key.add(part) }
        for entry in items {
            key.add(entry.item.candidate ?? "")
            key.append("/")
            key.append(entry.item.opening ?? "")
        }
        return make(name, values, from: recruiter, to: [calls ? recruiter : managerAddress(first, firstOpening)],
                    key: key)
    }

    /// Each recruiter's name, first name and address, worked out once per drafter (a queue has few recruiters and
    /// many items).
    let recruiters: LockedValue<[String: (name: String, firstName: String, address: MailAddress)]>

    /// The parts a Message-ID is made from, digested as they come: two FNV-1a hashes (128 bits, hexadecimal) of the
    /// template's name and the parts, joined by U+001F. The same draft on the same day gets the same id, and no
    /// personal data shows in it.
    struct MessageKey {
        private var a: UInt64 = 0xcbf29ce484222325, b: UInt64 = 0x84222325cbf29ce4

        init(_ name: DraftTemplateName) { append(name.rawValue) }

        private mutating func mix(_ byte: UInt8) {
            a = (a ^ UInt64(byte)) &* 0x100000001b3
            b = (b ^ UInt64(byte)) &* 0x100000001b3 &+ 0x9e3779b97f4a7c15
        }

        /// A part after the ones before (a separator first).
        mutating func add(_ part: String) {
            mix(0x1F)
            append(part)
        }

        /// Text added to the last part.
        mutating func append(_ text: String) {
            for byte in text.utf8 { mix(byte) }
        }

        var digest: String { String(a, radix: 16) + String(b, radix: 16) }
    }

    private func make(_ name: DraftTemplateName, _ values: DraftValues, from: MailAddress, to: [MailAddress],
                      key: MessageKey) -> Draft {
        let rendered = every?[name].map { $0.template.renderUTF8(values) } ?? template(name).renderUTF8(values)
        let domain = from.domain ?? "recruit.invalid"
        let id = "<" + stamp.day + "." + key.digest + "@" + domain + ">"
        return Draft(template: name, from: from, to: to, subject: rendered.subject,
                     bodyUTF8: DraftWords.tidy(rendered.body), date: stamp.date, messageID: id)
    }
}
