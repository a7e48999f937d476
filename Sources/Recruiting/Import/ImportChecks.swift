/// SQL expressions over one staging row (`s`) that read a cell the way CONTRACT.md means it. A blank cell (empty or
/// only spaces) is NULL: "not given". Only column names the program made up are spliced in; values never are.
/// (`package`: the tests compare each expression with a plain form of it, cell by cell, on the server.)
package enum Cell {
    package static func raw(_ column: String) -> String { "s.c_\(column)" }
    /// True when the cell holds something (a character other than a space), never NULL. The same as
    /// `btrim(coalesce(cell, '')) <> ''`, but only a cell that starts with a space is trimmed (a million-row file
    /// checks several cells per row this way).
    package static func given(_ column: String) -> String {
        "(s.c_\(column) IS NOT NULL AND s.c_\(column) <> '' AND (s.c_\(column) NOT LIKE ' %' OR btrim(s.c_\(column)) <> ''))"
    }
    /// Trimmed text.
    package static func text(_ column: String) -> String { "nullif(btrim(s.c_\(column)), '')" }
    /// A person's or company's name: trimmed, runs of spaces collapsed (reading 10).
    package static func name(_ column: String) -> String { #"nullif(regexp_replace(btrim(s.c_\#(column)), '\s+', ' ', 'g'), '')"# }
    /// An e-mail address: trimmed, lower-case (POLICY.md "candidate").
    package static func email(_ column: String) -> String { "nullif(lower(btrim(s.c_\(column))), '')" }
    /// A word of a closed vocabulary: lower-case, `-` and spaces read as `_` ("On Hold" is `on_hold`).
    package static func label(_ column: String) -> String {
        "nullif(replace(replace(lower(btrim(s.c_\(column))), '-', '_'), ' ', '_'), '')"
    }
    /// `label` for a column of the closed vocabulary `words`: a cell written exactly as one of them (most cells) is
    /// taken as it is, which `label` would return unchanged, without lower() and the replacements (a hashed lookup
    /// instead of normalizing every cell).
    package static func word(_ column: String, _ words: [String]) -> String {
        "CASE WHEN s.c_\(column) IN (\(list(words))) THEN s.c_\(column) ELSE \(label(column)) END"
    }
    /// Free text (notes) kept exactly as written, unless blank.
    package static func note(_ column: String) -> String { "CASE WHEN \(given(column)) THEN s.c_\(column) END" }
    /// A day. A plain `YYYY-MM-DD` (`plainDay`) is cast inline; so is one that a regular expression finds valid
    /// whatever the year (every date but February 29, with white space around it); blank is NULL; everything else
    /// goes through `recruit_parse_day` (sql/0002), which returns NULL instead of failing. The inline paths keep a
    /// million-row file from paying a PL/pgSQL call per cell, and the first one from paying the expression.
    package static func day(_ column: String) -> String {
        "CASE WHEN \(plainDay(column)) THEN s.c_\(column)::date "
            + #"WHEN s.c_\#(column) ~ '^\s*[1-9]\d{3}-((0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)\s*$' "#
            + #"THEN btrim(s.c_\#(column))::date WHEN btrim(coalesce(s.c_\#(column), '')) = '' THEN NULL "#
            + #"ELSE recruit_parse_day(s.c_\#(column), current_setting('recruit.import_zone')) END"#
    }
    /// True when the cell is exactly ten characters `YYYY-MM-DD` naming a day that exists whatever the year (every
    /// day but February 29), with a year from 1000: a cast reads it as `recruit_parse_day` would. No regular
    /// expression, the costly part of `day`: three pieces of the cell are each looked up in a constant list, which
    /// PostgreSQL hashes (`substr(c, 6, 5) IN ('01-01', ..., '12-31')`). Anything else
    /// (white space around it, date-times, February 29, `2026-02-30`, `03/04/2026`) is left to the other branches.
    package static func plainDay(_ column: String) -> String {
        "(octet_length(s.c_\(column)) = 10 AND substr(s.c_\(column), 1, 2) IN (\(centuries)) "
            + "AND substr(s.c_\(column), 3, 3) IN (\(yearEnds)) AND substr(s.c_\(column), 6, 5) IN (\(monthDays)))"
    }
    /// '10' ... '99': the first two digits of a year from 1000 to 9999.
    package static let centuries = (10...99).map { "'\($0)'" }.joined(separator: ", ")
    /// '00-' ... '99-': the last two digits of the year and its dash.
    package static let yearEnds = (0...99).map { "'\($0 < 10 ? "0" : "")\($0)-'" }.joined(separator: ", ")
    /// 'MM-DD' of every day of a year that is not a leap year ('01-01' ... '12-31', without '02-29').
    package static let monthDays: String = {
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return lengths.enumerated().flatMap { month, days in (1...days).map { "'\(two(month + 1))-\(two($0))'" } }
            .joined(separator: ", ")
    }()
    /// `day` for a cell the checks have already passed (the merge, after `handleProblems`): a ten-byte cell can
    /// then only be `YYYY-MM-DD` naming a real day, which the cast reads as `day` would, without its regular
    /// expression. Never use it before the checks: the cast fails on `2026-02-30`.
    package static func checkedDay(_ column: String) -> String {
        "CASE WHEN octet_length(s.c_\(column)) = 10 THEN s.c_\(column)::date ELSE \(day(column)) END"
    }
    /// A SQL list of program constants, for `IN (...)`.
    /// The names of a `with` cell (reading 10); a single name skips the general splitter.
    package static func names(_ column: String) -> String {
        "CASE WHEN NOT \(given(column)) THEN '{}'::text[] "
            + #"WHEN strpos(s.c_\#(column), ';') = 0 THEN ARRAY[regexp_replace(btrim(s.c_\#(column)), '\s+', ' ', 'g')] "#
            + #"ELSE recruit_split_names(s.c_\#(column)) END"#
    }
    package static func list(_ words: [String]) -> String { words.map { "'\($0)'" }.joined(separator: ", ") }
}

/// The checks of one file: each names the line and column of a bad cell, all in one pass over staging, so that a
/// user fixes the whole file at once rather than one error per run.
struct ImportChecks {
    let kind: ImportKind
    let header: CSVHeader
    /// The file's data rows (large files first refresh the planner's statistics).
    var rows = 0
    /// The profile or flags the file is read with: messages then name the entry or flag that fixes a cell.
    var profile: ImportProfile?

    /// What a date message adds: the flag to give, or that the cell does not match the format given.
    private var dateHint: String {
        profile?.dateFormat == nil
            ? "; if the file writes dates another way, say how with --date-format (e.g. --date-format MM/DD/YYYY or DD/MM/YYYY)"
            : "; it does not match the date format given (--date-format, or \"dateFormat\" in the profile)"
    }

    /// What a closed-vocabulary message adds: the profile entry that would map the word.
    private func wordHint(_ column: String) -> String {
        guard let profile, !profile.name.isEmpty else {
            return "; or map other words to these with a profile (--profile, docs/import-profiles.md)"
        }
        return "; or map it in the profile under \"values\": {\"\(column)\": {...}}"
    }

    /// One check: when `failing` is true for a row, `message` (an SQL text expression) describes it.
    private struct Check {
        let column: String?
        let failing: String
        let message: String
    }

    /// `INSERT INTO import_errors` of the checks that need nothing but the row itself.
    var rowChecks: String {
        var checks: [Check] = []
        func present(_ column: String) -> Bool { header.has(column) }
        func required(_ column: String) {
            checks.append(Check(column: column, failing: "NOT (\(Cell.given(column)))",
                                message: "'is blank; every row needs a value here'"))
        }
        func day(_ column: String) {
            guard present(column) else { return }
            checks.append(Check(column: column, failing: "\(Cell.given(column)) AND (\(Cell.day(column))) IS NULL",
                                message: "format('%s is not a date; write YYYY-MM-DD (e.g. 2026-11-20) or an ISO 8601 date-time (2026-11-20T14:30:00Z)\(dateHint)', quote_literal(left(btrim(\(Cell.raw(column))), 60)))"))
        }
        func word(_ column: String, _ words: [String], _ what: String) {
            guard present(column) else { return }
            // Most cells are written exactly as the vocabulary spells them: test that first, normalize only the rest.
            checks.append(Check(column: column,
                                failing: "\(Cell.raw(column)) NOT IN (\(Cell.list(words))) AND (\(Cell.label(column))) NOT IN (\(Cell.list(words)))",
                                message: "format('%s is not a known \(what); use one of: \(words.joined(separator: ", "))\(wordHint(column))', quote_literal(left(btrim(\(Cell.raw(column))), 60)))"))
        }
        func email(_ column: String) {
            guard present(column) else { return }
            // Lower-casing changes neither where an `@` is nor whether a character stands before and after it, so
            // the check leaves it out: it would cost every row and decide nothing.
            checks.append(Check(column: column, failing: "(\(Cell.text(column))) NOT LIKE '%_@_%'",
                                message: "format('%s is not an e-mail address', quote_literal(left(btrim(\(Cell.raw(column))), 60)))"))
        }
        for column in kind.columns where column.required { required(column.name) }
        switch kind {
        case .openings:
            word("status", Vocabulary.openingStatus, "opening status")
            email("hiring_manager_email")
            day("opened_on")
            day("filled_on")
            if present("opened_on") && present("filled_on") {
                checks.append(Check(column: "filled_on", failing: "(\(Cell.day("filled_on"))) < (\(Cell.day("opened_on")))",
                                    message: "'is before opened_on; an opening is filled after it opens'"))
            }
        case .candidates:
            email("email")
            word("stage", Vocabulary.stage, "stage")
            day("stage_date")
            day("submitted_on")
            for column in ["stage", "stage_date", "submitted_on"] where present(column) {
                checks.append(Check(column: column, failing: "\(Cell.given(column)) AND NOT (\(Cell.given("opening")))",
                                    message: "'needs an opening to submit the candidate to; fill in the opening column or clear this cell'"))
            }
            if present("stage") {
                checks.append(Check(
                    column: "stage",
                    failing: "(\(Cell.label("stage"))) IN ('offered', 'hired', 'rejected', 'withdrawn') AND NOT (\(Cell.given("stage_date")))",
                    message: "format('%s needs its date in a stage_date column (CONTRACT.md)', quote_literal(btrim(\(Cell.raw("stage")))))"))
            }
        case .applications:
            email("candidate")
            word("stage", Vocabulary.stage, "stage")
            word("interest", Vocabulary.interest, "interest")
            day("stage_date")
            day("submitted_on")
            day("decision_by")
        case .activities:
            email("candidate")
            day("date")
            word("type", Vocabulary.activityType, "activity type")
            word("by", Vocabulary.party, "party (by)")
            word("channel", Vocabulary.channel, "channel")
            word("interest", Vocabulary.interest, "interest")
            day("decision_by")
            if present("decision_by") {
                // Reading 3: only an hm_reply states a decision date; dropping the cell silently would lose data.
                checks.append(Check(
                    column: "decision_by",
                    failing: "\(Cell.given("decision_by")) AND (\(Cell.label("type"))) IS DISTINCT FROM 'hm_reply'",
                    message: "format('only an hm_reply states a decision date, not %s (POLICY.md reading 3); move the date to an hm_reply row or clear the cell', coalesce(quote_literal(btrim(\(Cell.raw("type")))), 'a row without a type'))"))
            }
        }
        // The OR of every check filters the scan itself, so the per-row VALUES list (costly to set up for each row)
        // is built only for the rare bad rows.
        let values = checks.map { check in
            "(\(check.column.map { "'\($0)'" } ?? "NULL::text"), CASE WHEN \(check.failing) THEN \(check.message) END)"
        }
        return """
            INSERT INTO import_errors (line, column_name, message)
            SELECT s.line, e.column_name, e.message
            FROM import_staging s
            CROSS JOIN LATERAL (VALUES \(values.joined(separator: ",\n    "))) AS e(column_name, message)
            WHERE (\(checks.map { "coalesce(\($0.failing), false)" }.joined(separator: "\n   OR "))) AND e.message IS NOT NULL
            ORDER BY s.line
            """
    }

    /// Checks against what is stored (run under the import's lock): unknown candidates and openings, and stages
    /// that need a date the database does not have either.
    var referenceChecks: [String] {
        func unknownOpening(_ column: String) -> String {
            """
            INSERT INTO import_errors (line, column_name, message)
            SELECT s.line, '\(column)', format('no opening %s; import the openings file first (or fix the id)', quote_literal(\(Cell.text(column))))
            FROM import_staging s
            WHERE \(Cell.text(column)) IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM openings o WHERE o.id = \(Cell.text(column)))
            """
        }
        // Candidate and opening in one pass over staging (activities files run to millions of rows).
        let unknownReferences = """
            INSERT INTO import_errors (line, column_name, message)
            SELECT s.line, e.column_name, e.message
            FROM import_staging s
            LEFT JOIN candidates c ON c.email = \(Cell.email("candidate"))
            LEFT JOIN openings o ON o.id = \(Cell.text("opening"))
            CROSS JOIN LATERAL (VALUES
                ('candidate', CASE WHEN c.id IS NULL AND \(Cell.email("candidate")) IS NOT NULL THEN format('no candidate %s; import the candidates file first (or fix the address)', quote_literal(\(Cell.email("candidate")))) END),
                ('opening', CASE WHEN o.id IS NULL AND \(Cell.text("opening")) IS NOT NULL THEN format('no opening %s; import the openings file first (or fix the id)', quote_literal(\(Cell.text("opening")))) END)
            ) AS e(column_name, message)
            WHERE ((c.id IS NULL AND \(Cell.email("candidate")) IS NOT NULL) OR (o.id IS NULL AND \(Cell.text("opening")) IS NOT NULL))
              AND e.message IS NOT NULL
            """
        switch kind {
        case .openings:
            return []
        case .candidates:
            return header.has("opening") ? [unknownOpening("opening")] : []
        case .applications:
            var statements = [unknownReferences]
            if header.has("stage") {
                // CONTRACT.md: offered and the decided stages need their date, in the file or stored with that same stage.
                statements.append("""
                    INSERT INTO import_errors (line, column_name, message)
                    SELECT s.line, 'stage_date', format('stage %s needs its date here (stage_date)', quote_literal(\(Cell.label("stage"))))
                    FROM import_staging s
                    WHERE (\(Cell.label("stage"))) IN ('offered', 'hired', 'rejected', 'withdrawn')
                      AND NOT (\(Cell.given("stage_date")))
                      AND NOT EXISTS (SELECT 1 FROM applications a JOIN candidates c ON c.id = a.candidate_id
                                      WHERE c.email = \(Cell.email("candidate")) AND a.opening_id = \(Cell.text("opening"))
                                        AND a.stage_date IS NOT NULL AND a.stage::text = \(Cell.label("stage")))
                    """)
            }
            return statements
        case .activities:
            // The candidates and openings of an activities file are looked up once per pair (the merge uses the
            // same table), and the lines naming an unknown one are listed from the few pairs that are.
            let unknownPairs = """
                INSERT INTO import_errors (line, column_name, message)
                SELECT s.line, e.column_name, e.message
                FROM import_staging s
                JOIN (SELECT * FROM import_targets
                      WHERE (candidate_id IS NULL AND candidate IS NOT NULL) OR (opening_id IS NULL AND opening IS NOT NULL)) t
                  ON coalesce(t.c_candidate, '') = coalesce(s.c_candidate, '') AND coalesce(t.c_opening, '') = coalesce(s.c_opening, '')
                 AND t.c_candidate IS NOT DISTINCT FROM s.c_candidate AND t.c_opening IS NOT DISTINCT FROM s.c_opening
                CROSS JOIN LATERAL (VALUES
                    ('candidate', CASE WHEN t.candidate_id IS NULL AND t.candidate IS NOT NULL THEN format('no candidate %s; import the candidates file first (or fix the address)', quote_literal(t.candidate)) END),
                    ('opening', CASE WHEN t.opening_id IS NULL AND t.opening IS NOT NULL THEN format('no opening %s; import the openings file first (or fix the id)', quote_literal(t.opening)) END)
                ) AS e(column_name, message)
                WHERE e.message IS NOT NULL
                """
            // Fresh imports leave the planner with no statistics on the tables it joins against; a million-row join
            // planned as a nested loop would take hours.
            return (rows > 10_000 ? ["ANALYZE candidates, openings, applications"] : [])
                + ImportChecks.activityTargets(rows: rows, header: header) + [unknownPairs]
        }
    }

    /// `import_targets`: one row per candidate and opening cell an activities file has, as written (`c_candidate`,
    /// `c_opening`: grouping by the cells as they are spares normalizing five million of them), with the values
    /// they mean, their ids (NULL when unknown), the earliest line, the application when there is one, and whether
    /// that application has no activities yet (`fresh`). About a million rows for a five-million-row file: the merge
    /// finds each staging row's application with one hash join on the two cells.
    ///
    /// The earliest day comes in two parts so that no cell is parsed here: the least ten-byte cell (`first_plain`,
    /// which once the checks have passed can only be `YYYY-MM-DD`, so text order is date order) and the least day
    /// of the other cells (`first_other`, date-times). `first_plain` must only be cast after the checks.
    ///
    /// `fresh` only picks the faster insert (ImportMerge, `withoutRepeats`); a wrong `false` costs speed, never
    /// correctness. For an existing application it takes a probe of `activities` each, one random page read in a
    /// large agency: for a file of at most `freshProbeRows` rows (a daily delta of 10,000 activities: 0.6-0.8 s of
    /// probes into 8,000,000 activities, for inserts too few for the faster way to matter) only the applications
    /// this import creates are fresh.
    ///
    /// A file that takes digests (`ImportDigests.apply`) also has each pair's count and digest of its rows
    /// (ImportDigests.swift, sql/0023).
    static func activityTargets(rows: Int, header: CSVHeader) -> [String] {
        let digests = ImportDigests.apply(to: header)
        return [
        """
        CREATE TEMP TABLE import_targets ON COMMIT DROP AS
        SELECT s.c_candidate, s.c_opening, \(Cell.email("candidate")) AS candidate, \(Cell.text("opening")) AS opening,
               s.first_line, s.first_plain, s.first_other, c.id AS candidate_id, o.id AS opening_id,
               a.id AS application_id,
               a.id IS NULL\(rows > freshProbeRows ? " OR NOT EXISTS (SELECT 1 FROM activities x WHERE x.application_id = a.id)" : "") AS fresh\(digests ? ", s.rows, s.high, s.low" : "")
        FROM (SELECT s.c_candidate, s.c_opening, min(s.line) AS first_line,
                     min(s.c_date COLLATE "C") FILTER (WHERE octet_length(s.c_date) = 10) AS first_plain,
                     min(\(Cell.day("date"))) FILTER (WHERE octet_length(s.c_date) IS DISTINCT FROM 10) AS first_other\(digests ? ",\n" + ImportDigests.sums : "")
              FROM \(digests ? ImportDigests.hashedStaging : "import_staging s")
              GROUP BY 1, 2) s
        LEFT JOIN candidates c ON c.email = \(Cell.email("candidate"))
        LEFT JOIN openings o ON o.id = \(Cell.text("opening"))
        LEFT JOIN applications a ON a.candidate_id = c.id AND a.opening_id = o.id
        """,
        "ANALYZE import_targets",
        ]
    }

    /// Files up to this many rows do not look for existing applications without activities (see `activityTargets`).
    static let freshProbeRows = 50_000
}
