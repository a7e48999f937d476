import Foundation

/// The merge of an activities file: the applications it creates, edits by id, and the activities themselves.
extension ImportMerge {
    // Over 60 lines: mostly the SQL of the merge's few set-based statements, in the order they must run.
    func mergeActivities(_ report: inout ImportReport) throws {
        let rows = try connection.query("SELECT count(*) FROM import_staging").onlyRow().int(0)
        // `import_targets` (one row per candidate and opening) comes from the reference checks; rows left out as
        // invalid may have named pairs or days no longer there: then it is made again from the rows that stay.
        if report.rejected > 0 {
            try connection.execute(script: "DROP TABLE import_targets")
            for statement in ImportChecks.activityTargets(rows: rows, header: header) { try connection.execute(script: statement) }
        }
        // An activity on a known candidate and opening with no application creates it, submitted on the earliest
        // such activity's day (CONTRACT.md, reading 20). In file order: the activities then reach their indexes
        // (application first) in about the order they are inserted.
        //
        // Each application's row in `application_timelines` (sql/0003) is then written once, whole, by the activities'
        // insert trigger, not first empty by the applications' trigger and then again: this transaction says so
        // until its activities are in. Every application created here gets one of them at least (it is created
        // because a row names it, and the first of its rows is never a repeat).
        try connection.query("SELECT set_config('recruit.timelines_from_activities', 'on', true)")
        let created = try connection.query("""
            WITH created AS (
                INSERT INTO applications (candidate_id, opening_id, submitted_on)
                SELECT candidate_id, opening_id, least(min(first_plain::date), min(first_other)) FROM import_targets
                WHERE application_id IS NULL AND candidate_id IS NOT NULL AND opening_id IS NOT NULL
                GROUP BY candidate_id, opening_id
                ORDER BY min(first_line)
                ON CONFLICT ON CONSTRAINT applications_candidate_opening_key DO NOTHING
                RETURNING id, candidate_id, opening_id),
            linked AS (
                UPDATE import_targets t SET application_id = created.id
                FROM created
                WHERE t.candidate_id = created.candidate_id AND t.opening_id = created.opening_id)
            SELECT count(*) FROM created
            """).onlyRow().int(0)
        // Applications another session created meanwhile (a candidates or applications import): theirs, so not fresh.
        let theirs = try connection.query("""
            UPDATE import_targets t SET application_id = a.id, fresh = false
            FROM applications a
            WHERE t.application_id IS NULL AND a.candidate_id = t.candidate_id AND a.opening_id = t.opening_id
            """).affected
        // Rows with the ATS's id update the activity they name (ImportIdentity); the insert leaves them out.
        let identity = ImportIdentity(kind: kind, header: header, connection: connection)
        let updated = try identity.mergeActivities()
        // The statistics of `import_targets` (made with it) again, if application ids were set since.
        if created > 0 || theirs > 0 { try connection.execute(script: "ANALYZE import_targets") }
        // Applications whose rows the last import brought, unchanged since, are left out (ImportDigests, sql/0023).
        let digests = try ImportDigests(connection: connection, header: header)
        let settled = try digests?.settle() ?? 0
        report.settled = settled
        let split = try connection.query(
            "SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh) FROM import_targets").onlyRow()
        let fresh = try split.int(0)
        let stale = try split.int(1)
        // File order becomes recording order (`id`) within each application, which breaks ties between facts of
        // one day (reading 3); an activity equal to a stored one, or to an earlier row, is the same activity
        // (natural key, reading 20). Sorted by application, then line: each application's rows are inserted
        // together (its natural-key and timeline lookups stay in cache).
        func insert(_ filter: String, onConflict: Bool) throws -> Int {
            try connection.query("""
                INSERT INTO activities (application_id, occurred_on, type, by, with_names, channel, decision_by, interest, note\(header.has("id") ? ", external_id" : ""))
                SELECT t.application_id, \(Cell.checkedDay("date")), (\(Cell.word("type", Vocabulary.activityType)))::activity_type, (\(Cell.word("by", Vocabulary.party)))::party,
                       \(Cell.names("with")),
                       (\(Cell.word("channel", Vocabulary.channel)))::contact_channel, \(Cell.checkedDay("decision_by")),
                       (\(Cell.word("interest", Vocabulary.interest)))::interest_level, \(Cell.note("note"))\(header.has("id") ? ", \(Cell.text("id"))" : "")
                FROM import_staging s
                JOIN import_targets t ON t.c_candidate = s.c_candidate AND t.c_opening = s.c_opening
                WHERE \(filter)\(identity.activityInsertFilter)
                ORDER BY t.application_id, s.line
                \(onConflict ? "ON CONFLICT ON CONSTRAINT activities_natural_key DO NOTHING" : "")
                """).affected
        }
        var inserted = 0
        let unsettled = settled > 0 ? " AND \(ImportDigests.unsettledFilter)" : ""
        var rest = stale > settled ? "NOT t.fresh\(unsettled)" : nil
        if fresh > 0 {
            // Applications with no activities yet take their rows without ON CONFLICT (speculative insertion costs
            // every row), assuming the file repeats none of its activities; when the
            // natural key proves that wrong, everything goes through ON CONFLICT instead.
            // A large file into an empty table builds the secondary indexes after its rows (IndexesAfter).
            let insertFresh = { try insert("t.fresh", onConflict: false) }
            if let count = try withoutRepeats(unique: "activities_natural_key", {
                rows >= IndexesAfter.rows ? try IndexesAfter(connection: connection).around(insertFresh) : try insertFresh()
            }) {
                inserted += count
            } else {
                rest = "true\(unsettled)"
            }
        }
        if let rest { inserted += try insert(rest, onConflict: true) }
        // Something was written: settled applications another session changed meanwhile are rechecked, and the
        // digests of what was written are left for the next import.
        if let digests, fresh > 0 || stale > settled {
            if try digests.recheck() > 0 { inserted += try insert(ImportDigests.recheckedFilter, onConflict: true) }
            try digests.write()
        }
        try connection.query("SELECT set_config('recruit.timelines_from_activities', '', true)")
        report.counts = [ImportReport.Counts(table: "activities", inserted: inserted, updated: updated,
                                             unchanged: rows - inserted - updated)]
        if created > 0 { report.counts.append(ImportReport.Counts(table: "applications", inserted: created)) }
    }
}
