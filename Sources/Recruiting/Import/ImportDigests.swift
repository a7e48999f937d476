import Foundation

/// The digests an activities import leaves per application (sql/0023), so that the next import of the same rows
/// leaves them out instead of finding each one stored by its natural key.
///
/// An application is *settled* when the file's rows for it have the count and digest that the last import writing
/// to it left, read in the same zone by the same rules, and nobody has changed or removed one of its activities
/// since (`edits` = `read_at_edits`). Its rows are then activities already, so leaving them out writes what the
/// natural key's `ON CONFLICT DO NOTHING` would have written: nothing.
///
/// Against other sessions (imports of activities run one at a time under their lock):
/// - The digests are read before the insert and the settled applications are not written to at all; a change
///   another session makes to one of them afterwards clears its digest when it commits (that import then came first).
/// - The other applications' digests are written after the insert with `edits` as read before it: a change another
///   session commits in between leaves `edits` above `read_at_edits`, so the digest does not count, even when the
///   insert did not see the change. A change still running holds the queue's lock, which the insert's trigger waits
///   for; the change's trigger takes that lock before it counts (sql/0023), so it counts after this import commits.
struct ImportDigests {
    let connection: Connection

    /// Nil in a database not carried to sql/0023 yet (the squash tests build one by older files): imports there
    /// find every row by its natural key, as before.
    init?(connection: Connection) throws {
        guard try connection.query("SELECT to_regclass('activity_import_digests') IS NOT NULL").scalar == "t" else {
            return nil
        }
        self.connection = connection
    }

    /// How the cells of an activities file are read. A change to that (`Cell`, `recruit_parse_day`,
    /// `recruit_split_names`, a vocabulary) must add one: every digest of an older number is then not trusted.
    static let format = 1

    /// Only a file without the ATS's ids: those rows are matched by id (ImportIdentity), not by their contents.
    static func apply(to header: CSVHeader) -> Bool { !header.has("id") }

    /// Aggregates over one candidate-opening pair's staged rows: their count, and the sum of each row's 64-bit hash
    /// in two 32-bit halves (summed in 64-bit integers, never overflowing). The cells are hashed as staged: after a
    /// profile, before any reading (equal cells are read alike in the same zone, by the same rules).
    static let sums = """
                     count(*) AS rows,
                     sum((s.h >> 32)::integer) AS high,
                     sum(((s.h & 4294967295) - 2147483648)::integer) AS low
        """
    /// Staging's columns that `activityTargets` reads, with each row's hash computed once (`OFFSET 0` keeps the
    /// planner from writing the expression into both sums).
    static let hashedStaging = """
        (SELECT s.c_candidate, s.c_opening, s.line, s.c_date,
                hash_record_extended(ROW(s.c_date, s.c_type, s.c_by, s.c_with, s.c_channel, s.c_decision_by,
                                         s.c_interest, s.c_note), 0) AS h
         FROM import_staging s OFFSET 0) s
        """

    /// The rows of applications that are not settled (all rows, for the import's other statements).
    static let unsettledFilter = "t.application_id IN (SELECT application_id FROM import_unsettled)"

    /// Makes `import_unsettled`: each application of the file that is not settled, with its file's digest and the
    /// `edits` read now. Run once `import_targets` has every application id, before the insert.
    /// - Returns: how many of `import_targets`' rows of existing applications with activities are settled.
    func settle() throws -> Int {
        try connection.query("""
            CREATE TEMP TABLE import_unsettled ON COMMIT DROP AS
            SELECT f.application_id, f.rows, f.high, f.low, coalesce(d.edits, 0) AS edits_seen
            FROM (SELECT application_id, sum(rows) AS rows, sum(high) AS high, sum(low) AS low, bool_or(fresh) AS fresh
                  FROM import_targets WHERE application_id IS NOT NULL GROUP BY 1) f
            LEFT JOIN activity_import_digests d ON d.application_id = f.application_id
            WHERE f.fresh
               OR (d.rows = f.rows AND d.high = f.high AND d.low = f.low AND d.format = $1
                   AND d.zone = current_setting('recruit.import_zone') AND d.edits = d.read_at_edits) IS NOT TRUE
            """, [String(Self.format)])
        let settled = try connection.query("""
            SELECT count(*) FROM import_targets t
            WHERE NOT t.fresh AND t.application_id IS NOT NULL AND NOT \(Self.unsettledFilter)
            """).onlyRow().int(0)
        // Statistics for the insert's semi-join with it, which only runs when some applications are left out.
        if settled > 0 { try connection.execute(script: "ANALYZE import_unsettled") }
        return settled
    }

    /// Leaves the digests of the applications this import wrote to (every one not settled). Run after the insert,
    /// whose trigger took the queue's lock: until this import commits, no other session writes a digest (sql/0023's
    /// triggers take that lock first, other activities imports wait for this one's), so the rows the UPDATE did not
    /// find can be added by a plain insert, at half the cost of `ON CONFLICT` per row (a first import writes one
    /// per application).
    func write() throws {
        try connection.execute(script: "SELECT pg_advisory_xact_lock(8243104036218827782)")  // 0003's; held already
        try connection.query("""
            WITH updated AS (
                UPDATE activity_import_digests d
                SET rows = u.rows, high = u.high, low = u.low, zone = current_setting('recruit.import_zone'),
                    format = $1, read_at_edits = u.edits_seen
                FROM import_unsettled u WHERE d.application_id = u.application_id
                RETURNING d.application_id)
            INSERT INTO activity_import_digests (application_id, rows, high, low, zone, format, read_at_edits)
            SELECT u.application_id, u.rows, u.high, u.low, current_setting('recruit.import_zone'), $1, u.edits_seen
            FROM import_unsettled u
            WHERE u.application_id NOT IN (SELECT application_id FROM updated)
            """, [String(Self.format)])
    }
}
