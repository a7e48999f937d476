import Foundation
import Policies

/// Which applications a read covers. Every filter is optional; names compare as people's names do.
public struct TimelineScope: Sendable, Equatable {
    /// Only this client's openings (its stored name, see `PolicyStore.clientName`).
    public var client: String?
    /// Only items whose recruiter (application's, else candidate's, else opening's) is this one.
    public var recruiter: String?
    /// Only this candidate (e-mail).
    public var candidate: String?
    /// Only this opening id.
    public var opening: String?

    public init(client: String? = nil, recruiter: String? = nil, candidate: String? = nil, opening: String? = nil) {
        self.client = client
        self.recruiter = recruiter
        self.candidate = candidate
        self.opening = opening
    }
}

/// Reads applications' timelines as one stream of rows, one row per application: its columns, its candidate's
/// e-mail and its packed timeline (`application_timelines`, kept by 0006's triggers), so memory holds one timeline
/// at a time however large the agency, and the server sends a quarter of the rows that reading every activity would.
/// Openings (with client and hiring manager) are few and read once up front; everything is read in one
/// REPEATABLE READ transaction, so all of it is one moment's data.
public enum TimelineReader {
    /// Streams the timelines in scope as of `asOf` (activities dated after it do not exist yet) to `body`, each with
    /// its database id. A scoped read comes in application id order; the whole agency's in the order the server
    /// finds quickest.
    public static func forEach(_ connection: Connection, asOf: Day, scope: TimelineScope = TimelineScope(),
                               _ body: (_ applicationID: Int64, _ timeline: Timeline) throws -> Void) throws {
        let ownTransaction = !connection.isInTransaction
        if ownTransaction { try connection.execute(script: "BEGIN ISOLATION LEVEL REPEATABLE READ") }
        do {
            try read(connection, asOf: asOf, scope: scope, body)
            if ownTransaction { try connection.execute(script: "COMMIT") }
        } catch {
            if ownTransaction { _ = try? connection.execute(script: "ROLLBACK") }
            throw error
        }
    }

    private static func read(_ connection: Connection, asOf: Day, scope: TimelineScope,
                             _ body: (_ applicationID: Int64, _ timeline: Timeline) throws -> Void) throws {
        // For this transaction only: dates are read as ISO text, whatever the user's DateStyle; its commit (which
        // drops the scope table) need not wait for a disk flush; JIT compiling costs more than it saves on these
        // plain scans; and the joins of a whole agency's read hash in memory, not through temporary files.
        try connection.execute(script: """
            SET LOCAL DateStyle = ISO; SET LOCAL synchronous_commit = off; SET LOCAL jit = off;
            SET LOCAL work_mem = '256MB'
            """)
        let scoped = scope != TimelineScope()
        if scoped {
            try createScopeTable(connection)
            try fillScope(connection, scope)
        }
        let hires = try hiredFacts(connection, asOf: asOf)
        let openings = try openingsByID(connection)
        // A scoped read has each candidate's e-mail and recruiter in its scope table already.
        let candidates = scoped ? nil : try CandidateDirectory.read(connection)

        let interests = CopyLabels<Interest>()
        let stages = CopyLabels<Stage>()
        let packed = PackedTimeline()
        var row = CopyTextRow()
        var escaped: [UInt8] = []
        try connection.copyOut(timelinesQuery(scoped: scoped)) { bytes in
            row.split(bytes)
            guard let id = row.int64(0), let candidateID = row.int64(1),
                  let openingID = row.string(3), let opening = openings[openingID] else { return }
            var email = row.string(2)
            var recruiter = row.string(9)
            if let candidates, let candidate = candidates.candidate(candidateID) {
                email = candidate.email
                recruiter = recruiter ?? candidate.recruiter
            }
            guard let email else { return }
            let application = ApplicationRow(
                stage: row.label(4, stages) ?? .submitted, stageDate: row.day(5), submittedOn: row.day(6),
                decisionBy: row.day(7), interest: row.label(8, interests))
            var timeline = Timeline(candidate: email, opening: opening.opening, application: application,
                                    recruiter: recruiter ?? opening.recruiter)
            if !row.isNull(10) {
                do {
                    try row.withUnescapedBytes(10, buffer: &escaped) { facts in
                        timeline.activities.reserveCapacity(8)
                        try packed.decode(facts, asOf: asOf, into: &timeline.activities)
                    }
                } catch is PackedTimeline.Malformed {
                    throw DatabaseError.connectionLost(reason: """
                        application \(id)'s row in application_timelines is not in 0006's format; rebuild it with \
                        SELECT recruit_refresh_timelines(ARRAY[\(id)::bigint])
                        """)
                }
            }
            if !hires.isEmpty, let hired = hires[candidateID] {
                timeline.hiredElsewhere = hired.filter { $0.application != id }.map(\.day)
            }
            try body(id, timeline)
        }
    }

    /// A temporary table for the applications in scope, dropped with the transaction. The filters' values are user
    /// text, so they go through parameters (``fillScope(_:_:)``), and the COPY statements, which take none, only
    /// read or join the table. It holds the application stream's columns too: finding the applications already
    /// visits their rows, and reading them again one by one cost more than everything else in a narrow queue.
    static func createScopeTable(_ connection: Connection) throws {
        try connection.execute(script: """
            CREATE TEMPORARY TABLE IF NOT EXISTS recruit_queue_scope (
                application_id bigint PRIMARY KEY, candidate_id bigint, email text, opening_id text,
                stage application_stage, stage_date date, submitted_on date, decision_by date,
                interest interest_level, recruiter text
            ) ON COMMIT DROP;
            TRUNCATE recruit_queue_scope
            """)
    }

    /// Fills the scope table with the applications the filters select, in id order (so that reading them back
    /// probes `application_timelines` in order).
    ///
    /// The recruiter is `coalesce(application's, candidate's, opening's)`; each level is its own branch driven by an
    /// index on `lower(btrim(recruiter))` (`0003_queue_indexes.sql`), with `OFFSET 0` keeping each inner lookup a
    /// per-row index probe: one recruiter's queue must not scan every application. The other filters then narrow
    /// that set, or select on their own when there is no recruiter. The table is not analyzed: the statements that
    /// read it fix their plans themselves (LATERAL probes), and ANALYZE cost a tenth of a second per connection.
    static func fillScope(_ connection: Connection, _ scope: TimelineScope) throws {
        let others = [scope.client, scope.candidate, scope.opening]
        let otherFilters = """
            ($1::text IS NULL OR cl.name = $1)
              AND ($2::text IS NULL OR c.email = lower(btrim($2)))
              AND ($3::text IS NULL OR o.id = btrim($3))
            """
        let applications = """
            applications a
            JOIN candidates c ON c.id = a.candidate_id
            JOIN openings o ON o.id = a.opening_id
            JOIN clients cl ON cl.id = o.client_id
            """
        guard let recruiter = scope.recruiter else {
            try connection.query("""
                INSERT INTO recruit_queue_scope
                SELECT a.id, a.candidate_id, c.email, a.opening_id, a.stage, a.stage_date, a.submitted_on,
                       a.decision_by, a.interest, coalesce(a.recruiter, c.recruiter)
                FROM \(applications) WHERE \(otherFilters) ORDER BY a.id
                """, others)
            return
        }
        // Each branch gives the recruiter as far as the application and candidate state it:
        // coalesce(application's, candidate's); the opening's is added when the timeline is built.
        try connection.query("""
            INSERT INTO recruit_queue_scope
            SELECT * FROM (
                SELECT a.id, a.candidate_id, c.email, a.opening_id, a.stage, a.stage_date, a.submitted_on,
                       a.decision_by, a.interest, a.recruiter
                FROM applications a
                CROSS JOIN LATERAL (SELECT c.email FROM candidates c WHERE c.id = a.candidate_id OFFSET 0) c
                WHERE a.recruiter IS NOT NULL AND lower(btrim(a.recruiter)) = lower(btrim($1))
                UNION ALL
                SELECT mine.id, c.id, c.email, mine.opening_id, mine.stage, mine.stage_date, mine.submitted_on,
                       mine.decision_by, mine.interest, c.recruiter
                FROM candidates c
                CROSS JOIN LATERAL (SELECT a.* FROM applications a
                                    WHERE a.candidate_id = c.id AND a.recruiter IS NULL OFFSET 0) mine
                WHERE c.recruiter IS NOT NULL AND lower(btrim(c.recruiter)) = lower(btrim($1))
                UNION ALL
                SELECT mine.id, mine.candidate_id, mine.email, mine.opening_id, mine.stage, mine.stage_date,
                       mine.submitted_on, mine.decision_by, mine.interest, NULL::text
                FROM openings o
                CROSS JOIN LATERAL (SELECT a.*, c.email FROM applications a
                                    JOIN candidates c ON c.id = a.candidate_id AND c.recruiter IS NULL
                                    WHERE a.opening_id = o.id AND a.recruiter IS NULL OFFSET 0) mine
                WHERE o.recruiter IS NOT NULL AND lower(btrim(o.recruiter)) = lower(btrim($1))
            ) AS recruiters
            ORDER BY 1
            """, [recruiter])
        if others.contains(where: { $0 != nil }) {
            try connection.query("""
                DELETE FROM recruit_queue_scope s
                WHERE NOT EXISTS (SELECT FROM \(applications) WHERE a.id = s.application_id AND \(otherFilters))
                """, others)
        }
    }

    /// Every opening with its client and hiring manager, and the opening's recruiter (the last fallback of an
    /// item's recruiter). All of them even for a narrow scope: they are few, and reading them whole is quicker than
    /// finding the ones in scope.
    static func openingsByID(_ connection: Connection) throws -> [String: (opening: Opening, recruiter: String?)] {
        let statuses = CopyLabels<OpeningStatus>()
        var openings: [String: (opening: Opening, recruiter: String?)] = [:]
        var row = CopyTextRow()
        try connection.copyOut("""
            COPY (SELECT o.id, cl.name, hm.name, hm.email, o.status, o.filled_on, o.recruiter
                  FROM openings o
                  JOIN clients cl ON cl.id = o.client_id
                  LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id) TO STDOUT
            """) { bytes in
            row.split(bytes)
            guard let id = row.string(0), let client = row.string(1) else { return }
            let opening = Opening(id: id, client: client, hiringManager: row.string(2), hiringManagerEmail: row.string(3),
                                  status: row.label(4, statuses) ?? .open, filledOn: row.day(5))
            openings[id] = (opening, row.string(6))
        }
        return openings
    }

    /// The applications in scope with the candidate's e-mail, the recruiter as far as the application and
    /// candidate give it (the opening's comes from ``openingsByID(_:)``), and the packed timeline. A whole agency's
    /// read leaves the e-mail NULL and the recruiter the application's: the candidates come from a
    /// ``CandidateDirectory``.
    static func timelinesQuery(scoped: Bool) -> String {
        if scoped {
            return """
                COPY (SELECT s.application_id, s.candidate_id, s.email, s.opening_id, s.stage, s.stage_date,
                             s.submitted_on, s.decision_by, s.interest, s.recruiter, t.facts
                      FROM recruit_queue_scope s
                      LEFT JOIN LATERAL (SELECT t.facts FROM application_timelines t
                                         WHERE t.application_id = s.application_id OFFSET 0) t ON true
                      ORDER BY s.application_id) TO STDOUT
                """
        }
        return """
            COPY (SELECT a.id, a.candidate_id, NULL, a.opening_id, a.stage, a.stage_date, a.submitted_on,
                         a.decision_by, a.interest, a.recruiter, t.facts
                  FROM applications a
                  LEFT JOIN application_timelines t ON t.application_id = a.id) TO STDOUT
            """
    }

    /// Every `hired` fact (activity or imported row) on or before T, by candidate: "hired anywhere" (reading 12).
    static func hiredFacts(_ connection: Connection, asOf: Day) throws -> [Int64: [(application: Int64, day: Day)]] {
        var hires: [Int64: [(application: Int64, day: Day)]] = [:]
        try connection.forEachRow("""
            SELECT a.candidate_id, a.id, h.day::text
            FROM (SELECT application_id AS application, occurred_on AS day FROM activities WHERE type = 'hired'
                  UNION ALL
                  SELECT id, stage_date FROM applications WHERE stage = 'hired') AS h
            JOIN applications a ON a.id = h.application
            WHERE h.day <= $1::date
            """, [asOf.description]) { row in
            guard let candidate = row[0].flatMap(Int64.init), let application = row[1].flatMap(Int64.init),
                  let day = row[2].flatMap({ Day($0) }) else { return }
            hires[candidate, default: []].append((application, day))
        }
        return hires
    }
}
