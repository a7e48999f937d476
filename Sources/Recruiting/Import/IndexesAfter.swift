/// A large first activities file (issue 20): into an empty `activities` table, its secondary indexes are built once
/// after the rows are in, as pg_restore does, instead of taking each of a million rows one at a time. Building an
/// index from the table sorts once; inserting row by row descends the tree per row (about a fifth of the insert's
/// time, docs/benchmarks.md).
///
/// The indexes are read from the catalog, so whatever a later migration makes of them comes back as it was: each
/// index and the constraint it backs (the natural key's UNIQUE constraint, by its name) is dropped and made again
/// with PostgreSQL's own definition of it. All of it is inside the import's transaction: a failure, a kill or a
/// refused file leaves the indexes as they were. A repeated natural key fails when its unique index is built, with
/// the constraint's name, as an insert would have failed (ImportMerge.withoutRepeats then merges the general way).
///
/// Dropping an index takes the table's ACCESS EXCLUSIVE lock until the import commits. It is only asked for without
/// waiting (NOWAIT): when anyone else is reading or writing `activities` at that moment, the rows go in the usual
/// way instead, so this never waits for another session nor makes one wait that was there first. Sessions that come
/// after (a queue, `recruit log`) wait for the import to finish, as they would find nothing before it anyway.
struct IndexesAfter {
    let connection: Connection

    /// Files of fewer rows insert into live indexes: building them costs a pass over the whole table.
    static let rows = 100_000

    /// One secondary index of `activities`: how to drop it and how to make it again.
    struct Index {
        let drop: String
        let create: String
    }

    /// Runs `body` (the insert) with `activities`' secondary indexes dropped before and built after, when the table
    /// is empty and the lock is free at once; otherwise runs it as it is.
    func around<T>(_ body: () throws -> T) throws -> T {
        guard try connection.query("SELECT NOT EXISTS (SELECT FROM activities)").scalar == "t",
              try lockedAtOnce() else { return try body() }
        let indexes = try secondaryIndexes()
        for index in indexes { try connection.execute(script: index.drop) }
        let value = try body()
        try connection.execute(script: "SET LOCAL maintenance_work_mem = '256MB'")  // until the import commits
        for index in indexes { try connection.execute(script: index.create) }
        return value
    }

    /// Takes `activities`' ACCESS EXCLUSIVE lock if no one holds a lock on it; false (nothing changed) otherwise.
    private func lockedAtOnce() throws -> Bool {
        try connection.execute(script: "SAVEPOINT recruit_indexes_after")
        do {
            try connection.execute(script: "LOCK TABLE activities IN ACCESS EXCLUSIVE MODE NOWAIT")
            try connection.execute(script: "RELEASE SAVEPOINT recruit_indexes_after")
            return true
        } catch let DatabaseError.server(error) where error.sqlState == "55P03" {
            try connection.execute(script: "ROLLBACK TO SAVEPOINT recruit_indexes_after; RELEASE SAVEPOINT recruit_indexes_after")
            return false
        }
    }

    /// Every index of `activities` but its primary key (the identity that every other index and the triggers rely
    /// on is filled in order anyway), with the statements PostgreSQL itself gives for making it again.
    private func secondaryIndexes() throws -> [Index] {
        try connection.query("""
            SELECT CASE WHEN c.conname IS NULL THEN format('DROP INDEX %s', i.indexrelid::regclass)
                        ELSE format('ALTER TABLE activities DROP CONSTRAINT %I', c.conname) END,
                   CASE WHEN c.conname IS NULL THEN pg_get_indexdef(i.indexrelid)
                        ELSE format('ALTER TABLE activities ADD CONSTRAINT %I %s', c.conname, pg_get_constraintdef(c.oid)) END
            FROM pg_index i
            LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
            WHERE i.indrelid = 'activities'::regclass AND NOT i.indisprimary
            ORDER BY i.indexrelid
            """).rows.map { Index(drop: $0[0] ?? "", create: $0[1] ?? "") }
    }
}
