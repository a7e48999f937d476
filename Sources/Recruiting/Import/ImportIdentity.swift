/// The ATS's own ids (column `id`, sql/0018): an activity's note id, an application's submission id. When a file
/// has them, an activity is found by its id rather than by its contents, so an edited note updates the activity it
/// belongs to instead of adding a second one; an application records its id. Without the column nothing here runs.
struct ImportIdentity {
    let kind: ImportKind
    let header: CSVHeader
    let connection: Connection

    private var active: Bool { (kind == .activities || kind == .applications) && header.has("id") }

    /// Checks (after the reference checks, before the problems are listed): an id given twice in the file, and for
    /// applications an id already recorded for another candidate or opening.
    var checks: [String] {
        guard active else { return [] }
        var statements = ["""
            INSERT INTO import_errors (line, column_name, message)
            SELECT r.line, 'id', format('id %s is on an earlier row too; each row of an export has its own id (fix the id, or remove the repeated row)', quote_literal(r.k))
            FROM (SELECT s.line, \(Cell.text("id")) AS k, min(s.line) OVER (PARTITION BY \(Cell.text("id"))) AS first
                  FROM import_staging s WHERE \(Cell.given("id"))) r
            WHERE r.line > r.first
            """]
        if kind == .applications {
            statements.append("""
                INSERT INTO import_errors (line, column_name, message)
                SELECT s.line, 'id', format('id %s already names another application (another candidate or opening); fix the id, or the candidate and opening', quote_literal(\(Cell.text("id"))))
                FROM import_staging s
                JOIN applications a ON a.external_id = \(Cell.text("id"))
                JOIN candidates c ON c.id = a.candidate_id
                WHERE \(Cell.given("id"))
                  AND (c.email IS DISTINCT FROM \(Cell.email("candidate")) OR a.opening_id IS DISTINCT FROM \(Cell.text("opening")))
                """)
        }
        return statements
    }

    /// An activities row's values, as the merge inserts them.
    static let activityValues: [(name: String, sql: String)] = [
        ("occurred_on", Cell.checkedDay("date")),
        ("type", "(\(Cell.word("type", Vocabulary.activityType)))::activity_type"),
        ("by", "(\(Cell.word("by", Vocabulary.party)))::party"),
        ("with_names", Cell.names("with")),
        ("channel", "(\(Cell.word("channel", Vocabulary.channel)))::contact_channel"),
        ("decision_by", Cell.checkedDay("decision_by")),
        ("interest", "(\(Cell.word("interest", Vocabulary.interest)))::interest_level"),
        ("note", Cell.note("note")),
    ]

    /// Before the activities are inserted (`import_targets` knows every row's application): a stored activity
    /// without an id that equals a row with one takes its id (it was imported before the ATS's ids were); then every
    /// stored activity whose id a row names takes the row's values (blank cells keep what is stored). The insert
    /// leaves those rows out.
    /// - Returns: how many activities changed.
    func mergeActivities() throws -> Int {
        guard kind == .activities && header.has("id") else { return 0 }
        let rows = """
            SELECT s.line, \(Cell.text("id")) AS k, t.application_id, \(ImportIdentity.activityValues.map { "\($0.sql) AS \($0.name)" }.joined(separator: ", "))
            FROM import_staging s
            JOIN import_targets t ON t.c_candidate = s.c_candidate AND t.c_opening = s.c_opening
            WHERE \(Cell.given("id"))
            """
        let names = ImportIdentity.activityValues.map { "r.\($0.name)" }.joined(separator: ", ")
        try connection.query("""
            UPDATE activities a SET external_id = r.k
            FROM (SELECT DISTINCT ON (r.application_id, activity_key(\(names))) r.k, r.application_id, activity_key(\(names)) AS nk
                  FROM (\(rows)) r
                  WHERE NOT EXISTS (SELECT 1 FROM activities x WHERE x.external_id = r.k)
                  ORDER BY r.application_id, activity_key(\(names)), r.k) r
            WHERE a.application_id = r.application_id AND a.natural_key = r.nk AND a.external_id IS NULL
            """)
        let pairs: [(stored: String, new: String)] = [
            ("application_id", "r.application_id"),
            ("occurred_on", "r.occurred_on"),
            ("type", "r.type"),
            ("by", "coalesce(r.by, a.by)"),
            ("with_names", "CASE WHEN cardinality(r.with_names) = 0 THEN a.with_names ELSE r.with_names END"),
            ("channel", "coalesce(r.channel, a.channel)"),
            ("decision_by", "coalesce(r.decision_by, a.decision_by)"),
            ("interest", "coalesce(r.interest, a.interest)"),
            ("note", "coalesce(r.note, a.note)"),
        ]
        // An edit that would make its activity equal to another stored one (or to another row's edit) would break
        // the natural key (reading 20): refused with the rows named, before anything is written.
        let edited = pairs.dropFirst().map(\.new).joined(separator: ", ")
        let collisions = try connection.query("""
            WITH r AS (\(rows)),
            e AS (SELECT r.line, r.k, a.id AS activity, r.application_id, activity_key(\(edited)) AS nk
                  FROM r JOIN activities a ON a.external_id = r.k)
            SELECT e.line, e.k, b.id::text, b.external_id, b.occurred_on::text, b.type::text, NULL::bigint
            FROM e JOIN activities b ON b.application_id = e.application_id AND b.natural_key = e.nk AND b.id <> e.activity
            UNION ALL
            SELECT e.line, e.k, NULL, f.k, NULL, NULL, f.line
            FROM e JOIN e f ON f.application_id = e.application_id AND f.nk = e.nk AND f.line < e.line
            -- (a row that leaves its activity as it is was named above, as the stored activity)
            WHERE f.nk IS DISTINCT FROM (SELECT x.natural_key FROM activities x WHERE x.id = f.activity)
            ORDER BY 1 LIMIT \(ImportError.listed + 1)
            """).rows
        if !collisions.isEmpty {
            throw IdCollisions(try collisions.map { row in
                IdCollision(record: try row.int(0), id: try row.text(1),
                            other: row[6].flatMap(Int.init).map { .row(record: $0, id: row[3] ?? "") }
                                ?? .stored(activity: row[2] ?? "", id: row[3], date: row[4] ?? "", type: row[5] ?? ""))
            })
        }
        return try connection.query("""
            UPDATE activities a SET \(pairs.map { "\($0.stored) = \($0.new)" }.joined(separator: ", "))
            FROM (\(rows)) r
            WHERE a.external_id = r.k
              AND (\(pairs.map { "a.\($0.stored)" }.joined(separator: ", "))) IS DISTINCT FROM (\(pairs.map(\.new).joined(separator: ", ")))
            """).affected
    }

    /// The filter that leaves out of the insert the rows whose activity is stored (found by its id above).
    var activityInsertFilter: String {
        header.has("id") ? " AND NOT EXISTS (SELECT 1 FROM activities x WHERE x.external_id = \(Cell.text("id")))" : ""
    }
}

/// An edit by the ATS's id that would make its activity the same as another: a stored activity (`recruit activity
/// list` shows it) or the activity another row edits. The import is refused (ImportError.refused) with these named.
struct IdCollision: Sendable {
    enum Other: Sendable {
        case stored(activity: String, id: String?, date: String, type: String)
        case row(record: Int, id: String)
    }
    /// Staging's record number of the row, and its id.
    let record: Int
    let id: String
    let other: Other

    /// The problem, the other row's line as the file numbers lines.
    func problem(_ lines: RecordLines, column: String) -> ImportProblem {
        let message: String
        switch other {
        case let .stored(activity, id, date, type):
            let named = id.map { "id \($0)" } ?? "imported without an id"
            message = "id \(self.id) would make its activity the same as stored activity \(activity) (\(type) on \(date), \(named)) of the same candidate and opening; an activity is stored once: correct the row, or delete the other with recruit activity delete \(activity) if it is the mistaken one"
        case let .row(record, id):
            message = "id \(self.id) would make its activity the same as the one id \(id) on line \(lines.line(ofRecord: record)) makes; an activity is stored once: correct one of the two rows"
        }
        return ImportProblem(line: lines.line(ofRecord: record), column: column, message: message)
    }
}

/// The collisions an import's edits by id would cause (up to `ImportError.listed` + 1).
struct IdCollisions: Error, Sendable {
    let all: [IdCollision]
    init(_ all: [IdCollision]) { self.all = all }
}
