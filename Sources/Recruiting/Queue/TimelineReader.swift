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

/// Reads applications' timelines as two ordered streams merged by application id, so memory holds one timeline at
/// a time however large the agency:
///
/// - the activities as of T, `ORDER BY application_id, occurred_on, id`, an index-only scan of
///   `activities_timeline_covering_idx` (0004), on the caller's connection;
/// - the applications with their candidate, `ORDER BY id`, on a second connection to the same database, sharing
///   the first one's snapshot so both streams see the same data.
///
/// Both are `COPY ... TO STDOUT` read from bytes: a single wide join repeating each application's columns on every
/// activity row, read row by row, cost several times more on the server and in libpq. Openings (with client and
/// hiring manager) are few and read once up front.
public enum TimelineReader {
    /// Streams the timelines in scope as of `asOf` (activities dated after it do not exist yet) to `body`, each with
    /// its database id, in application id order.
    public static func forEach(_ connection: Connection, asOf: Day, scope: TimelineScope = TimelineScope(),
                               _ body: (_ applicationID: Int64, _ timeline: Timeline) throws -> Void) throws {
        let companion = try Connection(conninfo: connection.conninfo)
        let ownTransaction = !connection.isInTransaction
        if ownTransaction { try connection.execute(script: "BEGIN ISOLATION LEVEL REPEATABLE READ") }
        do {
            try read(connection, companion, asOf: asOf, scope: scope, body)
            if ownTransaction { try connection.execute(script: "COMMIT") }
        } catch {
            if ownTransaction { _ = try? connection.execute(script: "ROLLBACK") }
            throw error
        }
    }

    private static func read(_ connection: Connection, _ companion: Connection, asOf: Day, scope: TimelineScope,
                             _ body: (_ applicationID: Int64, _ timeline: Timeline) throws -> Void) throws {
        // The snapshot id is the server's own text; it is checked to be one before it goes into the statement
        // (SET TRANSACTION SNAPSHOT takes no parameters).
        guard let snapshot = try connection.query("SELECT pg_export_snapshot()").scalar,
              !snapshot.isEmpty, snapshot.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || isHexDigit($0) }) else {
            throw DatabaseError.connectionLost(reason: "the server exported no usable snapshot")
        }
        try companion.execute(script: "BEGIN ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT '\(snapshot)'")
        // For this transaction only: dates are read as ISO text, whatever the user's DateStyle; its commit (which
        // drops the scope table) need not wait for a disk flush; and JIT compiling costs more than it saves on
        // these plain ordered scans.
        for session in [connection, companion] {
            try session.execute(script: "SET LOCAL DateStyle = ISO; SET LOCAL synchronous_commit = off; SET LOCAL jit = off")
        }
        // A narrow scope's streams sort up to a few hundred thousand rows: in memory, not through temporary files.
        for session in [connection, companion] { try session.execute(script: "SET LOCAL work_mem = '64MB'") }
        let scoped = scope != TimelineScope()
        if scoped {
            try createScopeTable(connection)
            try fillScope(connection, scope)
            try copyScope(from: connection, to: companion)
        }
        let hires = try hiredFacts(connection, asOf: asOf)
        let openings = try openingsByID(connection)

        let activityTypes = CopyLabels<ActivityType>()
        let parties = CopyLabels<Party>()
        let interests = CopyLabels<Interest>()
        let stages = CopyLabels<Stage>()

        let applications = try companion.copyOutStream(applicationsQuery(scoped: scoped))
        var applicationRow = CopyTextRow()
        var current: (id: Int64, candidateID: Int64, timeline: Timeline)?
        /// Reads the next application of the stream (skipping any whose opening is unknown), nil after the last.
        func nextApplication() throws -> (id: Int64, candidateID: Int64, timeline: Timeline)? {
            while let bytes = try applications.next() {
                applicationRow.split(bytes)
                let fields = applicationRow
                guard let id = fields.int64(0), let candidateID = fields.int64(1), let email = fields.string(2),
                      let openingID = fields.string(3), let opening = openings[openingID] else { continue }
                let application = ApplicationRow(
                    stage: fields.label(4, stages) ?? .submitted, stageDate: fields.day(5), submittedOn: fields.day(6),
                    decisionBy: fields.day(7), interest: fields.label(8, interests))
                var timeline = Timeline(candidate: email, opening: opening.opening, application: application,
                                        recruiter: fields.string(9) ?? opening.recruiter)
                timeline.activities.reserveCapacity(8)
                return (id, candidateID, timeline)
            }
            return nil
        }
        func flush() throws {
            // Moved out, not copied: a copy of the tuple retains every field of the timeline.
            guard var finished = current.take() else { return }
            if !hires.isEmpty, let hired = hires[finished.candidateID] {
                finished.timeline.hiredElsewhere = hired.filter { $0.application != finished.id }.map(\.day)
            }
            try body(finished.id, finished.timeline)
        }

        current = try nextApplication()
        var currentID = current?.id
        var activityRow = CopyTextRow()
        try connection.copyOut(activitiesQuery(asOf: asOf, scoped: scoped)) { bytes in
            activityRow.split(bytes)
            guard let applicationID = activityRow.int64(0) else { return }
            // Applications before this one have no more activities: hand them over (with or without activities).
            while let id = currentID, id < applicationID {
                try flush()
                current = try nextApplication()
                currentID = current?.id
            }
            guard currentID == applicationID, let date = activityRow.day(1),
                  let type = activityRow.label(2, activityTypes), let sequence = activityRow.int64(7) else { return }
            current!.timeline.activities.append(Activity(
                date: date, type: type, by: activityRow.label(3, parties), with: activityRow.strings(4, separator: 0x1F),
                decisionBy: activityRow.day(5), interest: activityRow.label(6, interests), sequence: Int(sequence)))
        }
        while current != nil {
            try flush()
            current = try nextApplication()
        }
        try companion.execute(script: "COMMIT")
    }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
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
    /// probes the applications and the timeline index in order).
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

    /// The same scope on the second connection: its rows copied over (COPY's text format round-trips every
    /// value), not the filters evaluated again.
    static func copyScope(from connection: Connection, to companion: Connection) throws {
        try createScopeTable(companion)
        var rows: [UInt8] = []
        func flush() throws {
            guard !rows.isEmpty else { return }
            let chunk = rows
            rows.removeAll(keepingCapacity: true)
            try companion.copyIn("COPY recruit_queue_scope FROM STDIN") { try $0.write(chunk) }
        }
        try connection.copyOut("COPY (SELECT * FROM recruit_queue_scope ORDER BY application_id) TO STDOUT") { row in
            rows.append(contentsOf: row)
            if rows.count >= 1 << 20 { try flush() }
        }
        try flush()
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

    /// The applications in scope by id, with the candidate's e-mail and the recruiter as far as the application
    /// and candidate give it (the opening's comes from ``openingsByID(_:)``).
    static func applicationsQuery(scoped: Bool) -> String {
        if scoped {
            return """
                COPY (SELECT application_id, candidate_id, email, opening_id, stage, stage_date, submitted_on,
                             decision_by, interest, recruiter
                      FROM recruit_queue_scope ORDER BY application_id) TO STDOUT
                """
        }
        // Every application in id order, its candidate probed per row (LATERAL ... OFFSET 0 keeps it a probe): the
        // rows stream from the first one on. A hash join needs a sort of all of them before the first row, and
        // the merge (so the whole read) waited for it: 6 to 7 s at 2,000,000 applications.
        return """
            COPY (SELECT a.id, a.candidate_id, c.email, a.opening_id, a.stage, a.stage_date, a.submitted_on,
                         a.decision_by, a.interest, coalesce(a.recruiter, c.recruiter)
                  FROM applications a
                  CROSS JOIN LATERAL (SELECT c.email, c.recruiter FROM candidates c
                                      WHERE c.id = a.candidate_id OFFSET 0) c
                  ORDER BY a.id) TO STDOUT
            """
    }

    /// The activities as of T of the applications in scope, in timeline order. `asOf` is a `Day` formatted by
    /// this program, the only value in the statement.
    static func activitiesQuery(asOf: Day, scoped: Bool) -> String {
        let columns = """
            act.application_id, act.occurred_on, act.type, act.by, array_to_string(act.with_names, E'\\x1f'),
            act.decision_by, act.interest, act.id
            """
        let day = "DATE '\(asOf.description)'"
        guard scoped else {
            return """
                COPY (SELECT \(columns) FROM activities act WHERE act.occurred_on <= \(day)
                      ORDER BY act.application_id, act.occurred_on, act.id) TO STDOUT
                """
        }
        // In scope: the timeline index probed once per application id rather than every activity scanned.
        return """
            COPY (SELECT \(columns)
                  FROM recruit_queue_scope s
                  CROSS JOIN LATERAL (SELECT act.* FROM activities act
                                      WHERE act.application_id = s.application_id AND act.occurred_on <= \(day)
                                      OFFSET 0) act
                  ORDER BY act.application_id, act.occurred_on, act.id) TO STDOUT
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
