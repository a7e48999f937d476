/// One application's facts: everything the rules need to judge one candidate on one opening.
///
/// The caller (the queue layer) builds one per live application from one ordered read of the database;
/// the rules never look anywhere else. Only facts dated on or before the as-of day are used, so a
/// `Timeline` holding the whole history can be replayed as of any past day (POLICY.md "Time").
public struct Timeline: Sendable, Hashable {
    /// The candidate's e-mail, trimmed and lower-cased (Precise reading 19).
    public var candidate: String
    /// The opening id.
    public var opening: Opening
    /// The imported application row.
    public var application: ApplicationRow
    /// The recruiter shown on items: the application's, else the candidate's, else the opening's (reading 19),
    /// already resolved by the caller.
    public var recruiter: String?
    /// The application's activities. Recording order within a day is ``Activity/sequence``; the array may be in
    /// any order, but is cheapest sorted by (date, sequence), as a database read `ORDER BY date, seq` gives it.
    public var activities: [Activity]
    /// Dates of `hired` facts on this candidate's other applications (same e-mail), for "hired anywhere"
    /// (Precise reading 12).
    public var hiredElsewhere: [Day]
    /// The candidate's name ("First Last"), for people reading the items; no rule reads it.
    public var candidateName: String? = nil

    /// - Parameters:
    ///   - candidate: the candidate's e-mail; it is trimmed and lower-cased here.
    ///   - opening: the opening and its client.
    ///   - application: the imported application row.
    ///   - recruiter: the recruiter for the items (reading 19), resolved by the caller.
    ///   - activities: the application's activities, each with its recording sequence number.
    ///   - hiredElsewhere: dates of `hired` facts on the candidate's other applications.
    public init(candidate: String, opening: Opening, application: ApplicationRow = ApplicationRow(),
                recruiter: String? = nil, activities: [Activity] = [], hiredElsewhere: [Day] = []) {
        self.candidate = Names.email(candidate)
        self.opening = opening
        self.application = application
        self.recruiter = recruiter
        self.activities = activities
        self.hiredElsewhere = hiredElsewhere
    }
}

/// A job order at a client, as the rules see it.
public struct Opening: Sendable, Hashable {
    /// The opening's texts, in one box: every timeline of the opening carries it, and copying a timeline then
    /// retains one object instead of four strings.
    private final class Texts: Sendable {
        let id: String
        let client: String
        let hiringManager: String?
        let hiringManagerEmail: String?

        init(id: String, client: String, hiringManager: String?, hiringManagerEmail: String?) {
            self.id = id
            self.client = client
            self.hiringManager = hiringManager
            self.hiringManagerEmail = hiringManagerEmail
        }
    }

    private var texts: Texts

    /// The opening id (e.g. `ACME-1042`).
    public var id: String {
        get { texts.id }
        set { texts = Texts(id: newValue, client: client, hiringManager: hiringManager,
                            hiringManagerEmail: hiringManagerEmail) }
    }
    /// The client's name.
    public var client: String {
        get { texts.client }
        set { texts = Texts(id: id, client: newValue, hiringManager: hiringManager,
                            hiringManagerEmail: hiringManagerEmail) }
    }
    /// The hiring manager's name, if known.
    public var hiringManager: String? {
        get { texts.hiringManager }
        set { texts = Texts(id: id, client: client, hiringManager: newValue,
                            hiringManagerEmail: hiringManagerEmail) }
    }
    /// The hiring manager's e-mail, if known (the HM's identity when the name is blank, reading 16).
    public var hiringManagerEmail: String? {
        get { texts.hiringManagerEmail }
        set { texts = Texts(id: id, client: client, hiringManager: hiringManager, hiringManagerEmail: newValue) }
    }
    /// The status column.
    public var status: OpeningStatus
    /// The fill date, if known.
    public var filledOn: Day?

    /// An opening; blank HM cells become `nil`, the HM e-mail is trimmed and lower-cased.
    public init(id: String, client: String, hiringManager: String? = nil, hiringManagerEmail: String? = nil,
                status: OpeningStatus = .open, filledOn: Day? = nil) {
        texts = Texts(id: id, client: client,
                      hiringManager: hiringManager.flatMap { Names.isBlank($0) ? nil : $0 },
                      hiringManagerEmail: hiringManagerEmail.flatMap {
                          Names.isBlank($0) ? nil : Names.email($0)
                      })
        self.status = status
        self.filledOn = filledOn
    }

    public static func == (a: Opening, b: Opening) -> Bool {
        (a.texts === b.texts || (a.id == b.id && a.client == b.client && a.hiringManager == b.hiringManager
                                 && a.hiringManagerEmail == b.hiringManagerEmail))
            && a.status == b.status && a.filledOn == b.filledOn
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(client)
        hasher.combine(hiringManager)
        hasher.combine(hiringManagerEmail)
        hasher.combine(status)
        hasher.combine(filledOn)
    }

    /// Whether the opening is filled on `day` (``status(on:)``).
    func isFilled(on day: Day) -> Bool { status(on: day) == .filled }

    /// Whether the follow-up chain can run on `day`: open and not yet filled (``status(on:)``).
    func isOpen(on day: Day) -> Bool { status(on: day) == .open }
}

/// The imported application row: one fact dated `stageDate` (Precise reading 3).
public struct ApplicationRow: Sendable, Hashable {
    /// The row's stage; `submitted` when the row gives none.
    public var stage: Stage
    /// The date of the row's fact; `nil` makes it the earliest fact of all (reading 3).
    public var stageDate: Day?
    /// The submittal date: a round start from its day (reading 6).
    public var submittedOn: Day?
    /// The HM's decision date as imported: known on every day (reading 6).
    public var decisionBy: Day?
    /// The interest the row states, if any.
    public var interest: Interest?

    /// The application row; every cell but the stage may be blank (`nil`).
    public init(stage: Stage = .submitted, stageDate: Day? = nil, submittedOn: Day? = nil,
                decisionBy: Day? = nil, interest: Interest? = nil) {
        self.stage = stage
        self.stageDate = stageDate
        self.submittedOn = submittedOn
        self.decisionBy = decisionBy
        self.interest = interest
    }
}

/// One dated fact on an application (POLICY.md "Words").
public struct Activity: Sendable, Hashable {
    /// The day it happened, already in the agency's time zone (see ``Day/init(cell:timeZone:)``).
    public var date: Day
    /// What happened.
    public var type: ActivityType
    /// Who acted; `nil` for a blank cell (reading 15 decides who that means).
    public var by: Party?
    /// The `with` cell split on `;`: interviewers, or a thank-you's recipients. Trimmed and de-duplicated by
    /// the rules (reading 10).
    public var with: [String]
    /// How it went (`email`, `phone`...); `nil` for a blank cell (reading 16 decides what that means).
    public var channel: Channel?
    /// A decision date; only an `hm_reply`'s counts (reading 3).
    public var decisionBy: Day?
    /// An interest the activity states (any type may, reading 3).
    public var interest: Interest?
    /// Recording order (file order on import): breaks ties between activities on the same day.
    public var sequence: Int

    /// One activity; `sequence` is its recording order (file order on import).
    public init(date: Day, type: ActivityType, by: Party? = nil, with: [String] = [], channel: Channel? = nil,
                decisionBy: Day? = nil, interest: Interest? = nil, sequence: Int) {
        self.date = date
        self.type = type
        self.by = by
        self.with = with
        self.channel = channel
        self.decisionBy = decisionBy
        self.interest = interest
        self.sequence = sequence
    }

    /// Splits a `with` cell on `;` (Precise reading 10).
    public static func names(inWithCell cell: String) -> [String] {
        cell.split(separator: ";").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }
}
