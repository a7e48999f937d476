import Foundation

/// The digests an activities import leaves per application (sql/0023), so that the next import of the same rows
/// leaves them out instead of finding each one stored by its natural key.
///
/// An application is *settled* when the file's rows for it have the count and digest that the last import writing
/// to it left, read in the same zone by the same rules, and nobody has changed or removed one of its activities
/// since (`edits` = `read_at_edits`). Its rows are then activities already, so leaving them out writes what the
/// natural key's `ON CONFLICT DO NOTHING` would have written: nothing.
///
/// Against other sessions (imports of activities run one at a time under their lock; a change to activities counts
/// itself in `edits` under the queue's lock, sql/0023):
/// - `settle` reads the digests and each application's `edits` without that lock, before the insert.
/// - `recheck` runs after the insert, holding that lock: no change can count itself until this import commits, and
///   every change that did since `settle` is seen. A settled application whose `edits` moved
///   takes its rows through the natural key after all, so the import stores what it would have stored had it read
///   after those changes: all of them, or (the ones still to count) none.
/// - `write` leaves the digests of the applications written to, with `edits` as read before their insert (or, for
///   those rechecked, under the lock): a change committed between that read and the insert leaves `edits` above
///   `read_at_edits`, so the digest does not count, even when the insert did not see the change.
struct ImportDigests {
    let connection: Connection

    /// Nil for a file that takes no digests (`apply`), and in a database not carried to sql/0023 yet (the squash
    /// tests build one by older files): imports there find every row by its natural key, as before.
    init?(connection: Connection, header: CSVHeader) throws {
        guard Self.apply(to: header),
              try connection.query("SELECT to_regclass('activity_import_digests') IS NOT NULL").scalar == "t" else {
            return nil
        }
        self.connection = connection
    }

    /// How the cells of an activities file are read (`Cell`, and the SQL functions sql/0023 lists). A release that
    /// changes that must raise it: every digest of an older number is then not trusted.
    static let format = 1

    /// The queue's lock (sql/0003), which the triggers of sql/0023 take before they count a change.
    static let queueLock = "8243104036218827782"

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
    /// planner from writing the expression into both sums). `hash_record_extended` is linear in its cells' hashes
    /// (31 * previous + next): hashed again as text, two rows that swap a date or a note no longer sum alike.
    static let hashedStaging = """
        (SELECT s.c_candidate, s.c_opening, s.line, s.c_date,
                hashtextextended(hash_record_extended(ROW(s.c_date, s.c_type, s.c_by, s.c_with, s.c_channel,
                                                          s.c_decision_by, s.c_interest, s.c_note), 0)::text, 0) AS h
         FROM import_staging s OFFSET 0) s
        """

    /// The rows of applications that are not settled (all rows, for the import's other statements).
    static let unsettledFilter = "t.application_id IN (SELECT application_id FROM import_digested WHERE NOT settled)"
    /// The rows of applications `recheck` took back.
    static let recheckedFilter = "t.application_id IN (SELECT application_id FROM import_digested WHERE rechecked)"

    /// Makes `import_digested`: each application of the file with its file's digest, the `edits` read now, and
    /// whether it is settled. Run once `import_targets` has every application id, before the insert.
    /// - Returns: how many of `import_targets`' rows of existing applications with activities are settled.
    func settle() throws -> Int {
        try connection.query("""
            CREATE TEMP TABLE import_digested ON COMMIT DROP AS
            SELECT f.application_id, f.rows, f.high, f.low, coalesce(d.edits, 0) AS edits_seen,
                   NOT f.fresh AND (d.rows = f.rows AND d.high = f.high AND d.low = f.low AND d.format = $1
                       AND d.zone = current_setting('recruit.import_zone') AND d.edits = d.read_at_edits) IS TRUE
                       AS settled,
                   false AS rechecked
            FROM (SELECT application_id, sum(rows) AS rows, sum(high) AS high, sum(low) AS low, bool_or(fresh) AS fresh
                  FROM import_targets WHERE application_id IS NOT NULL GROUP BY 1) f
            LEFT JOIN activity_import_digests d ON d.application_id = f.application_id
            """, [String(Self.format)])
        try connection.execute(script: "ANALYZE import_digested")
        return try connection.query("""
            SELECT count(*) FROM import_targets t
            WHERE NOT t.fresh AND t.application_id IS NOT NULL AND NOT \(Self.unsettledFilter)
            """).onlyRow().int(0)
    }

    /// After the insert, under the queue's lock (taken here: a fallback to the general insert rolled back the
    /// trigger's): the settled applications whose activities another session changed since `settle` are settled no
    /// more (`rechecked`), their `edits` read again (stable until this import commits). One deleted meanwhile stays
    /// left out: its rows have no application to go to (the natural key alone would fail the import on them).
    /// - Returns: how many there are; their rows must then go through the natural key.
    func recheck() throws -> Int {
        try connection.execute(script: "SELECT pg_advisory_xact_lock(\(Self.queueLock))")
        let moved = try connection.query("""
            UPDATE import_digested g SET settled = false, rechecked = true, edits_seen = coalesce(m.edits, 0)
            FROM (SELECT x.application_id, d.edits
                  FROM import_digested x LEFT JOIN activity_import_digests d ON d.application_id = x.application_id
                  WHERE x.settled AND d.edits IS DISTINCT FROM x.edits_seen) m
            WHERE g.application_id = m.application_id
            """).affected
        guard moved > 0 else { return 0 }
        let gone = try connection.query("""
            UPDATE import_digested g SET settled = true, rechecked = false
            WHERE g.rechecked AND NOT EXISTS (SELECT FROM applications a WHERE a.id = g.application_id)
            """).affected
        return moved - gone
    }

    /// Leaves the digests of the applications this import wrote to (every one not settled). Run after `recheck`
    /// and its insert, holding the queue's lock: until this import commits no other session writes a digest, so
    /// the rows the UPDATE did not find can be added by a plain insert, at half the cost of `ON CONFLICT` per row (a
    /// first import writes one per application).
    func write() throws {
        try connection.query("""
            WITH updated AS (
                UPDATE activity_import_digests d
                SET rows = g.rows, high = g.high, low = g.low, zone = current_setting('recruit.import_zone'),
                    format = $1, read_at_edits = g.edits_seen
                FROM import_digested g WHERE NOT g.settled AND d.application_id = g.application_id
                RETURNING d.application_id)
            INSERT INTO activity_import_digests (application_id, rows, high, low, zone, format, read_at_edits)
            SELECT g.application_id, g.rows, g.high, g.low, current_setting('recruit.import_zone'), $1, g.edits_seen
            FROM import_digested g
            WHERE NOT g.settled AND g.application_id NOT IN (SELECT application_id FROM updated)
            """, [String(Self.format)])
    }
}
