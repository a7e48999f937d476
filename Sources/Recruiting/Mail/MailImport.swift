import Foundation
import Mail
import Policies

/// What `recruit import mail` did: counts only (MAIL.md; the audit trail gets the same counts).
public struct MailImportReport: Sendable, Equatable {
    public var read = 0
    /// Activities recorded, by type (`interview`, `hm_reply`, `thank_you`, `follow_up`, `keep_in_mind`, `check_back`).
    public var recorded: [String: Int] = [:]
    public var interviewsMoved = 0
    public var interviewsCancelled = 0
    public var alreadyKnown = 0
    public var notActivities = 0
    public var forReview = 0
    public var unreadable = 0
    public var dryRun = false
    /// Each unreadable message: file and byte position, and why (never its content).
    public var problems: [String] = []

    /// The closing lines of the command.
    public var summary: String {
        let types = ["interview", "hm_reply", "thank_you", "follow_up", "keep_in_mind", "check_back"]
        let total = recorded.values.reduce(0, +)
        var lines = ["\(dryRun ? "dry run: would record" : "recorded") \(total) activit\(total == 1 ? "y" : "ies") from \(read) message\(read == 1 ? "" : "s") read"]
        let perType = types.map { "\($0) \(recorded[$0] ?? 0)" }.joined(separator: ", ")
        lines.append("  activities: \(perType)")
        if interviewsMoved > 0 || interviewsCancelled > 0 {
            lines.append("  interviews moved \(interviewsMoved), cancelled \(interviewsCancelled)")
        }
        lines.append("  already known \(alreadyKnown), not activities \(notActivities), for review \(forReview), unreadable \(unreadable)")
        if forReview > 0 { lines.append("  recruit mail review lists the messages to place by hand") }
        return lines.joined(separator: "\n")
    }
}

/// The facts of one message that MAIL.md's rules read; the body is gone once its mentions are found. Kept for every
/// message of a run until it is placed (they are placed in Date order), so kept small: the parties' strings are
/// shared between messages, the mentions are the directory's own strings.
struct MailFacts {
    let identity: String
    /// Where the message came from: its file, and its first byte there when it is one of an mbox's.
    let file: String
    let offset: Int?
    let order: Int
    /// The Date header's instant (seconds since 1970, UTC); nil without a usable one.
    let sentAt: Int64?
    var day: Day?
    let subject: String?
    var sender: Mailbox?
    var recipients: [Mailbox]
    let threadIDs: [String]
    let mentionedCandidates: [String]
    let mentionedOpenings: [String]
    let events: [CalendarEvent]
    /// The first 12 hex digits of the identity's SHA-256 (a string kept inline): the note of each activity the
    /// message makes ends with `[mail TAG]`, so two messages are two activities.
    let tag: String

    init(identity: String, file: String, offset: Int? = nil, order: Int, sentAt: Int64?, day: Day?, subject: String?,
         sender: Mailbox?, recipients: [Mailbox], threadIDs: [String], mentionedCandidates: [String],
         mentionedOpenings: [String], events: [CalendarEvent], tag: String? = nil) {
        (self.identity, self.file, self.offset, self.order, self.sentAt, self.day) = (identity, file, offset, order, sentAt, day)
        (self.subject, self.sender, self.recipients, self.threadIDs) = (subject, sender, recipients, threadIDs)
        (self.mentionedCandidates, self.mentionedOpenings, self.events) = (mentionedCandidates, mentionedOpenings, events)
        self.tag = tag ?? String(SHA256.hex(Array(identity.utf8)).prefix(12))
    }

    /// A message already placed: nothing held.
    static let placed = MailFacts(identity: "", file: "", order: 0, sentAt: nil, day: nil, subject: nil, sender: nil,
                                  recipients: [], threadIDs: [], mentionedCandidates: [], mentionedOpenings: [],
                                  events: [], tag: "")

    /// `FILE` for a file of its own, `FILE: byte N` inside an mbox.
    var source: String { offset.map { "\(file): byte \($0)" } ?? file }

    var parties: [Mailbox] { (sender.map { [$0] } ?? []) + recipients }
}

/// One `Mailbox` per distinct address and name among a run's messages, so that the facts held until the run ends
/// share their strings (up to a bound: a mailbox of strangers is not kept twice).
struct MailboxTable {
    private struct Key: Hashable { let address: String; let name: String? }
    private var table: [Key: Mailbox] = [:]

    mutating func shared(_ mailbox: Mailbox) -> Mailbox {
        let key = Key(address: mailbox.address, name: mailbox.name)
        if let known = table[key] { return known }
        if table.count < 100_000 { table[key] = mailbox }
        return mailbox
    }

    mutating func share(_ facts: inout MailFacts) {
        if let sender = facts.sender { facts.sender = shared(sender) }
        if !facts.recipients.isEmpty { facts.recipients = facts.recipients.map { shared($0) } }
    }
}

/// One activity a message makes, before it is written.
struct PlannedActivity {
    let application: MailDirectory.Application
    let day: Day
    let type: ActivityType
    let by: Party
    let with: [String]
    /// The message's Subject (its facts' string, shared) and tag: the note is made from them when it is written.
    let subject: String?
    let tag: String
    var invitation: (uid: String, sequence: Int)?
    var removed = false

    /// The note: the Subject, and `[mail TAG]`, so two messages are two activities.
    var note: String { MailRun.note(subject: subject, tag: tag) }

    var entry: ActivityLog.Entry {
        ActivityLog.Entry(candidate: application.candidate, opening: application.opening, date: day.description,
                          type: type.rawValue, by: by.rawValue, with: with.isEmpty ? nil : with.joined(separator: ";"),
                          channel: "email", note: note)
    }

    /// The activity as the rule book sees it; `index` (its place in the run) orders it after the stored facts of
    /// its day and identifies it in the run's timelines.
    func policyActivity(index: Int) -> Activity {
        Activity(date: day, type: type, by: by, with: with, channel: .email, sequence: PlannedActivity.firstSequence + index)
    }

    static let firstSequence = Int.max / 2
}

#if os(Linux)
/// glibc's `malloc_trim` (malloc.h, which the Glibc module does not carry): free pages back to the system.
@_silgen_name("malloc_trim") private func mallocTrim(_ pad: Int) -> Int32
#endif

/// `recruit import mail`: MAIL.md's rules over the agency's mail.
public enum MailImport {
    /// Reads `paths` and records the activities their messages make, all in one transaction (none on a dry run).
    /// - Throws: ``MailImportError`` for a path that cannot be read (nothing written), or a database error.
    public static func run(_ connection: Connection, paths: [String], dryRun: Bool = false, actor: String?,
                           standardInput: FileHandle = .standardInput, limits: Limits = .standard) throws -> MailImportReport {
        try MailSources.check(paths)
        var report = MailImportReport()
        report.dryRun = dryRun
        let policies = try PolicyStore.load(connection)
        let agency = policies.agency
        var run = try MailRun(connection: connection, policies: policies)

        // 1. Read every message into its facts, bodies dropped as soon as their mentions are found. Messages come
        // in batches: each one's identity is read from its header block, the identities earlier runs stored are
        // looked up once per batch (a message already known is not parsed further), and the others are parsed on
        // every core.
        // Held in chunks (no reallocation of the whole as they grow) and ordered through a list of small keys.
        var facts: [[MailFacts]] = []
        var keys: [(sentAt: Int64?, order: Int, chunk: Int32, index: Int32)] = []
        var mailboxes = MailboxTable()
        var reading = MailReading(directory: run.directory, timeZone: agency.timeZone, limits: limits)
        func flush() throws {
            try reading.flush(connection) { outcome in
                switch outcome {
                case .unreadable(let problem):
                    report.unreadable += 1
                    report.problems.append(problem)
                case .known: report.alreadyKnown += 1
                case .facts(var f):
                    mailboxes.share(&f)
                    if facts.last.map({ $0.count >= 4096 }) ?? true { facts.append([]); facts[facts.count - 1].reserveCapacity(4096) }
                    keys.append((f.sentAt, f.order, Int32(facts.count - 1), Int32(facts[facts.count - 1].count)))
                    facts[facts.count - 1].append(f)
                }
            }
        }
        try MailSources.forEach(paths, limits: limits, standardInput: standardInput) { item in
            report.read += 1
            if reading.add(item) { try flush() }
        }
        try flush()
        // 2. In the order of their Date, ties in input order (MAIL.md "Input").
        keys.sort { a, b in
            switch (a.sentAt, b.sentAt) {
            case let (x?, y?): return x != y ? x < y : a.order < b.order
            case (nil, nil): return a.order < b.order
            case (_?, nil): return true
            case (nil, _?): return false
            }
        }
        return try connection.transaction {
            // Each message's facts are let go once it is placed (memory: the planned activities grow meanwhile).
            // Sized once for about one activity a message: growing by doubling would hold two copies at a time.
            run.reserve(keys.count)
            for (n, key) in keys.enumerated() {
                let (c, i) = (Int(key.chunk), Int(key.index))
                let message = facts[c][i]
                facts[c][i] = .placed
                try run.place(message, report: &report)
                #if os(Linux)
                if n % 16384 == 16383 { _ = mallocTrim(0) }  // the placed messages' memory back as the run goes
                #endif
            }
            facts = []
            keys = []
            #if os(Linux)
            _ = mallocTrim(0)  // the facts' memory back to the system before the writing
            #endif
            if !dryRun { try run.write(actor: actor, report: report) }
            return report
        }
    }
}

/// One run's state: the directory, what earlier runs stored, and what this run decided so far.
struct MailRun {
    let connection: Connection
    let policies: AgencyPolicies
    let directory: MailDirectory
    var seen: Set<String> = []
    /// Each application's stored timeline, read once per run with every fact; filtered by day where it is used.
    var timelines: [Int64: Timeline?] = [:]
    var placedThreads: [String: [Int64]] = [:]
    /// Each application's first rejection and first hire among its stored facts.
    var decisions: [Int64: (rejected: Day?, hired: Day?)] = [:]
    var planned: [PlannedActivity] = []
    var placements: [(identity: String, day: Day, applications: [Int64], tag: String)] = []
    var review: [(MailFacts, String)] = []
    /// Invitations: (uid, application) to the planned activity's index, or the stored row.
    var invitations: [String: (sequence: Int, planned: Int?, storedActivity: Int64?, cancelled: Bool)] = [:]
    var deletions: [Int64] = []
    var invitationUpdates: [(uid: String, application: Int64, sequence: Int, planned: Int?, cancelled: Bool)] = []

    init(connection: Connection, policies: AgencyPolicies) throws {
        self.connection = connection
        self.policies = policies
        directory = try MailDirectory(connection, policy: policies.agency)
    }

    mutating func place(_ message: MailFacts, report: inout MailImportReport) throws {
        guard !seen.contains(message.identity) else {
            report.alreadyKnown += 1
            return
        }
        seen.insert(message.identity)
        let d = directory
        let parties = message.parties.map(\.key)
        let invitationCandidates = Set(message.events.flatMap { e in
            (e.attendees + (e.organizer.map { [$0] } ?? [])).map { $0.address.lowercased() }
        }.filter(d.isCandidate))
        let counts = (parties.contains(where: d.isClientSide)
                      && parties.contains { d.isAgency($0) || d.isCandidate($0) }) || !invitationCandidates.isEmpty
        guard counts else { report.notActivities += 1; return }
        guard let day = message.day else { return toReview(message, "no usable Date header", &report) }

        // Which applications (MAIL.md "Which application a message is about").
        var applications: [MailDirectory.Application] = []
        let threaded = try threadApplications(message)
        if !threaded.isEmpty {
            applications = threaded.compactMap { d.applications[$0] }
        } else {
            let named = Set(parties.filter(d.isCandidate)).union(message.mentionedCandidates).union(invitationCandidates)
            guard !named.isEmpty else { return toReview(message, "no candidate named", &report) }
            for candidate in named.sorted() {
                let theirs = d.applicationsByCandidate[candidate] ?? []
                let byOpening = theirs.filter { message.mentionedOpenings.contains($0.opening) }
                if byOpening.count == 1 { applications.append(byOpening[0]); continue }
                let byParties = theirs.filter { a in parties.contains { d.isClientSide($0, of: a) } }
                if byOpening.isEmpty, byParties.count == 1 { applications.append(byParties[0]); continue }
                let why = theirs.isEmpty ? "has no application"
                    : "has \(theirs.count) application\(theirs.count == 1 ? "" : "s") and the message names none of them for certain"
                return toReview(message, "\(candidate) \(why)", &report)
            }
        }
        // What activity, for each application (MAIL.md "What activity it is").
        var made: [PlannedActivity] = []
        var madeAny = false
        for application in applications {
            if try invitation(message, application, day: day, report: &report, into: &made) { madeAny = true; continue }
            if let activity = try classify(message, application, day: day) { made.append(activity) }
        }
        if made.isEmpty && !madeAny { report.notActivities += 1; return }
        for activity in made { report.recorded[activity.type.rawValue, default: 0] += 1 }
        let start = planned.count
        for (i, activity) in made.enumerated() {
            try insert(activity.policyActivity(index: start + i), into: activity.application)
        }
        planned += made
        for (i, activity) in made.enumerated() where activity.invitation != nil {
            let key = activity.invitation!.uid + "\u{1F}" + String(activity.application.id)
            invitations[key] = (activity.invitation!.sequence, start + i, nil, false)
            invitationUpdates.append((activity.invitation!.uid, activity.application.id, activity.invitation!.sequence,
                                      start + i, false))
        }
        let ids = applications.map(\.id)
        placements.append((message.identity, day, ids, message.tag))
        placedThreads[message.identity] = ids
    }

    private mutating func toReview(_ message: MailFacts, _ reason: String, _ report: inout MailImportReport) {
        report.forReview += 1
        review.append((message, reason))
    }

    /// Room for `messages` messages' placements and activities.
    mutating func reserve(_ messages: Int) {
        planned.reserveCapacity(messages)
        placements.reserveCapacity(messages)
        seen.reserveCapacity(messages)
        placedThreads.reserveCapacity(messages)
    }

    /// Rule 1: applications of an earlier placed message that this one answers or references.
    private func threadApplications(_ message: MailFacts) throws -> [Int64] {
        var ids: [Int64] = []
        var stored: [String] = []
        for id in message.threadIDs {
            if let placed = placedThreads[id] { ids += placed } else { stored.append(id) }
        }
        if !stored.isEmpty {
            for row in try connection.query("SELECT unnest(application_ids) FROM mail_messages WHERE identity = ANY($1::text[])",
                                            [PostgresArray.text(stored)]).rows {
                if let text = row[0], let id = Int64(text) { ids.append(id) }
            }
        }
        var unique: [Int64] = []
        for id in ids where !unique.contains(id) { unique.append(id) }
        return unique
    }

    /// The note: the Subject, and the message's identity in short, so two messages are two activities.
    static func note(subject: String?, tag: String) -> String {
        let tag = "[mail " + tag + "]"
        guard var subject else { return tag }
        // Trimmed as Foundation trims white space and line breaks; most subjects start and end with a visible ASCII
        // character and need nothing.
        let scalars = subject.unicodeScalars
        if !(scalars.first.map { $0.value > 0x20 && $0.value < 0x7F } == true && scalars.last.map { $0.value > 0x20 && $0.value < 0x7F } == true) {
            subject = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard !subject.isEmpty else { return tag }
        return subject + " " + tag
    }

    static func name(_ mailbox: Mailbox) -> String { mailbox.name ?? mailbox.key }

    /// Seconds since 1970 as a `timestamptz` literal in UTC.
    static func timestamp(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))+00"
    }

    /// Rule 1 of "What activity it is": an invitation (REQUEST) naming the candidate, or its cancellation.
    /// - Returns: whether the message carried an invitation for this application (made, moved, cancelled or known).
    private mutating func invitation(_ message: MailFacts, _ application: MailDirectory.Application, day: Day,
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
                                           with: with, subject: message.subject, tag: message.tag)
            if let uid = event.uid { activity.invitation = (uid, event.sequence) }
            made.append(activity)
            return true
        }
        return false
    }

    private func priorInvitation(_ key: String, uid: String, application: Int64) throws
        -> (sequence: Int, planned: Int?, storedActivity: Int64?, cancelled: Bool)? {
        if let known = invitations[key] { return known }
        let rows = try connection.query(
            "SELECT sequence, activity_id, cancelled FROM mail_invitations WHERE uid = $1 AND application_id = $2",
            [uid, String(application)]).rows
        guard let row = rows.first, let seq = row[0].flatMap({ Int($0) }) else { return nil }
        return (seq, nil, row[1].flatMap { Int64($0) }, row[2] == "t")
    }

    private mutating func remove(_ prior: (sequence: Int, planned: Int?, storedActivity: Int64?, cancelled: Bool)) {
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

    private func convert(_ y: Int, _ m: Int, _ d: Int, _ hh: Int, _ mi: Int, _ ss: Int, from: TimeZone, to: TimeZone) -> Day? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = from
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d, hour: hh, minute: mi, second: ss)) else { return nil }
        calendar.timeZone = to
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return Day(year: c.year!, month: c.month!, day: c.day!)
    }

    /// Rules 2 and 3 of "What activity it is".
    mutating func classify(_ message: MailFacts, _ application: MailDirectory.Application, day: Day) throws -> PlannedActivity? {
        let d = directory
        guard let sender = message.sender else { return nil }
        let from = sender.key
        let recipients = message.recipients
        func make(_ type: ActivityType, _ by: Party, _ with: [String]) -> PlannedActivity {
            PlannedActivity(application: application, day: day, type: type, by: by, with: with,
                            subject: message.subject, tag: message.tag)
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
    private mutating func runTimeline(_ application: MailDirectory.Application) throws -> Timeline? {
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
    private mutating func insert(_ activity: Activity, into application: MailDirectory.Application) throws {
        guard var timeline = try runTimeline(application) else { return }
        timelines[application.id] = nil  // one owner while it changes: no copy of the activities
        let at = Self.upperBound(timeline.activities, activity.date)
        timeline.activities.insert(activity, at: at)
        timelines[application.id] = .some(timeline)
    }

    /// Writes what the run decided (the caller's transaction holds it all).
    func write(actor: String?, report: MailImportReport, skipRecording: Bool = false) throws {
        if !deletions.isEmpty {
            try connection.query("DELETE FROM activities WHERE id = ANY($1::bigint[])", [PostgresArray.integers(deletions)])
        }
        let live = planned.indices.filter { !planned[$0].removed }
        if !skipRecording {
            // The activities, as `recruit log` records them (the activities file's cells as its importer reads
            // them: `with` names split at `;`, trimmed, spaces folded; an equal activity stored already is the same
            // one, natural key), in one statement per 20,000: each application's in the run's order. The rows
            // are the run's own (known applications, days, types), so the importer's checks have nothing to refuse.
            var start = 0
            while start < live.count {
                let chunk = live[start..<min(live.count, start + 20_000)].map { planned[$0] }
                start += chunk.count
                try connection.query(#"""
                    INSERT INTO activities (application_id, occurred_on, type, by, with_names, channel, note)
                    SELECT app, day::date, type::activity_type, by::party,
                           CASE WHEN btrim(w) = '' THEN '{}'::text[]
                                WHEN strpos(w, ';') = 0 THEN ARRAY[regexp_replace(btrim(w), '\s+', ' ', 'g')]
                                ELSE recruit_split_names(w) END,
                           'email'::contact_channel, note
                    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                         WITH ORDINALITY AS e(app, day, type, by, w, note, ord)
                    ORDER BY app, ord
                    ON CONFLICT ON CONSTRAINT activities_natural_key DO NOTHING
                    """#, [PostgresArray.integers(chunk.map(\.application.id)), PostgresArray.text(chunk.map(\.day.description)),
                          PostgresArray.text(chunk.map(\.type.rawValue)), PostgresArray.text(chunk.map(\.by.rawValue)),
                          PostgresArray.text(chunk.map { $0.with.joined(separator: ";") }), PostgresArray.text(chunk.map(\.note))])
            }
        }
        // The ids of the activities from mail, found by their application and the tag ending their note (the
        // message's identity): in a table of this transaction, joined to the messages and invitations below.
        let applicationIDs = Set(live.map { planned[$0].application.id })
        try connection.execute(script: "DROP TABLE IF EXISTS pg_temp.mail_made")
        try connection.query(#"""
            CREATE TEMP TABLE mail_made ON COMMIT DROP AS
            SELECT id, application_id, type, left(right(note, 13), 12) AS tag
            FROM activities WHERE application_id = ANY($1::bigint[]) AND note LIKE '%[mail ____________]'
            """#, [PostgresArray.integers(applicationIDs.sorted())])
        try connection.execute(script: "CREATE INDEX ON mail_made (tag, application_id); ANALYZE mail_made")
        // The messages placed, 20,000 a statement (their parameters are text: memory stays bounded).
        var start = 0
        while start < placements.count {
            let chunk = placements[start..<min(placements.count, start + 20_000)]
            start += chunk.count
            try connection.query("""
                WITH m AS (
                    SELECT identity, day::date AS day, apps::bigint[] AS apps, tag
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS m(identity, day, apps, tag)),
                ids AS (
                    SELECT m.identity, array_agg(made.id ORDER BY made.id) AS ids
                    FROM m JOIN mail_made made ON made.tag = m.tag AND made.application_id = ANY(m.apps)
                    GROUP BY m.identity)
                INSERT INTO mail_messages (identity, occurred_on, application_ids, activity_ids)
                SELECT m.identity, m.day, m.apps, coalesce(ids.ids, '{}') FROM m LEFT JOIN ids USING (identity)
                ON CONFLICT (identity) DO NOTHING
                """, [PostgresArray.text(chunk.map(\.identity)), PostgresArray.text(chunk.map(\.day.description)),
                      PostgresArray.text(chunk.map { PostgresArray.integers($0.applications) }),
                      PostgresArray.text(chunk.map { $0.tag })])
        }
        if !invitationUpdates.isEmpty {
            // The last update of each (uid, application) wins, as one statement per update would.
            var last: [String: Int] = [:]
            for (i, u) in invitationUpdates.enumerated() { last[u.uid + "\u{1F}" + String(u.application)] = i }
            let updates = last.values.sorted().map { invitationUpdates[$0] }
            let tags = updates.map { u in u.planned.map { planned[$0].removed ? "" : planned[$0].tag } ?? "" }
            try connection.query("""
                INSERT INTO mail_invitations (uid, application_id, sequence, activity_id, cancelled)
                SELECT u.uid, u.app, u.seq,
                       (SELECT max(made.id) FROM mail_made made
                        WHERE made.tag = nullif(u.tag, '') AND made.application_id = u.app AND made.type = 'interview'),
                       u.cancelled
                FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::boolean[]) AS u(uid, app, seq, tag, cancelled)
                ON CONFLICT (uid, application_id) DO UPDATE
                SET sequence = excluded.sequence, activity_id = excluded.activity_id, cancelled = excluded.cancelled
                """, [PostgresArray.text(updates.map(\.uid)), PostgresArray.integers(updates.map(\.application)),
                      PostgresArray.integers(updates.map { Int64($0.sequence) }), PostgresArray.text(tags),
                      "{" + updates.map { $0.cancelled ? "t" : "f" }.joined(separator: ",") + "}"])
        }
        for (message, reason) in review {
            try connection.query("""
                INSERT INTO mail_review (identity, reason, sent_at, subject, sender, sender_name, recipients,
                                         recipient_names, source)
                VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7::text[], $8::text[], $9) ON CONFLICT (identity) DO NOTHING
                """, [message.identity, reason, message.sentAt.map { MailRun.timestamp($0) }, message.subject, message.sender?.key,
                      message.sender?.name, PostgresArray.text(message.recipients.map(\.key)),
                      PostgresArray.text(message.recipients.map { $0.name ?? "" }), message.source])
        }
        if let actor {
            var detail = ["read": "\(report.read)", "already_known": "\(report.alreadyKnown)",
                          "not_activities": "\(report.notActivities)", "for_review": "\(report.forReview)",
                          "unreadable": "\(report.unreadable)", "interviews_moved": "\(report.interviewsMoved)",
                          "interviews_cancelled": "\(report.interviewsCancelled)"]
            for (type, count) in report.recorded { detail["recorded_" + type] = "\(count)" }
            try Audit.record(connection, actor: actor, action: "mail.import", detail: detail)
        }
    }
}

/// PostgreSQL array literals for parameters (`$1::text[]`), so lists travel as one parameter, never as SQL text.
enum PostgresArray {
    /// `{"a","b \"c\""}`: every element double-quoted, `\` and `"` escaped.
    static func text(_ items: [String]) -> String {
        var out = "{"
        out.reserveCapacity(items.reduce(2) { $0 + $1.utf8.count + 3 })
        for (i, item) in items.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            if item.utf8.contains(where: { $0 == 92 || $0 == 34 }) {  // \ or "
                for c in item.unicodeScalars {
                    if c == "\\" || c == "\"" { out += "\\" }
                    out.unicodeScalars.append(c)
                }
            } else {
                out += item
            }
            out += "\""
        }
        return out + "}"
    }

    static func integers(_ items: [Int64]) -> String { "{" + items.map(String.init).joined(separator: ",") + "}" }
}
