/// What a profile (or `--date-format`) does to the staged cells, before the checks: one rewrite of staging that maps
/// the file's words to ours, fills derived columns and rewrites dates to `YYYY-MM-DD`. Every value of the profile
/// (words, the date pattern) goes in as a query parameter; only column names the program made up are spliced in.
/// A cell the profile does not know is left as the file wrote it, so the usual checks name it (line, column, and the
/// profile entry to add).
struct ImportTransform {
    let kind: ImportKind
    let header: CSVHeader
    let profile: ImportProfile

    /// The date columns of each kind.
    static func dateColumns(_ kind: ImportKind) -> [String] {
        switch kind {
        case .openings: return ["opened_on", "filled_on"]
        case .candidates: return ["stage_date", "submitted_on"]
        case .applications: return ["stage_date", "submitted_on", "decision_by"]
        case .activities: return ["date", "decision_by"]
        }
    }

    /// Rewrites staging with the profile's changes: the rows are copied once into a new table of the same columns
    /// (an UPDATE would leave every old row version behind, and the checks and the merge would then scan twice the
    /// pages; a temporary table is never vacuumed in a transaction), which then takes staging's name. Does nothing
    /// when the profile changes no cell.
    func apply(_ connection: Connection) throws {
        guard let (sets, parameters) = try assignments() else { return }
        let values = Dictionary(sets.map { ($0.column, $0.sql) }, uniquingKeysWith: { first, _ in first })
        let columns = header.fields.map(\.stagingName) + kind.columns.filter { !header.has($0.name) }.map(\.stagingName)
        try connection.execute(script: "CREATE TEMP TABLE import_staging_mapped (LIKE import_staging) ON COMMIT DROP")
        try connection.query("INSERT INTO import_staging_mapped (line, \(columns.joined(separator: ", "))) SELECT s.line, "
                             + columns.map { values[$0] ?? "s.\($0)" }.joined(separator: ", ") + " FROM import_staging s",
                             parameters)
        try connection.execute(script: "DROP TABLE import_staging; ALTER TABLE import_staging_mapped RENAME TO import_staging")
    }

    /// Each changed staging column's new value (an SQL expression over the row `s`), and the parameters; nil when
    /// nothing is to change.
    func assignments() throws -> (sets: [(column: String, sql: String)], parameters: [String])? {
        var sets: [(column: String, sql: String)] = []
        var parameters: [String] = []
        func parameter(_ value: String) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        let columns = Set(kind.columns.map(\.name))
        // A derived column's word, where its rule has one, comes before the column's own cell.
        func derivedWord(_ column: String) throws -> String? {
            guard let rule = profile.derived[column], header.has(rule.from), columns.contains(column) else { return nil }
            let words = parameter(try jsonObjectText(rule.values))
            return "CASE WHEN \(Cell.given(rule.from)) THEN coalesce(\(words)::jsonb ->> lower(btrim(s.c_\(rule.from))), \(words)::jsonb ->> '*') END"
        }
        var done: Set<String> = []
        for (column, map) in profile.values.sorted(by: { $0.key < $1.key }) where header.has(column) {
            let words = parameter(try jsonObjectText(map))
            let own = "CASE WHEN \(Cell.given(column)) THEN coalesce(\(words)::jsonb ->> lower(btrim(s.c_\(column))), \(words)::jsonb ->> '*', s.c_\(column)) ELSE s.c_\(column) END"
            sets.append(("c_\(column)", try derivedWord(column).map { "coalesce(\($0), \(own))" } ?? own))
            done.insert(column)
        }
        for column in profile.derived.keys.sorted() where !done.contains(column) {
            guard let word = try derivedWord(column) else { continue }
            // Without a word map of its own, the file's cell (when it has one) wins.
            sets.append(("c_\(column)", "CASE WHEN \(Cell.given(column)) THEN s.c_\(column) ELSE \(word) END"))
        }
        if let format = profile.dateFormat {
            let pattern = parameter(format.pattern)
            let replacement = parameter(format.replacement)
            // Fixed-width cells (`11/10/2026`, `11/10/2026 09:15 AM`) by position; the rest by the regular
            // expression: YYYY-0M-0D, then the doubled zero of a two-digit month or day is taken out again. Either
            // way the result goes through the date check, which names a cell that is no date (`02/30/2026`).
            let fixed = format.fixedWidth.map { fixed -> (like: String, time: String, fixed: (like: String, year: Int, month: Int, day: Int)) in
                (parameter(fixed.like), parameter(fixed.like + " __:__%"), fixed)
            }
            for column in ImportTransform.dateColumns(kind) where header.has(column) {
                let regex = #"WHEN s.c_\#(column) ~ \#(pattern) THEN regexp_replace(regexp_replace(s.c_\#(column), \#(pattern), \#(replacement)), '-0(\d\d)', '-\1', 'g')"#
                var sql = "CASE "
                if let fixed {
                    sql += "WHEN s.c_\(column) LIKE \(fixed.like) OR s.c_\(column) LIKE \(fixed.time) THEN "
                        + "substr(s.c_\(column), \(fixed.fixed.year), 4) || '-' || substr(s.c_\(column), \(fixed.fixed.month), 2) || '-' || substr(s.c_\(column), \(fixed.fixed.day), 2) "
                }
                sets.append(("c_\(column)", sql + regex + " ELSE s.c_\(column) END"))
            }
        }
        guard !sets.isEmpty else { return nil }
        return (sets, parameters)
    }

    /// The padded short rows as problems of their own (`--skip-invalid` without `--pad-short-rows`): staging's `line`
    /// is the record number.
    static func shortRowProblems(_ short: [(record: Int, fields: Int)], header: CSVHeader) -> (sql: String, parameters: [String]) {
        let records = "{" + short.map { String($0.record) }.joined(separator: ",") + "}"
        let counts = "{" + short.map { String($0.fields) }.joined(separator: ",") + "}"
        return ("""
            INSERT INTO import_errors (line, column_name, message)
            SELECT r.record, NULL, format('the row has %s field%s, fewer than the header''s %s columns; pass --pad-short-rows (or set "padShortRows" in the profile) to read the missing trailing fields as empty', r.fields, CASE WHEN r.fields = 1 THEN '' ELSE 's' END, \(header.fields.count))
            FROM unnest($1::bigint[], $2::int[]) AS r(record, fields)
            """, [records, counts])
    }
}
