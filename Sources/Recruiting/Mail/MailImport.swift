import Foundation
import Mail
import Policies

/// What `recruit import mail` did: counts only (MAIL.md; the audit trail gets the same counts).
public struct MailImportReport: Sendable, Equatable {
    public var read = 0
    /// Activities recorded, by type (`interview`, `hm_reply`, `thank_you`, `follow_up`, `keep_in_mind`, `check_back`).
    public var recorded: [String: Int] = [:]
    var interviewsMoved = 0
    var interviewsCancelled = 0
    var alreadyKnown = 0
    var notActivities = 0
    var forReview = 0
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
        // Held as bytes in a few large blocks (the run's ``MailFactsStore``) and ordered through a list of small keys.
        var reading = MailReading(directory: run.directory, timeZone: agency.timeZone, limits: limits)
        func flush() throws {
            try reading.flush(connection) { outcome in
                switch outcome {
                case .unreadable(let problem):
                    report.unreadable += 1
                    report.problems.append(problem)
                case .known: report.alreadyKnown += 1
                case .facts(let f): run.store.append(f)
                }
            }
        }
        try MailSources.forEach(paths, limits: limits, standardInput: standardInput) { item in
            report.read += 1
            if reading.add(item) { try flush() }
        }
        try flush()
        // 2. In the order of their Date, ties in input order (MAIL.md "Input").
        run.store.sortKeys()
        #if os(Linux)
        _ = mallocTrim(0)  // what reading and parsing freed, back to the system before the placing
        #endif
        return try connection.transaction {
            try run.loadInvitations()
            // Sized once for about one activity a message: growing by doubling would hold two copies at a time.
            run.reserve(run.store.count)
            for i in 0..<run.store.count {
                try run.place(run.store.facts(i), report: &report)
                #if os(Linux)
                if i % 16384 == 16383 { _ = mallocTrim(0) }  // what placing freed (each message's facts read back)
                #endif
            }
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
    /// The facts of the run's messages; the planned activities and placements point into it.
    var store = MailFactsStore()
    var planned: [PlannedActivity] = []
    /// Each message placed: its place in ``store``, its day and applications.
    var placements: [(message: Int32, day: Day, applications: [Int64])] = []
    /// The `with` names of the planned activities, and the placements' lists of applications, each list kept once.
    var withNames: [[String]: [String]] = [:]
    var applicationLists: [[Int64]: [Int64]] = [:]
    var review: [(MailFacts, String)] = []
    /// Invitations: (uid, application) to the planned activity's index, or the stored row.
    var invitations: [String: (sequence: Int, planned: Int?, storedActivity: Int64?, cancelled: Bool)] = [:]
    /// The stored invitations of the run's UIDs, by uid and application (``loadInvitations()``); nil: each is read
    /// when it is needed.
    var storedInvitations: [String: (sequence: Int, activity: Int64?, cancelled: Bool)]?
    var deletions: [Int64] = []
    var invitationUpdates: [(uid: String, application: Int64, sequence: Int, planned: Int?, cancelled: Bool)] = []

    init(connection: Connection, policies: AgencyPolicies) throws {
        self.connection = connection
        self.policies = policies
        directory = try MailDirectory(connection, policy: policies.agency)
    }

    // Over 60 lines: MAIL.md's two steps (which applications, then what activity) in the order the rule book gives.
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
        for (i, activity) in made.enumerated() {
            report.recorded[activity.type.rawValue, default: 0] += 1
            if let shared = withNames[activity.with] { made[i].with = shared } else { withNames[activity.with] = activity.with }
        }
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
        var ids = applications.map(\.id)
        if let shared = applicationLists[ids] { ids = shared } else { applicationLists[ids] = ids }
        placements.append((message.stored, day, ids))
        placedThreads[message.identity] = ids
    }

    mutating func toReview(_ message: MailFacts, _ reason: String, _ report: inout MailImportReport) {
        report.forReview += 1
        review.append((message, reason))
    }

    /// Reads the stored state of every invitation UID among the run's messages, once (MAIL.md "What activity it
    /// is", rule 1: a re-sent invitation moves the interview, a cancelled one removes it).
    mutating func loadInvitations() throws {
        var stored: [String: (sequence: Int, activity: Int64?, cancelled: Bool)] = [:]
        let uids = Array(store.invitationUIDs)
        var start = 0
        while start < uids.count {
            let chunk = Array(uids[start..<min(uids.count, start + 20_000)])
            start += chunk.count
            for row in try connection.query(
                "SELECT uid, application_id, sequence, activity_id, cancelled FROM mail_invitations WHERE uid = ANY($1::text[])",
                [PostgresArray.text(chunk)]).rows {
                guard let uid = row[0], let app = row[1], let seq = row[2].flatMap({ Int($0) }) else { continue }
                stored[uid + "\u{1F}" + app] = (seq, row[3].flatMap { Int64($0) }, row[4] == "t")
            }
        }
        storedInvitations = stored
    }

    /// The note of a planned activity: its message's Subject, and `[mail TAG]`, so two messages are two activities.
    func note(_ activity: PlannedActivity) -> String {
        let (_, tag, subject) = store.identity(Int(activity.message))
        return Self.note(subject: subject, tag: tag)
    }

    /// A planned activity as `recruit log` records it.
    func entry(_ activity: PlannedActivity) -> ActivityLog.Entry {
        ActivityLog.Entry(candidate: activity.application.candidate, opening: activity.application.opening,
                          date: activity.day.description, type: activity.type.rawValue, by: activity.by.rawValue,
                          with: activity.with.isEmpty ? nil : activity.with.joined(separator: ";"), channel: "email",
                          note: note(activity))
    }

    /// Room for `messages` messages' placements and activities.
    mutating func reserve(_ messages: Int) {
        planned.reserveCapacity(messages)
        placements.reserveCapacity(messages)
        seen.reserveCapacity(messages)
        placedThreads.reserveCapacity(messages)
    }

    /// Rule 1: applications of an earlier placed message that this one answers or references.
    func threadApplications(_ message: MailFacts) throws -> [Int64] {
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
