/// An agency's first candidates file, straight into an empty `candidates` table (issue 20): COPY writes the rows
/// where they belong, with no staging table and no second pass, and one UPDATE then tidies the few cells that carry
/// spaces around them or are blank. It is only ever a shortcut: the table's own keys and checks (the e-mail's unique
/// key, NOT NULL, and the e-mail written lower-case and trimmed with an `@`) refuse anything the general import would
/// have to rewrite, merge or report, and then this transaction is rolled back whole and the file is imported again
/// the general way, which reports its problems with line and column as always.
///
/// Taken only when nothing can differ from the general way:
/// - a file of candidates' own columns only (e-mail, names, phone, source, recruiter, notes; no opening, stage or
///   full-name column, no unknown or repeated column), read without a profile, `--skip-invalid`, a rejects file or
///   `--dry-run`, from a file that can be read a second time (not standard input);
/// - outside any transaction of the caller's, so that giving up rolls back this attempt alone;
/// - under the candidates import's lock, into a table with no candidate and no erased address (`recruit forget`:
///   an erased address must be left out, which takes the general way's checks).
extension Importer {
    /// The columns a first load writes as they stand: the candidates table's own, by their contract names.
    static let firstLoadColumns: Set<String> = ["email", "first_name", "last_name", "phone", "source", "recruiter", "notes"]

    /// Loads the file straight into an empty `candidates` table, or returns nil (nothing written) when the general
    /// import must do it: the file or the table does not qualify, or a row is not already as the table keeps it.
    func firstLoad(_ kind: ImportKind, from source: ImportSource, options: ImportOptions) throws -> ImportReport? {
        guard kind == .candidates, options.profile == nil, !options.skipInvalid, !options.dryRun,
              options.rejectsPath == nil, !connection.isInTransaction else { return nil }
        if case .standardInput = source { return nil }
        let file = source.name
        let reader = try ChunkReader(source)
        defer { reader.release() }
        let (head, header) = try readHeader(reader, kind: kind, file: file, profile: nil)
        let names = header.fields.compactMap { $0.column?.name }
        guard names.count == header.fields.count, Set(names).count == names.count, names.contains("email"),
              Importer.firstLoadColumns.isSuperset(of: names) else { return nil }

        var report = ImportReport(file: file, kind: kind)
        report.loadedDirectly = true
        do {
            return try connection.transaction { () -> ImportReport? in
                try connection.query("SELECT pg_advisory_xact_lock($1)", [String(kind.lockKey)])
                let empty = try connection.query("""
                    SELECT NOT EXISTS (SELECT FROM candidates)
                       AND (to_regclass('erased_people') IS NULL OR NOT EXISTS (SELECT FROM erased_people))
                    """).scalar == "t"
                guard empty else { return nil }
                var lines = RecordLines()
                var short: [(record: Int, fields: Int)] = []
                report.rows = try copy(kind, head: head, rest: reader, header: header, file: file, options: options,
                                       lines: &lines, short: &short,
                                       into: "candidates (\(names.joined(separator: ", ")))")
                try connection.execute(script: Importer.tidyFirstLoad(names))
                report.counts = [ImportReport.Counts(table: "candidates", inserted: report.rows)]
                if let audit = options.audit { try record(report, audit: audit) }
                return report
            }
        } catch is ImportError {
            return nil  // malformed somewhere: the general way reads it again and says where
        } catch DatabaseError.server {
            return nil  // a key or check refused a row: the general way merges, rewrites or reports it
        }
    }

    /// The UPDATE that makes a first load's cells what the general import stores (`Cell.text`, `Cell.note`): names,
    /// phone, source and recruiter trimmed, blank ones NULL; notes kept as written unless blank. Only rows with such
    /// a cell are rewritten; the test is a few LIKEs per cell.
    static func tidyFirstLoad(_ names: [String]) -> String {
        let texts = names.filter { $0 != "email" && $0 != "notes" }
        var sets = texts.map { "\($0) = nullif(btrim(\($0)), '')" }
        var dirty = texts.map { "\($0) = '' OR \($0) LIKE ' %' OR \($0) LIKE '% '" }
        if names.contains("notes") {
            sets.append("notes = CASE WHEN btrim(notes) = '' THEN NULL ELSE notes END")
            dirty.append("notes = '' OR (notes LIKE ' %' AND btrim(notes) = '')")
        }
        guard !sets.isEmpty else { return "SELECT" }
        return "UPDATE candidates SET \(sets.joined(separator: ", ")) WHERE \(dirty.joined(separator: " OR "))"
    }
}
