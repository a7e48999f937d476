import Foundation
import Policies

/// What a drafter knows of an item before a template renders it: the opening's and recruiter's words, the values
/// every draft has, and days and names in words. (Split from Draft.swift, which holds the drafts themselves.)
extension Drafter {
    // MARK: Values

    /// What drafts say of an opening: its title and its hiring manager, each on one line (a class: passed by one
    /// reference, not its texts').
    final class OpeningWords: Sendable {
        /// The title on one line; nil when the opening is not known.
        let title: String?
        /// The hiring manager's name on one line, its first name; nil when the opening names none.
        let manager: String?
        let managerFirstName: String?
        /// The hiring manager's address when the opening gives both name and address (the draft's `To` then
        /// depends on nothing else).
        let managerAddress: MailAddress?
        let facts: DraftDirectory.OpeningFacts?

        init(title: String?, manager: String?, managerFirstName: String?, managerAddress: MailAddress?,
             facts: DraftDirectory.OpeningFacts?) {
            self.title = title
            self.manager = manager
            self.managerFirstName = managerFirstName
            self.managerAddress = managerAddress
            self.facts = facts
        }
    }

    func openingWords(_ item: Recommendation) -> OpeningWords? {
        guard let opening = item.opening else { return nil }
        if let everyOpeningWords, let known = everyOpeningWords[opening] { return known }
        return resolve(directory.openings[opening])
    }

    func resolve(_ facts: DraftDirectory.OpeningFacts?) -> OpeningWords {
        let manager = facts?.hiringManagerName?.onOneLine
        let address = facts.flatMap { facts -> MailAddress? in
            guard let name = facts.hiringManagerName, let email = facts.hiringManagerEmail else { return nil }
            return MailAddress(name: name, address: email)
        }
        return OpeningWords(title: facts.map(\.title.onOneLine), manager: manager, managerFirstName: manager.map(firstName),
                            managerAddress: address, facts: facts)
    }

    func common(_ item: Recommendation, _ opening: OpeningWords?) -> DraftValues {
        var values = DraftValues()
        values[.today] = today
        values[.client] = item.client.onOneLine
        let recruiter = recruiterName(item.recruiter)
        values[.recruiter] = recruiter.name
        values[.recruiterFirstName] = recruiter.firstName
        // The hiring manager by name: an address standing in for a missing name is never shown.
        if let manager = opening?.manager {
            values[.hiringManager] = manager
            values[.hiringManagerFirstName] = opening?.managerFirstName
        } else {
            let manager = item.hiringManager.flatMap { MailAddress.looksLikeAddress($0) ? nil : $0.onOneLine }
            values[.hiringManager] = manager ?? "the hiring manager"
            values[.hiringManagerFirstName] = manager.map(firstName) ?? "[add: name]"
        }
        return values
    }

    func addCandidate(_ item: Recommendation, _ name: String?, _ opening: OpeningWords?,
                              to values: inout DraftValues) {
        guard let email = item.candidate else { return }
        let display = name?.onOneLine ?? CandidateName.display(first: nil, last: nil, email: email)
        values[.candidate] = display
        values[.candidateFirstName] = firstName(display)
        if item.opening != nil {
            values[.opening] = opening?.title ?? "[add: the role's title]"
        }
    }

    func candidateAddress(_ item: Recommendation, _ values: DraftValues) -> MailAddress {
        MailAddress(name: values[.candidate], address: item.candidate)
    }

    /// How long a status check has waited, and on what (the follow-up chain's facts in the item's reason).
    func addWaiting(_ reason: Reason, to values: inout DraftValues) {
        let since: Day
        switch reason {
        case .followUpAfterDecisionDate(let decision, _, _):
            values[.decisionDate] = words(decision)
            since = decision
        case .followUpWithoutDecisionDate(let start, let startedBy, _, _):
            if startedBy == .interview { values[.interviewDate] = words(start) }
            since = start
        case .phoneCheck(let last, _, _), .followUpAgain(_, _, let last, _, _):
            values[.lastContactDate] = words(last)
            since = last
        default:
            return
        }
        values[.waitedSince] = words(since)
        values.set(.daysWaited, number: max(0, asOf.days(since: since)))
    }

    func recruiterName(_ recruiter: String?) -> (name: String, firstName: String) {
        let facts = recruiterFacts(recruiter)
        return (facts.name, facts.firstName)
    }

    func recruiterAddress(_ recruiter: String?) -> MailAddress { recruiterFacts(recruiter).address }

    func recruiterFacts(_ recruiter: String?) -> (name: String, firstName: String, address: MailAddress) {
        let key = recruiter ?? ""
        if let known = recruiters.withLock({ $0[key] }) { return known }
        let name = workOutRecruiterName(recruiter)
        let address = recruiter.flatMap { MailAddress.looksLikeAddress($0.onOneLine) ? $0.onOneLine.lowercased() : nil }
        let facts = (name, firstName(name), MailAddress(name: name == "[add: your name]" ? nil : name, address: address))
        recruiters.withLock { $0[key] = facts }
        return facts
    }

    func workOutRecruiterName(_ recruiter: String?) -> String {
        guard let recruiter = recruiter?.onOneLine, !recruiter.isEmpty else { return "[add: your name]" }
        if let name = directory.staff[recruiter.lowercased()] { return name.onOneLine }
        if MailAddress.looksLikeAddress(recruiter) { return CandidateName.display(first: nil, last: nil, email: recruiter) }
        return recruiter
    }

    /// Whom an hm-overload note goes to: the recruiters whose applications' contacts the hiring manager's week
    /// counted, each named and addressed as ``recruiterFacts(_:)`` gives them (staff only: a candidate is never
    /// among them), and their first names for the greeting ("Ana", "Ana and Ben", "Ana, Ben and Kim"; whole names
    /// when two share a first name). Nil when none is known.
    func overloadRecipients(_ recruiters: [String]) -> (to: [MailAddress], greeting: String)? {
        var to: [MailAddress] = []
        var names: [(name: String, firstName: String)] = []
        var seen = Set<String>()
        for recruiter in recruiters {
            let facts = recruiterFacts(recruiter)
            // Two spellings of one person (the same address, or the same name without one) are one recipient.
            guard seen.insert(facts.address.address ?? "name:" + facts.name.lowercased()).inserted else { continue }
            to.append(facts.address)
            names.append((facts.name, facts.firstName))
        }
        guard !to.isEmpty else { return nil }
        let firstNames = names.map(\.firstName)
        let shown = Set(firstNames.map { $0.lowercased() }).count == firstNames.count ? firstNames : names.map(\.name)
        let greeting = shown.count == 1 ? shown[0]
            : shown.dropLast().joined(separator: ", ") + " and " + shown[shown.count - 1]
        return (to, greeting)
    }

    func managerAddress(_ item: Recommendation, _ opening: OpeningWords?) -> MailAddress {
        if let known = opening?.managerAddress { return known }
        let facts = opening?.facts
        let name = facts?.hiringManagerName ?? item.hiringManager.flatMap { MailAddress.looksLikeAddress($0) ? nil : $0 }
        let address = facts?.hiringManagerEmail
            ?? item.hiringManager.flatMap { MailAddress.looksLikeAddress($0) ? $0 : nil }
        return MailAddress(name: name ?? (address == nil ? "Hiring manager at \(item.client.onOneLine)" : nil),
                           address: address)
    }

    // MARK: Words

    /// "Friday 13 November", with the year when it is not the queue's.
    func words(_ day: Day) -> String {
        let offset = day.days(since: wordsFrom)
        return offset >= 0 && offset < dayWords.count ? dayWords[offset] : spell(day)
    }

    func spell(_ day: Day) -> String {
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
        if clean.utf8.first == UInt8(ascii: "[") { return clean }
        // One space between words, none first (`onOneLine`): the first word ends at the first space. Found by bytes
        // when the text up to it and the byte after it are ASCII (the space is then a character of its own).
        var ascii = true
        if let space = clean.utf8.firstIndex(where: { byte in
            if byte >= 0x80 { ascii = false }
            return byte == 0x20 || byte >= 0x80
        }), ascii {
            let next = clean.utf8.index(after: space)
            if next == clean.utf8.endIndex || clean.utf8[next] < 0x80 { return String(clean.utf8[..<space])! }
        } else if ascii {
            return clean
        }
        guard let space = clean.firstIndex(of: " ") else { return clean }
        return String(clean[..<space])
    }
}
