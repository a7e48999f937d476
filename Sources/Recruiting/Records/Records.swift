import Foundation

/// What the agency holds about one candidate or one opening, read for the workspace's record pages: the record, its
/// applications and their activities, newest first. Plain values (text as stored, dates as `YYYY-MM-DD`).
public enum Records {
    /// One application as a record page lists it.
    public struct Application: Sendable, Equatable {
        public let candidate: String
        public let candidateName: String?
        public let opening: String
        public let openingTitle: String
        public let client: String
        public let stage: String
        public let stageDate: String?
        public let submittedOn: String?
        public let decisionBy: String?
        public let interest: String?
    }

    /// One activity of an application.
    public struct Activity: Sendable, Equatable {
        public let candidate: String
        public let opening: String
        public let date: String
        public let type: String
        public let by: String?
        public let with: [String]
        public let channel: String?
        public let note: String?
    }

    public struct Candidate: Sendable, Equatable {
        public let email: String
        public let name: String?
        public let phone: String?
        public let source: String?
        public let recruiter: String?
        public let notes: String?
        public let applications: [Application]
        public let activities: [Activity]
    }

    public struct Opening: Sendable, Equatable {
        public let id: String
        public let title: String
        public let client: String
        public let hiringManager: String?
        public let hiringManagerEmail: String?
        public let status: String
        public let openedOn: String?
        public let filledOn: String?
        public let recruiter: String?
        public let applications: [Application]
        public let activities: [Activity]
    }

    /// At most this many activities are listed on a record page (newest first); `activityCount` says how many there are.
    public static let activityLimit = 200

    /// A forgotten candidate (`recruit forget`) is listed on an opening without their placeholder address.
    public static let formerCandidate = "A former candidate"

    private static let applicationColumns = """
        CASE WHEN c.erased_at IS NULL THEN c.email END,
        CASE WHEN c.erased_at IS NULL THEN nullif(btrim(concat_ws(' ', c.first_name, c.last_name)), '') END, o.id, o.title, cl.name, a.stage::text,
        a.stage_date::text, a.submitted_on::text, a.decision_by::text, a.interest::text
        """

    /// A forgotten candidate's row has no address (NULL in the first column).
    private static func application(_ row: [String?]) throws -> Application {
        Application(candidate: row[0] ?? "", candidateName: row[0] == nil ? formerCandidate : row[1], opening: try row.text(2),
                    openingTitle: try row.text(3), client: try row.text(4), stage: try row.text(5), stageDate: row[6],
                    submittedOn: row[7], decisionBy: row[8], interest: row[9])
    }

    private static let activityColumns = """
        CASE WHEN c.erased_at IS NULL THEN c.email END, a.opening_id, act.occurred_on::text, act.type::text, act.by::text, array_to_string(act.with_names, E'\\x1f'),
        act.channel::text, act.note
        """

    private static func activity(_ row: [String?]) throws -> Activity {
        Activity(candidate: row[0] ?? "", opening: try row.text(1), date: try row.text(2), type: try row.text(3), by: row[4],
                 with: (row[5] ?? "").split(separator: "\u{1F}").map(String.init), channel: row[6], note: row[7])
    }

    /// The candidate with this e-mail address (any case, spaces around it ignored), or nil.
    public static func candidate(_ connection: Connection, email: String) throws -> Candidate? {
        let key = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard let row = try connection.query("""
            SELECT email, nullif(btrim(concat_ws(' ', first_name, last_name)), ''), phone, source, recruiter, notes
            FROM candidates WHERE email = $1 AND erased_at IS NULL
            """, [key]).rows.first else { return nil }
        let applications = try connection.query("""
            SELECT \(applicationColumns)
            FROM candidates c JOIN applications a ON a.candidate_id = c.id JOIN openings o ON o.id = a.opening_id
            JOIN clients cl ON cl.id = o.client_id
            WHERE c.email = $1 ORDER BY a.submitted_on DESC NULLS LAST, o.id
            """, [key]).rows.map(application)
        let activities = try connection.query("""
            SELECT \(activityColumns)
            FROM candidates c JOIN applications a ON a.candidate_id = c.id JOIN activities act ON act.application_id = a.id
            WHERE c.email = $1 ORDER BY act.occurred_on DESC, act.id DESC LIMIT $2
            """, [key, String(activityLimit)]).rows.map(activity)
        return Candidate(email: try row.text(0), name: row[1], phone: row[2], source: row[3], recruiter: row[4], notes: row[5],
                         applications: applications, activities: activities)
    }

    /// The opening with this id, or nil.
    public static func opening(_ connection: Connection, id: String) throws -> Opening? {
        let key = id.trimmingCharacters(in: .whitespaces)
        guard let row = try connection.query("""
            SELECT o.id, o.title, cl.name, hm.name, hm.email, o.status::text, o.opened_on::text, o.filled_on::text, o.recruiter
            FROM openings o JOIN clients cl ON cl.id = o.client_id LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id
            WHERE o.id = $1
            """, [key]).rows.first else { return nil }
        let applications = try connection.query("""
            SELECT \(applicationColumns)
            FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN openings o ON o.id = a.opening_id
            JOIN clients cl ON cl.id = o.client_id
            WHERE a.opening_id = $1 ORDER BY a.stage, c.last_name NULLS LAST, c.email
            """, [key]).rows.map(application)
        let activities = try connection.query("""
            SELECT \(activityColumns)
            FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN activities act ON act.application_id = a.id
            WHERE a.opening_id = $1 ORDER BY act.occurred_on DESC, act.id DESC LIMIT $2
            """, [key, String(activityLimit)]).rows.map(activity)
        return Opening(id: try row.text(0), title: try row.text(1), client: try row.text(2), hiringManager: row[3],
                       hiringManagerEmail: row[4], status: try row.text(5), openedOn: row[6], filledOn: row[7],
                       recruiter: row[8], applications: applications, activities: activities)
    }

    /// One line of a search's answer.
    public struct Found: Sendable, Equatable {
        public enum Kind: String, Sendable { case candidate, opening }
        public let kind: Kind
        /// The candidate's e-mail address or the opening's id.
        public let key: String
        /// The candidate's name or the opening's title and client.
        public let label: String?
    }

    /// At most this many of each kind are found.
    public static let searchLimit = 50

    /// Candidates whose e-mail address or name, and openings whose id or title, begin with `text` (any case; a name
    /// is matched from its first or its last name). Wildcards in `text` are read as themselves.
    public static func search(_ connection: Connection, _ text: String) throws -> [Found] {
        let words = text.trimmingCharacters(in: .whitespaces)
        guard !words.isEmpty else { return [] }
        let pattern = words.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let candidates = try connection.query("""
            SELECT email, nullif(btrim(concat_ws(' ', first_name, last_name)), '') FROM candidates
            WHERE erased_at IS NULL AND (email LIKE $1 OR lower(first_name) LIKE $1 OR lower(last_name) LIKE $1
               OR lower(concat_ws(' ', first_name, last_name)) LIKE $1)
            ORDER BY email LIMIT $2
            """, [pattern, String(searchLimit)]).rows.map { Found(kind: .candidate, key: $0[0] ?? "", label: $0[1]) }
        let openings = try connection.query("""
            SELECT o.id, o.title || ' · ' || cl.name FROM openings o JOIN clients cl ON cl.id = o.client_id
            WHERE lower(o.id) LIKE $1 OR lower(o.title) LIKE $1
            ORDER BY o.id LIMIT $2
            """, [pattern, String(searchLimit)]).rows.map { Found(kind: .opening, key: $0[0] ?? "", label: $0[1]) }
        return candidates + openings
    }
}
