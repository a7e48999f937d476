import Foundation
import Policies

/// Where things stand with one client as of a day: what an account manager sends that client each week.
///
/// Every figure is computed here, once, so the text, Markdown, HTML and JSON renderings cannot disagree.
/// It holds only what the client may see (docs/summary.md): candidates by name, never their e-mail addresses or
/// phone numbers; no over-contact warnings; nothing about any other client except the agency-wide median reply time.
public struct ClientSummary: Sendable, Equatable, Encodable {
    /// The client's name as stored.
    public var client: String
    /// The day the summary is as of (T).
    public var asOf: Day
    /// The openings still in play (open, on hold or closed without a fill), active ones first.
    public var openings: [OpeningSummary]
    /// The roles filled on or before T, with their time to fill.
    public var filledRoles: [FilledRole]
    /// How fast this client answers, beside the agency's figure over all clients.
    public var responsiveness: Responsiveness

    /// The number of days back (inclusive of T) that count as "recent" interviews: T-13 ... T.
    static let recentInterviewDays = 14

    /// The headline figures over every listed opening, for the line at the top.
    public var atAGlance: (openings: Int, waiting: Int, promisesPassed: Int, recentInterviews: Int) {
        let live = openings.filter { $0.status != .closed }
        return (live.count, live.reduce(0) { $0 + $1.awaitingDecision.count },
                live.reduce(0) { $0 + $1.awaitingDecision.filter(\.promiseMissed).count },
                openings.reduce(0) { $0 + $1.recentInterviews.count })
    }
}

/// One opening as the client sees it.
public struct OpeningSummary: Sendable, Equatable, Encodable {
    /// The opening id (the client's job order number).
    public var id: String
    public var title: String
    /// The status as of T (Precise reading 5): `open`, `on_hold` or `closed` here (filled roles are listed apart).
    public var status: OpeningStatus
    /// The hiring manager's name; `nil` when only an e-mail is known (an address is never shown to the client).
    public var hiringManager: String?
    /// The day the opening was opened, or else the day the agency recorded it (see `openedOnRecorded`).
    public var openedOn: Day?
    /// True when `openedOn` is the day the agency recorded the opening because `opened_on` was not given.
    package var openedOnRecorded: Bool
    /// T - `openedOn`; `nil` when unknown, and for a closed opening.
    public var daysOpen: Int?
    /// Candidates by stage as of T.
    public var pipeline: Pipeline
    /// Candidates waiting on the client's decision, longest wait first.
    public var awaitingDecision: [AwaitingDecision]
    /// Interviews dated T-13 ... T, most recent first.
    public var recentInterviews: [RecentInterview]
    /// What the agency will do next on this opening, soonest first.
    public var nextSteps: [NextStep]
}

/// How many of an opening's candidates are at each stage as of T.
///
/// A candidate whose row still says `submitted` but who has had an interview counts as interviewing: that is
/// where a client would place them (the rules keep the stage as recorded, Precise reading 4).
public struct Pipeline: Sendable, Equatable, Encodable {
    public var submitted = 0
    public var interviewing = 0
    public var offered = 0
    public var hired = 0
    package var notSelected = 0
    public var withdrawn = 0

    public init(submitted: Int = 0, interviewing: Int = 0, offered: Int = 0, hired: Int = 0, notSelected: Int = 0,
                withdrawn: Int = 0) {
        self.submitted = submitted
        self.interviewing = interviewing
        self.offered = offered
        self.hired = hired
        self.notSelected = notSelected
        self.withdrawn = withdrawn
    }

    /// Every candidate ever put forward on the opening.
    public var total: Int { submitted + interviewing + offered + hired + notSelected + withdrawn }

    /// The stages in the order a client reads them, with the words a client uses.
    package var stages: [(label: String, count: Int)] {
        [("Submitted", submitted), ("Interviewing", interviewing), ("Offer out", offered), ("Hired", hired),
         ("Not selected", notSelected), ("Withdrawn", withdrawn)]
    }

    mutating func add(_ stage: Stage) {
        switch stage {
        case .submitted: submitted += 1
        case .interviewing: interviewing += 1
        case .offered: offered += 1
        case .hired: hired += 1
        case .rejected: notSelected += 1
        case .withdrawn: withdrawn += 1
        }
    }
}

/// A candidate waiting on the client's decision.
public struct AwaitingDecision: Sendable, Equatable, Encodable {
    /// The candidate's name as shown to the client (``CandidateName``).
    public var candidate: String
    /// What the decision is pending on: the latest `interview` or the submittal.
    package var waitingSince: Day
    public var since: Event
    /// T - `waitingSince`.
    package var daysWaiting: Int
    /// The decision date the hiring manager gave: the latest `hm_reply`'s `decision_by`, else the application's;
    /// `nil` when none was given or it is before `waitingSince` (overtaken by a later interview).
    public var promisedBy: Day?
    /// True when `promisedBy` is before T: the promise has passed.
    public var promiseMissed: Bool

    public enum Event: String, Sendable, Equatable, Encodable { case interview, submittal }
}

/// One interview in the last 14 days.
public struct RecentInterview: Sendable, Equatable, Encodable {
    public var date: Day
    public var candidate: String
    /// The interviewers named on the activity; empty when none were recorded.
    public var interviewers: [String]
}

/// One thing the agency will do next, in client-facing words.
public struct NextStep: Sendable, Equatable, Encodable {
    /// When: the rule's due day, or T when that day has already come.
    public var date: Day
    /// The rule (`follow-up`, `phone-check` or `check-back`).
    public var rule: String
    public var candidate: String
    /// The sentence shown to the client, e.g. "Check in with Dana Cho on the decision about Ana Ng".
    public var action: String
}

/// A role filled on or before T.
public struct FilledRole: Sendable, Equatable, Encodable {
    public var id: String
    public var title: String
    public var openedOn: Day?
    public var filledOn: Day?
    /// `filled_on` - `opened_on`; `nil` when either is unknown.
    public var daysToFill: Int?
    /// The hired candidate's name, when the hire is recorded.
    public var hired: String?
}

/// Median days from an interview or an outbound follow-up (`follow_up`, `phone_check`) to the next `hm_reply` on
/// the same application, over the prompts that were answered on or before T.
public struct Responsiveness: Sendable, Equatable, Encodable {
    /// This client's median; `nil` when it has fewer than ``minimumSamples`` answered prompts.
    public var clientMedianDays: Double?
    public var clientSamples: Int
    /// The median over every client of the agency (no client is named).
    public var agencyMedianDays: Double?
    public var agencySamples: Int
    /// Fewer answered prompts than this say nothing: "not enough data".
    static let minimumSamples = 3
}

extension ClientSummary {
    /// Builds one client's summary as of `asOf` from parameterized queries and the client's timelines.
    ///
    /// - Parameters:
    ///   - connection: an open, migrated database.
    ///   - client: the client's name, matched as names are (case and spacing ignored).
    ///   - asOf: T; facts dated after it are ignored.
    ///   - replies: every client's reply figures as of `asOf`, when the caller has read them for several summaries
    ///     (they take one pass over every activity of the agency); read here when not given.
    /// - Throws: `PolicyStoreError.unknownClient` listing the known clients; database errors.
    // Over 60 lines: the summary's reads and its one pass over the openings, in the order the page shows them.
    public static func build(_ connection: Connection, client: String, asOf: Day,
                             replies: AgencyReplies? = nil) throws -> ClientSummary {
        precondition(replies.map { $0.asOf == asOf } ?? true, "reply figures of another day")
        let name = try PolicyStore.clientName(client, connection)
        let policy = try PolicyStore.load(connection).policy(forClient: name)
        let openingRows = try connection.query("""
            SELECT o.id, o.title, o.status::text, o.opened_on::text, o.filled_on::text, nullif(btrim(hm.name), ''),
                   (o.created_at AT TIME ZONE 'UTC')::date::text
            FROM openings o
            JOIN clients cl ON cl.id = o.client_id
            LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id
            WHERE cl.name = $1
            ORDER BY o.id
            """, [name]).rows
        var names: [Int64: String] = [:]
        try connection.forEachRow("""
            SELECT a.id, c.first_name, c.last_name, c.email
            FROM applications a
            JOIN candidates c ON c.id = a.candidate_id
            JOIN openings o ON o.id = a.opening_id
            JOIN clients cl ON cl.id = o.client_id
            WHERE cl.name = $1
            """, [name]) { row in
            names[try row.int64(0)] = CandidateName.display(first: row[1], last: row[2], email: try row.text(3))
        }
        var applications: [String: [(name: String, timeline: Timeline)]] = [:]
        try TimelineReader.forEach(connection, asOf: asOf, scope: TimelineScope(client: name)) { id, timeline in
            // An application submitted after T did not exist yet.
            if let submitted = timeline.application.submittedOn, submitted > asOf,
               !timeline.activities.contains(where: { $0.date <= asOf }) { return }
            applications[timeline.opening.id, default: []].append((names[id] ?? "Unnamed candidate", timeline))
        }

        var openings: [OpeningSummary] = []
        var filled: [FilledRole] = []
        for row in openingRows {
            let id = try row.text(0)
            let openedOn = try row.optionalDay(3)
            if let openedOn, openedOn > asOf { continue }  // not opened yet as of T
            let filledOn = try row.optionalDay(4)
            let stored = try row.word(2, as: OpeningStatus.self)
            let status = stored.on(asOf, filledOn: filledOn)
            let apps = applications[id] ?? []
            if status == .filled {
                let hire = apps.first { $0.timeline.stage(on: asOf) == .hired }
                filled.append(FilledRole(
                    id: id, title: try row.text(1), openedOn: openedOn, filledOn: filledOn,
                    daysToFill: openedOn.flatMap { o in filledOn.map { $0.days(since: o) } }, hired: hire?.name))
                continue
            }
            let recorded = try row.optionalDay(6)
            let start = openedOn ?? recorded.flatMap { $0 <= asOf ? $0 : nil }
            openings.append(summarize(
                id: id, title: try row.text(1), status: status, hiringManager: row[5], openedOn: start,
                openedOnRecorded: openedOn == nil && start != nil, applications: apps, asOf: asOf, policy: policy))
        }
        openings.sort { (rank($0.status), $0.id) < (rank($1.status), $1.id) }
        filled.sort { ($0.filledOn ?? asOf, $0.id) > ($1.filledOn ?? asOf, $1.id) }
        return ClientSummary(client: name, asOf: asOf, openings: openings, filledRoles: filled,
                             responsiveness: try (replies ?? AgencyReplies.read(connection, asOf: asOf)).of(name))
    }

    /// Active openings first, then on hold, then closed.
    private static func rank(_ status: OpeningStatus) -> Int {
        switch status {
        case .open: return 0
        case .onHold: return 1
        case .closed: return 2
        case .filled: return 3
        }
    }

    private static func summarize(id: String, title: String, status: OpeningStatus, hiringManager: String?,
                                  openedOn: Day?, openedOnRecorded: Bool,
                                  applications: [(name: String, timeline: Timeline)],
                                  asOf: Day, policy: Policy) -> OpeningSummary {
        var pipeline = Pipeline()
        var waiting: [AwaitingDecision] = []
        var interviews: [RecentInterview] = []
        var steps: [NextStep] = []
        let recentFrom = asOf.adding(days: -(ClientSummary.recentInterviewDays - 1))
        for (name, timeline) in applications {
            let acts = timeline.activities.filter { $0.date <= asOf }.sorted { ($0.date, $0.sequence) < ($1.date, $1.sequence) }
            let lastInterview = acts.last { $0.type == .interview }?.date
            var stage = timeline.stage(on: asOf)
            if stage == .submitted, lastInterview != nil { stage = .interviewing }
            pipeline.add(stage)

            for act in acts where act.type == .interview && act.date >= recentFrom {
                interviews.append(RecentInterview(date: act.date, candidate: name,
                                                  interviewers: act.with.filter { !$0.contains("@") }))
            }

            // Waiting on the client: still submitted or interviewing on a live opening. Interim replies ("still
            // comparing candidates") do not end the wait; only a decision (offer, rejection, hire) does.
            if stage == .submitted || stage == .interviewing, status != .closed {
                let submitted = timeline.application.submittedOn.flatMap { $0 <= asOf ? $0 : nil }
                let since: (Day, AwaitingDecision.Event)?
                if let lastInterview, lastInterview >= (submitted ?? lastInterview) {
                    since = (lastInterview, .interview)
                } else {
                    since = submitted.map { ($0, .submittal) }
                }
                if let (day, event) = since {
                    // A date promised before the wait began (say, before a second interview) was overtaken by
                    // events, as the rules ignore a decision date before the round start (Precise reading 7).
                    let promise = (acts.last { $0.type == .hmReply && $0.decisionBy != nil }?.decisionBy
                        ?? timeline.application.decisionBy).flatMap { $0 >= day ? $0 : nil }
                    waiting.append(AwaitingDecision(
                        candidate: name, waitingSince: day, since: event, daysWaiting: asOf.days(since: day),
                        promisedBy: promise, promiseMissed: promise.map { $0 < asOf } ?? false))
                }
            }

            for item in timeline.recommendations(asOf: asOf, policy: policy, scope: .pending)
            where !item.isWarning && !item.isStale(asOf: asOf) {
                guard let action = action(item.rule, candidate: name, hiringManager: hiringManager) else { continue }
                steps.append(NextStep(date: max(item.due, asOf), rule: item.rule.rawValue, candidate: name,
                                      action: action))
            }
        }
        waiting.sort { ($1.daysWaiting, $0.candidate) < ($0.daysWaiting, $1.candidate) }
        interviews.sort { ($1.date, $0.candidate) < ($0.date, $1.candidate) }
        steps.sort { ($0.date, $0.candidate, $0.rule) < ($1.date, $1.candidate, $1.rule) }
        return OpeningSummary(
            id: id, title: title, status: status, hiringManager: hiringManager, openedOn: openedOn,
            openedOnRecorded: openedOnRecorded,
            // A closed opening's close date is not recorded, so how long it was open is unknown.
            daysOpen: status == .closed ? nil : openedOn.map { asOf.days(since: $0) }, pipeline: pipeline,
            awaitingDecision: waiting, recentInterviews: interviews, nextSteps: steps)
    }

    /// The client-facing sentence for an agency step; `nil` for items the client is not told about: the
    /// candidate's own courtesy notes (thank-you, keep-in-mind) and the attrition check, which is a call to a
    /// finalist the client turned down.
    static func action(_ rule: Rule, candidate: String, hiringManager: String?) -> String? {
        let manager = hiringManager ?? "the hiring manager"
        switch rule {
        case .followUp: return "Check in with \(manager) on the decision about \(candidate)"
        case .phoneCheck: return "Call \(manager) about \(candidate)"
        case .checkBack: return "Check back with \(manager) about \(candidate)"
        default: return nil
        }
    }
}
