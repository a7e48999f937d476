/// The set-based merge of validated staging rows into the agency's tables: a few statements per file, whatever its
/// size. Blank cells keep what is stored; a key named twice in one file takes the later row's cells (its blanks keep
/// the earlier row's); nothing is ever inserted twice (unique keys, under the import's advisory lock).
struct ImportMerge {
    let kind: ImportKind
    let header: CSVHeader
    let connection: Connection

    func run(into report: inout ImportReport) throws {
        switch kind {
        case .openings: try mergeOpenings(&report)
        case .candidates: try mergeCandidates(&report)
        case .applications: try mergeApplicationsFile(&report)
        case .activities: try mergeActivities(&report)
        }
    }

    // MARK: - One row per key

    /// One row per key (`k`) with the typed values, the later row winning cell by cell, as an SQL subquery over
    /// staging (not a table: writing a million rows once more would cost as much as the merge itself).
    /// - Returns: the subquery, and how many rows repeated an earlier row's key.
    func collapse(_ name: String, key: String, values: [(name: String, sql: String)],
                          where filter: String = "true") throws -> (source: String, repeated: Int) {
        // Only the repeated keys pay for the ordered aggregate; the rest are read as they are.
        try connection.execute(script: """
            CREATE TEMP TABLE \(name)_repeats ON COMMIT DROP AS
            SELECT \(key) AS k, count(*) - 1 AS extra FROM import_staging s WHERE \(filter) GROUP BY 1 HAVING count(*) > 1;
            ANALYZE \(name)_repeats;
            """)
        let repeated = try connection.query("SELECT coalesce(sum(extra), 0) FROM \(name)_repeats").onlyRow().int(0)
        let source = """
            SELECT \(key) AS k, s.line, \(values.map { "\($0.sql) AS \($0.name)" }.joined(separator: ", "))
            FROM import_staging s
            WHERE \(filter) AND NOT EXISTS (SELECT 1 FROM \(name)_repeats r WHERE r.k = \(key))
            UNION ALL
            SELECT \(key), max(s.line), \(values.map { "recruit_last_given(\($0.sql) ORDER BY s.line)" }.joined(separator: ", "))
            FROM import_staging s JOIN \(name)_repeats r ON r.k = \(key)
            WHERE \(filter)
            GROUP BY \(key)
            """
        return (source, repeated)
    }

    /// Like `collapse`, kept as a table, for the small files whose rows feed several statements (openings).
    func collapse(into table: String, key: String, values: [(name: String, sql: String)]) throws -> Int {
        let (source, repeated) = try collapse(table, key: key, values: values)
        try connection.execute(script: "CREATE TEMP TABLE \(table) ON COMMIT DROP AS \(source); ANALYZE \(table);")
        return repeated
    }

    func count(_ table: String) throws -> Int {
        try connection.query("SELECT count(*) FROM \(table)").onlyRow().int(0)
    }

    /// Runs an UPDATE (only rows that change) and an INSERT (only new keys) and counts them against `rows` keys.
    func upsert(table: String, rows: Int, update: String?, insert: String?) throws -> ImportReport.Counts {
        let updated = try update.map { try connection.query($0).affected } ?? 0
        let inserted = try insert.map { try connection.query($0).affected } ?? 0
        return ImportReport.Counts(table: table, inserted: inserted, updated: updated,
                                   unchanged: max(0, rows - inserted - updated))
    }

    /// `(stored, ...) IS DISTINCT FROM (coalesce(new, stored), ...)`: the row changes.
    func changes(_ pairs: [(stored: String, new: String)]) -> String {
        "(\(pairs.map(\.stored).joined(separator: ", "))) IS DISTINCT FROM (\(pairs.map(\.new).joined(separator: ", ")))"
    }

    /// Runs `body`, an insert that assumes the file repeats no key, under a savepoint. When the unique key
    /// `unique` proves it wrong, rolls back to the savepoint (nothing of `body` stays) and returns nil, so the
    /// caller can merge the general way; any other failure is rethrown (and rolls the import back).
    func withoutRepeats<T>(unique constraint: String, _ body: () throws -> T) throws -> T? {
        try connection.execute(script: "SAVEPOINT recruit_no_repeats")
        do {
            let value = try body()
            try connection.execute(script: "RELEASE SAVEPOINT recruit_no_repeats")
            return value
        } catch let DatabaseError.server(error) where error.sqlState == "23505" && error.constraint == constraint {
            try connection.execute(script: "ROLLBACK TO SAVEPOINT recruit_no_repeats; RELEASE SAVEPOINT recruit_no_repeats")
            return nil
        }
    }

    // MARK: - Openings

    // Over 60 lines: mostly the SQL of the merge's few set-based statements, kept with the cells they read.
    func mergeOpenings(_ report: inout ImportReport) throws {
        report.repeated = try collapse(into: "import_rows", key: Cell.text("opening"), values: [
            ("client", Cell.name("client")),
            ("title", Cell.text("title")),
            ("hm", Cell.name("hiring_manager")),
            ("hm_email", Cell.email("hiring_manager_email")),
            ("status", "(\(Cell.word("status", Vocabulary.openingStatus)))::opening_status"),
            ("opened_on", Cell.day("opened_on")),
            ("filled_on", Cell.day("filled_on")),
            ("recruiter", Cell.text("recruiter")),
        ])
        let rows = try count("import_rows")
        // Clients by name, the same name in another case or spacing being the same client (person_key).
        let clients = try connection.query("""
            INSERT INTO clients (name)
            SELECT DISTINCT ON (person_key(client)) client FROM import_rows ORDER BY person_key(client), line
            ON CONFLICT ((person_key(name))) DO NOTHING
            """).affected
        // Hiring managers within their client, by name, or by e-mail when the name is blank (reading 16).
        let managers = try connection.query("""
            INSERT INTO hiring_managers (client_id, name, email)
            SELECT cl.id, (array_agg(r.hm ORDER BY r.line))[1],
                   (array_agg(r.hm_email ORDER BY r.line DESC) FILTER (WHERE r.hm_email IS NOT NULL))[1]
            FROM import_rows r JOIN clients cl ON person_key(cl.name) = person_key(r.client)
            WHERE r.hm IS NOT NULL OR r.hm_email IS NOT NULL
            GROUP BY cl.id, coalesce(person_key(r.hm), r.hm_email)
            ON CONFLICT (client_id, key) DO UPDATE SET email = EXCLUDED.email
            WHERE EXCLUDED.email IS NOT NULL AND hiring_managers.email IS DISTINCT FROM EXCLUDED.email
            """).affected
        let source = """
            import_rows r
            JOIN clients cl ON person_key(cl.name) = person_key(r.client)
            LEFT JOIN hiring_managers hm ON hm.client_id = cl.id AND hm.key = coalesce(person_key(r.hm), r.hm_email)
            """
        let pairs: [(stored: String, new: String)] = [
            ("o.client_id", "cl.id"),
            ("o.title", "coalesce(r.title, o.title)"),
            ("o.hiring_manager_id", "CASE WHEN o.client_id = cl.id THEN coalesce(hm.id, o.hiring_manager_id) ELSE hm.id END"),
            ("o.status", "coalesce(r.status, o.status)"),
            ("o.opened_on", "coalesce(r.opened_on, o.opened_on)"),
            ("o.filled_on", "coalesce(r.filled_on, o.filled_on)"),
            ("o.recruiter", "coalesce(r.recruiter, o.recruiter)"),
        ]
        let counts = try upsert(
            table: "openings", rows: rows,
            update: """
                UPDATE openings o SET \(pairs.map { "\($0.stored.dropFirst(2)) = \($0.new)" }.joined(separator: ", ")), updated_at = now()
                FROM \(source)
                WHERE o.id = r.k AND \(changes(pairs))
                """,
            insert: """
                INSERT INTO openings (id, client_id, title, hiring_manager_id, status, opened_on, filled_on, recruiter)
                SELECT r.k, cl.id, r.title, hm.id, coalesce(r.status, 'open'), r.opened_on, r.filled_on, r.recruiter
                FROM \(source)
                WHERE NOT EXISTS (SELECT 1 FROM openings o WHERE o.id = r.k)
                ORDER BY r.line
                ON CONFLICT (id) DO NOTHING
                """)
        report.counts = [counts]
        if clients > 0 { report.counts.append(ImportReport.Counts(table: "clients", inserted: clients)) }
        if managers > 0 { report.counts.append(ImportReport.Counts(table: "hiring managers", inserted: managers)) }
    }

    // MARK: - Candidates

    // Over 60 lines: mostly the SQL of the merge's few set-based statements, kept with the cells they read.
    func mergeCandidates(_ report: inout ImportReport) throws {
        // `name` fills first and last name when the file has no such cells: the last word is the last name.
        let fullName = Cell.name("name")
        let first = "coalesce(\(Cell.text("first_name")), CASE WHEN \(Cell.text("last_name")) IS NULL THEN regexp_replace(\(fullName), ' [^ ]+$', '') END)"
        let last = "coalesce(\(Cell.text("last_name")), CASE WHEN \(Cell.text("first_name")) IS NULL THEN substring(\(fullName) from ' ([^ ]+)$') END)"
        let values: [(name: String, sql: String)] = [
            ("first_name", header.has("name") ? first : Cell.text("first_name")),
            ("last_name", header.has("name") ? last : Cell.text("last_name")),
            ("phone", Cell.text("phone")),
            ("source", Cell.text("source")),
            ("recruiter", Cell.text("recruiter")),
            ("notes", Cell.note("notes")),
        ]
        // A first import into an empty table has nothing to update: skip the join. The INSERTs below need no
        // ON CONFLICT (speculative insertion costs every row): the advisory lock keeps other candidate imports out,
        // the anti-join leaves out stored e-mails, and should anything else slip in, the unique key refuses it and
        // the import rolls back.
        let empty = try connection.query("SELECT NOT EXISTS (SELECT 1 FROM candidates)").scalar == "t"
        // Into an empty table, a file that names every e-mail once is inserted as it stands, with no pass to find
        // repeated keys (a pass over every row): the unique key finds them instead, and a file that has some is
        // merged again the general way below.
        if empty, let inserted = try withoutRepeats(unique: "candidates_email_key", {
            try connection.query("""
                INSERT INTO candidates (email, first_name, last_name, phone, source, recruiter, notes)
                SELECT \(Cell.email("email")), \(values.map(\.sql).joined(separator: ", "))
                FROM import_staging s
                """).affected
        }) {
            report.counts = [ImportReport.Counts(table: "candidates", inserted: inserted)]
            try mergeSubmittals(&report)
            return
        }
        if !header.has("opening"), try count("import_staging") > 10_000 {
            try connection.execute(script: "ANALYZE import_staging")  // left out by the importer (see there)
        }
        let (source, repeated) = try collapse("import_rows", key: Cell.email("email"), values: values)
        report.repeated = repeated
        let rows = try count("import_staging") - repeated
        let pairs: [(stored: String, new: String)] = ["first_name", "last_name", "phone", "source", "recruiter", "notes"]
            .map { ("c.\($0)", "coalesce(r.\($0), c.\($0))") }
        if empty {
            report.counts = [try upsert(table: "candidates", rows: rows, update: nil, insert: """
                INSERT INTO candidates (email, first_name, last_name, phone, source, recruiter, notes)
                SELECT r.k, r.first_name, r.last_name, r.phone, r.source, r.recruiter, r.notes
                FROM (\(source)) r
                """)]
            try mergeSubmittals(&report)
            return
        }
        // The file's rows joined once with the stored candidates, and only the new and changed ones kept: the update
        // reads the rows that change, by id, and the insert the new ones, instead of each joining the file with every
        // candidate again (a re-import of 200,000 unchanged candidates: 1.9 s for the two joins), and a re-import of
        // an unchanged file writes no row at all (a million: 2.8 s when every row was kept).
        try connection.execute(script: """
            CREATE TEMP TABLE import_candidates ON COMMIT DROP AS
            SELECT r.*, c.id AS stored_id, c.id IS NOT NULL AS changed
            FROM (\(source)) r LEFT JOIN candidates c ON c.email = r.k
            WHERE c.id IS NULL OR \(changes(pairs))
            """)
        let split = try connection.query("""
            SELECT count(*) FILTER (WHERE changed), count(*) FILTER (WHERE stored_id IS NULL) FROM import_candidates
            """).rows[0]
        let counts = try upsert(
            table: "candidates", rows: rows,
            update: split[0] == "0" ? nil : """
                UPDATE candidates c SET \(pairs.map { "\($0.stored.dropFirst(2)) = \($0.new)" }.joined(separator: ", ")), updated_at = now()
                FROM import_candidates r
                WHERE r.changed AND c.id = r.stored_id AND \(changes(pairs))
                """,
            insert: split[1] == "0" ? nil : """
                INSERT INTO candidates (email, first_name, last_name, phone, source, recruiter, notes)
                SELECT r.k, r.first_name, r.last_name, r.phone, r.source, r.recruiter, r.notes
                FROM import_candidates r
                WHERE r.stored_id IS NULL
                ORDER BY r.line
                """)
        report.counts = [counts]
        try mergeSubmittals(&report)
    }

    /// The applications a candidates file makes: the same file may submit the candidate (CONTRACT.md: `opening`,
    /// `stage`, `submitted_on`).
    func mergeSubmittals(_ report: inout ImportReport) throws {
        if header.has("opening") {
            let (source, repeated) = try collapse(
                "import_applications", key: "\(Cell.email("email")) || E'\\x1f' || \(Cell.text("opening"))",
                values: applicationValues(candidate: "email", includeDecision: false),
                where: Cell.given("opening"))
            let rows = try connection.query("SELECT count(*) FROM import_staging s WHERE \(Cell.given("opening"))").onlyRow().int(0)
            report.counts.append(try mergeApplications(source: source, rows: rows - repeated))
        }
    }

    // MARK: - Applications

    /// An applications file with the ATS's submission ids (`id`).
    private var withIDs: Bool { kind == .applications && header.has("id") }

    func applicationValues(candidate: String, includeDecision: Bool) -> [(name: String, sql: String)] {
        [
            ("candidate", Cell.email(candidate)),
            ("opening", Cell.text("opening")),
            ("stage", "(\(Cell.word("stage", Vocabulary.stage)))::application_stage"),
            ("stage_date", Cell.day("stage_date")),
            ("submitted_on", Cell.day("submitted_on")),
            ("decision_by", includeDecision ? Cell.day("decision_by") : "NULL::date"),
            ("interest", includeDecision ? "(\(Cell.word("interest", Vocabulary.interest)))::interest_level" : "NULL::interest_level"),
            ("recruiter", includeDecision ? Cell.text("recruiter") : "NULL::text"),
        ] + (withIDs ? [("external_id", Cell.text("id"))] : [])
    }

    func mergeApplicationsFile(_ report: inout ImportReport) throws {
        let (source, repeated) = try collapse(
            "import_applications", key: "\(Cell.email("candidate")) || E'\\x1f' || \(Cell.text("opening"))",
            values: applicationValues(candidate: "candidate", includeDecision: true))
        report.repeated = repeated
        report.counts = [try mergeApplications(source: source, rows: try count("import_staging") - repeated)]
    }

    /// Upserts the applications of `source` (one row per candidate and opening; `rows` of them).
    func mergeApplications(source rows: String, rows count: Int) throws -> ImportReport.Counts {
        // The ATS's submission id (sql/0018), only when the file has the column.
        var pairs: [(stored: String, new: String)] = (["stage", "stage_date", "submitted_on", "decision_by", "interest", "recruiter"]
            + (withIDs ? ["external_id"] : []))
            .map { ("a.\($0)", "coalesce(r.\($0), a.\($0))") }
        // The stage and its date are one fact (reading 3): a new stage without a date does not inherit the old
        // stage's date (it becomes the earliest fact, as a row without stage_date is).
        pairs[1].new = "CASE WHEN r.stage IS DISTINCT FROM a.stage AND r.stage IS NOT NULL THEN r.stage_date ELSE coalesce(r.stage_date, a.stage_date) END"
        let source = "(\(rows)) r JOIN candidates c ON c.email = r.candidate"
        return try upsert(
            table: "applications", rows: count,
            update: """
                UPDATE applications a SET \(pairs.map { "\($0.stored.dropFirst(2)) = \($0.new)" }.joined(separator: ", ")), updated_at = now()
                FROM \(source)
                WHERE a.candidate_id = c.id AND a.opening_id = r.opening AND \(changes(pairs))
                """,
            insert: """
                INSERT INTO applications (candidate_id, opening_id, stage, stage_date, submitted_on, decision_by, interest, recruiter\(withIDs ? ", external_id" : ""))
                SELECT c.id, r.opening, coalesce(r.stage, 'submitted'), r.stage_date, r.submitted_on, r.decision_by, r.interest, r.recruiter\(withIDs ? ", r.external_id" : "")
                FROM \(source)
                WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.candidate_id = c.id AND a.opening_id = r.opening)
                ORDER BY r.line
                ON CONFLICT ON CONSTRAINT applications_candidate_opening_key DO NOTHING
                """)
    }

    // MARK: - Activities
}
