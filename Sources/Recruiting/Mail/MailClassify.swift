import Foundation
import Mail
import Policies

/// What activity a message is (MAIL.md "What activity it is"): invitations, replies, thank-yous and the rest, and
/// each application's timeline as this run grows it.
extension MailRun {
    /// Rule 1 of "What activity it is": an invitation (REQUEST) naming the candidate, or its cancellation.
    /// - Returns: whether the message carried an invitation for this application (made, moved, cancelled or known).
    mutating func invitation(_ message: MailFacts, _ application: MailDirectory.Application, day: Day,
                                     report: inout MailImportReport, into made: inout [PlannedActivity]) throws -> Bool {
        let d = directory
        for event in message.events {
            let people = event.attendees + (event.organizer.map { [$0] } ?? [])
            guard people.contains(where: { $0.address.lowercased() == application.candidate }) else { continue }
            let method = event.method ?? "REQUEST"
            let key = event.uid.map { $0 + "\u{1F}" + String(application.id) }
            let prior = try key.flatMap { try priorInvitation($0, uid: event.uid!, application: application.id) }
            if method == "CANCEL" || event.status == "CANCELLED" {
                guard let key, let prior, !prior.cancelled else { continue }
                remove(prior)
                invitations[key] = (prior.sequence, nil, nil, true)
                invitationUpdates.append((event.uid!, application.id, max(prior.sequence, event.sequence), nil, true))
                report.interviewsCancelled += 1
                return true
            }
            guard method == "REQUEST", let start = event.start, let eventDay = self.day(of: start) else { continue }
            if let prior, !prior.cancelled {
                if prior.sequence >= event.sequence { report.alreadyKnown += 1; return true }
                remove(prior)
                report.interviewsMoved += 1
            }
            let with = people.filter { d.isClientSide($0.address.lowercased(), of: application) }
                .map { $0.commonName ?? $0.address.lowercased() }
            var activity = PlannedActivity(application: application, day: eventDay, type: .interview, by: .client,
                                           with: with, message: message.stored)
            if let uid = event.uid { activity.invitation = (uid, event.sequence) }
            made.append(activity)
            return true
        }
        return false
    }

    func priorInvitation(_ key: String, uid: String, application: Int64) throws
        -> (sequence: Int, planned: Int?, storedActivity: Int64?, cancelled: Bool)? {
        if let known = invitations[key] { return known }
        if let stored = storedInvitations {
            return stored[key].map { ($0.sequence, nil, $0.activity, $0.cancelled) }
        }
        let rows = try connection.query(
            "SELECT sequence, activity_id, cancelled FROM mail_invitations WHERE uid = $1 AND application_id = $2",
            [uid, String(application)]).rows
        guard let row = rows.first, let seq = row[0].flatMap({ Int($0) }) else { return nil }
        return (seq, nil, row[1].flatMap { Int64($0) }, row[2] == "t")
    }

    mutating func remove(_ prior: (sequence: Int, planned: Int?, storedActivity: Int64?, cancelled: Bool)) {
        if let index = prior.planned {
            planned[index].removed = true
            planned[index].invitation = nil
            let application = planned[index].application.id
            if case .some(.some(var timeline)) = timelines[application] {
                timelines[application] = nil  // one owner while it changes: no copy of the activities
                timeline.activities.removeAll { $0.sequence == PlannedActivity.firstSequence + index }
                timelines[application] = .some(timeline)
            }
        }
        if let stored = prior.storedActivity { deletions.append(stored) }
    }

    /// DTSTART's day in the agency's time zone; a DATE as it is; a TZID the system does not know, as written.
    func day(of start: CalendarEvent.Start) -> Day? {
        let zone = policies.agency.timeZone
        switch start {
        case let .date(y, m, d): return Day(year: y, month: m, day: d)
        case let .utc(y, m, d, hh, mi, ss): return convert(y, m, d, hh, mi, ss, from: TimeZone(identifier: "UTC")!, to: zone)
        case let .local(y, m, d, hh, mi, ss, tzid):
            guard let tzid, let source = TimeZone(identifier: tzid) else { return Day(year: y, month: m, day: d) }
            return convert(y, m, d, hh, mi, ss, from: source, to: zone)
        }
    }

    func convert(_ y: Int, _ m: Int, _ d: Int, _ hh: Int, _ mi: Int, _ ss: Int, from: TimeZone, to: TimeZone) -> Day? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = from
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d, hour: hh, minute: mi, second: ss)) else { return nil }
        calendar.timeZone = to
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return Day(year: c.year!, month: c.month!, day: c.day!)
    }

    /// Rules 2 and 3 of "What activity it is".
    // Over 60 lines: MAIL.md's rules 2 and 3 in the order the spec gives them, read side by side with it.
    mutating func classify(_ message: MailFacts, _ application: MailDirectory.Application, day: Day) throws -> PlannedActivity? {
        let d = directory
        guard let sender = message.sender else { return nil }
        let from = sender.key
        let recipients = message.recipients
        func make(_ type: ActivityType, _ by: Party, _ with: [String]) -> PlannedActivity {
            PlannedActivity(application: application, day: day, type: type, by: by, with: with,
                            message: message.stored)
        }
        if d.isClientSide(from) {
            guard recipients.contains(where: { d.isAgency($0.key) || d.isCandidate($0.key) }) else { return nil }
            return make(.hmReply, .client, [Self.name(sender)])
        }
        let fromCandidate = from == application.candidate
        guard fromCandidate || d.isAgency(from) else { return nil }
        let clientRecipients = recipients.filter { d.isClientSide($0.key, of: application) || d.isClientSide($0.key) }
        guard !clientRecipients.isEmpty else { return nil }
        let party: Party = fromCandidate ? .candidate : .recruiter
        let policy = policies.policy(forClient: application.client)
        guard let timeline = try runTimeline(application) else {
            return make(.followUp, party, clientRecipients.map(Self.name))
        }
        // `timeline` holds the stored facts and what this run decided before this message, in date order; facts
        // after the day are ignored by each reading below.
        let facts = timeline.activities
        let endOfDay = Self.upperBound(facts, day)

        if fromCandidate {
            let earliest = day.adding(days: -policy.thankYouDays)
            var thanked: [String] = []
            var keysOf: [[String]: Set<String>] = [:]
            let recipientKeys = clientRecipients.map { (Self.name($0), Self.personKey(Self.name($0)), Self.personKey($0.key), $0.key) }
            let distinctNames = Set(recipientKeys.map(\.0)).count
            var k = endOfDay - 1
            // Until every recipient is found among the interviewers (then the answer cannot change).
            while k >= 0, facts[k].date >= earliest, thanked.count < distinctNames {
                let interview = facts[k]
                k -= 1
                guard interview.type == .interview else { continue }
                let interviewers = interview.with.isEmpty ? [timeline.opening.hiringManager].compactMap { $0 } : interview.with
                let keys = keysOf[interviewers] ?? Set(interviewers.map(Self.personKey))
                keysOf[interviewers] = keys
                for (name, nameKey, addressKey, address) in recipientKeys {
                    let matches = keys.contains(nameKey) || keys.contains(addressKey)
                        || (interview.with.isEmpty && address == application.hiringManagerEmail)
                    if matches, !thanked.contains(name) { thanked.append(name) }
                }
            }
            if !thanked.isEmpty { return make(.thankYou, .candidate, thanked.sorted { a, b in
                (clientRecipients.firstIndex { Self.name($0) == a } ?? 0) < (clientRecipients.firstIndex { Self.name($0) == b } ?? 0)
            }) }
        }
        // Decisions are stored facts only (mail records none): their first days, read once per application.
        let decided = decisions[application.id] ?? (nil, nil)
        let rejected = decided.rejected.map { $0 < day } == true
            || (timeline.application.stage == .rejected && (timeline.application.stageDate.map { $0 < day } ?? true))
        let hired = decided.hired.map { $0 <= day } == true || timeline.application.stage == .hired
        let filled = timeline.opening.filledOn.map { $0 < day } ?? false
        if rejected || (filled && !hired) { return make(.keepInMind, party, []) }

        // Judged as over-contact is (reading 13): the facts before the day and the outbound contacts recorded
        // earlier that day. Only when the day holds something else is a copy made without it.
        let sameDayOther = facts[Self.lowerBound(facts, day)..<endOfDay].contains { $0.type != .followUp && $0.type != .phoneCheck }
        var judged = timeline
        if sameDayOther {
            judged.activities = facts.filter { $0.date < day || ($0.date == day && ($0.type == .followUp || $0.type == .phoneCheck)) }
        }
        if let letGo = judged.followUpChain(asOf: day, policy: policy).letGo, letGo.day <= day,
           letGo.day.adding(months: policy.checkBackMonths) <= day {
            return fromCandidate ? make(.followUp, .candidate, clientRecipients.map(Self.name))
                : make(.checkBack, .recruiter, clientRecipients.map(Self.name))
        }
        return make(.followUp, party, clientRecipients.map(Self.name))
    }

    /// The index of the first activity dated after `day` (activities in date order).
    static func upperBound(_ facts: [Activity], _ day: Day) -> Int {
        var low = 0, high = facts.count
        while low < high { let mid = (low + high) / 2; if facts[mid].date <= day { low = mid + 1 } else { high = mid } }
        return low
    }

    /// The index of the first activity dated on or after `day`.
    static func lowerBound(_ facts: [Activity], _ day: Day) -> Int {
        var low = 0, high = facts.count
        while low < high { let mid = (low + high) / 2; if facts[mid].date < day { low = mid + 1 } else { high = mid } }
        return low
    }

    static func personKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// The application's stored facts with every date (read once per run) and the activities this run decided
    /// so far, in date order, ties in recording order. Nil when the application has no timeline to read.
    mutating func runTimeline(_ application: MailDirectory.Application) throws -> Timeline? {
        if timelines[application.id] == nil {
            var found: Timeline?
            try TimelineReader.forEach(connection, asOf: Day(year: 9999, month: 12, day: 31),
                                       scope: TimelineScope(candidate: application.candidate, opening: application.opening)) { _, t in
                found = t
            }
            timelines[application.id] = .some(found)
            let activities = found?.activities ?? []
            decisions[application.id] = (activities.lazy.filter { $0.type == .rejected }.map(\.date).min(),
                                         activities.lazy.filter { $0.type == .hired }.map(\.date).min())
        }
        return timelines[application.id] ?? nil
    }

    /// Adds an activity the run decided to its application's timeline, in its place.
    mutating func insert(_ activity: Activity, into application: MailDirectory.Application) throws {
        guard var timeline = try runTimeline(application) else { return }
        timelines[application.id] = nil  // one owner while it changes: no copy of the activities
        let at = Self.upperBound(timeline.activities, activity.date)
        timeline.activities.insert(activity, at: at)
        timelines[application.id] = .some(timeline)
    }
}
