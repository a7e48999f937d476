/// What a profile (or `--date-format`) does to the file's cells, before the checks: maps the file's words to ours,
/// fills derived columns and rewrites dates to `YYYY-MM-DD`, in the bytes on their way to COPY (`ProfileCells`), so
/// staging is written once. A cell the profile does not know is left as the file wrote it, so the usual checks name
/// it (line, column, and the profile entry to add).
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

    /// The rewriting of the file's records, and the staging columns it appends to each (derived columns the file
    /// lacks); nil when the profile changes no cell.
    ///
    /// Per column, the first rule that applies: its word map (a derived word, when its rule gives one, first); for a
    /// derived column without a word map, the file's cell when given, else the derived word; a date column's format.
    func cells(delimiter: UInt8) -> (cells: ProfileCells, appended: [String])? {
        let columns = Set(kind.columns.map(\.name))
        func index(_ column: String) -> Int? { header.fields.firstIndex { $0.column?.name == column } }
        // A derived column's rule, where the file has the column it comes from.
        func derived(_ column: String) -> (from: Int, words: ProfileCells.Words)? {
            guard let rule = profile.derived[column], columns.contains(column), let from = index(rule.from) else { return nil }
            return (from, ProfileCells.Words(rule.values, delimiter: delimiter))
        }
        var rules = [ProfileCells.Rule?](repeating: nil, count: header.fields.count)
        var appended: [(from: Int, words: ProfileCells.Words)] = []
        var names: [String] = []
        for (column, map) in profile.values {
            guard let at = index(column) else { continue }
            rules[at] = .words(ProfileCells.Words(map, delimiter: delimiter), derived: derived(column))
        }
        for column in profile.derived.keys.sorted() {
            guard let rule = derived(column) else { continue }
            if let at = index(column) {
                if rules[at] == nil { rules[at] = .derived(from: rule.from, words: rule.words) }
            } else if let staging = kind.columns.first(where: { $0.name == column })?.stagingName {
                appended.append(rule)
                names.append(staging)
            }
        }
        if let format = profile.dateFormat {
            let date = ImportDate(format)
            for column in ImportTransform.dateColumns(kind) {
                if let at = index(column), rules[at] == nil { rules[at] = .date(date) }
            }
        }
        guard rules.contains(where: { $0 != nil }) || !appended.isEmpty else { return nil }
        return (ProfileCells(delimiter: delimiter, fields: header.fields.count, rules: rules, appended: appended), names)
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
