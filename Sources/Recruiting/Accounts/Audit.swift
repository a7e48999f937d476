import Foundation

/// The audit trail (sql/0015_accounts.sql `audit_events`): who did what, never the personal data itself. Rows are
/// only ever added; the table refuses updates and deletes.
public enum Audit {
    /// The operating-system user running a command, as the trail names them (`os:NAME`).
    public static var commandLineActor: String {
        "os:" + (ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "\(getuid())")
    }

    /// Appends one event. `detail` holds ids, counts and words of the product's own, never a name, an e-mail
    /// address, a phone number or a note.
    public static func record(_ connection: Connection, actor: String, action: String, detail: [String: String]) throws {
        try connection.query("INSERT INTO audit_events (actor, action, detail) VALUES ($1, $2, $3::jsonb)",
                             [actor, action, try jsonObjectText(detail)])
    }

    /// One event of the trail.
    public struct Event: Sendable, Equatable {
        public let at: String
        public let actor: String
        public let action: String
        public let detail: String
    }

    /// The events since `since` (a timestamp PostgreSQL reads), oldest first.
    public static func events(_ connection: Connection, since: String? = nil) throws -> [Event] {
        try connection.query("""
            SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), actor, action, detail::text
            FROM audit_events WHERE $1::timestamptz IS NULL OR at >= $1::timestamptz ORDER BY id
            """, [since]).rows.map { row in
            Event(at: try row.text(0), actor: try row.text(1), action: try row.text(2), detail: try row.text(3))
        }
    }
}

/// A map of strings as a JSON object's text, keys sorted: for a `jsonb` parameter.
func jsonObjectText(_ map: [String: String]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: map, options: [.sortedKeys]), as: UTF8.self)
}
