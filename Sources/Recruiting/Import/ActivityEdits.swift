/// Listing and removing stored activities, so a mistaken one (a typo in `recruit log`, a wrong row of an import) can
/// be corrected without SQL: `recruit activity list` and `recruit activity delete`.
public enum ActivityEdits {
    /// One stored activity, as `recruit activity list` shows it.
    public struct Row: Sendable, Equatable {
        public let id: String
        public let opening: String
        public let date: String
        public let type: String
        public let by: String?
        public let channel: String?
        public let externalID: String?
        public let note: String?
    }

    /// A candidate's activities (on one opening, when given), in timeline order.
    public static func list(_ connection: Connection, candidate: String, opening: String?) throws -> [Row] {
        try connection.query("""
            SELECT x.id, a.opening_id, x.occurred_on, x.type, x.by, x.channel, x.external_id, x.note
            FROM activities x
            JOIN applications a ON a.id = x.application_id
            JOIN candidates c ON c.id = a.candidate_id
            WHERE c.email = lower(btrim($1)) AND ($2::text IS NULL OR a.opening_id = btrim($2))
            ORDER BY x.occurred_on, x.id
            """, [candidate, opening]).rows.map { row in
            Row(id: row[0] ?? "", opening: row[1] ?? "", date: row[2] ?? "", type: row[3] ?? "", by: row[4],
                channel: row[5], externalID: row[6], note: row[7])
        }
    }

    /// Why a delete did nothing.
    struct NotFound: Error, CustomStringConvertible {
        public let id: String
        public var description: String {
            "no activity \(id); list a candidate's activities with recruit activity list --candidate EMAIL"
        }
    }

    /// Deletes one activity and records it in the audit trail (its id, type and date, never its note), in one
    /// transaction. The application's timeline follows (its triggers, sql/0003).
    /// - Returns: the deleted activity's type and date.
    @discardableResult
    public static func delete(_ connection: Connection, id: String, actor: String) throws -> (type: String, date: String) {
        guard Int64(id.trimmingCharacters(in: .whitespaces)) != nil else { throw NotFound(id: id) }
        return try connection.transaction {
            let rows = try connection.query("""
                DELETE FROM activities WHERE id = $1::bigint RETURNING type::text, occurred_on::text, application_id::text
                """, [id.trimmingCharacters(in: .whitespaces)]).rows
            guard let row = rows.first else { throw NotFound(id: id) }
            try Audit.record(connection, actor: actor, action: "activity.delete",
                             detail: ["activity": id, "type": row[0] ?? "", "date": row[1] ?? "", "application": row[2] ?? ""])
            return (row[0] ?? "", row[1] ?? "")
        }
    }
}

import Foundation
