import Foundation

/// The import's side of forgetting: rows of a file that name a forgotten person (their address's salted hash is in
/// `erased_people`, sql/0016) are left out and counted, so that re-importing an old export does not bring them back.
/// With `allowErased` (the person came back and consented again) the rows go through and the hashes are removed.
enum ErasedAddresses {
    /// The staging column that holds the person's address in a file of this kind; nil when it names nobody.
    static func column(_ kind: ImportKind) -> String? {
        switch kind {
        case .candidates: return "c_email"
        case .applications, .activities: return "c_candidate"
        case .openings: return nil
        }
    }

    /// Runs on `import_staging` inside the import's transaction, under the import's lock (which `recruit forget`
    /// takes too, so a person forgotten while the file was read is left out as well), before the checks that
    /// look at other tables; problems the row checks found in the rows left out are dropped with them.
    /// - Returns: the rows left out (0 with `allowErased`, or when nobody was ever forgotten: then it costs one
    ///   probe of an empty table).
    static func leaveOut(_ connection: Connection, kind: ImportKind, allowErased: Bool) throws -> Int {
        // A database whose schema predates sql/0016 (the importer runs on any migrated schema) has no list.
        guard let column = column(kind),
              try connection.query("SELECT to_regclass('erased_people') IS NOT NULL").scalar == "t",
              try connection.query("SELECT EXISTS (SELECT FROM erased_people)").scalar == "t",
              let salt = try connection.query("SELECT salt FROM erasure_salt").scalar else { return 0 }
        // A join on the hash: each staged row is hashed once, the list is the small side.
        if allowErased {
            try connection.query("""
                DELETE FROM erased_people e USING import_staging s
                WHERE e.hash = recruit_erasure_hash($1::bytea, s.\(column))
                """, [salt])
            return 0
        }
        return try connection.query("""
            WITH gone AS (
                DELETE FROM import_staging s USING erased_people e
                WHERE e.hash = recruit_erasure_hash($1::bytea, s.\(column))
                RETURNING s.line
            ), forgiven AS (
                DELETE FROM import_errors x WHERE x.line IN (SELECT line FROM gone)
            )
            SELECT count(*) FROM gone
            """, [salt]).onlyRow().int(0)
    }
}
