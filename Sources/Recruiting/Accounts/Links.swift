import Foundation

/// Secret links that open one thing without an account: a user's calendar feed (their queue as ICS, to subscribe
/// to once from Outlook or Google Calendar). Each is 256 random bits, stored only as its SHA-256, revocable, and
/// every use is recorded in the audit trail.
public enum Links {
    /// A user's new calendar feed link; the previous one, if any, stops working.
    public static func newCalendarFeed(_ connection: Connection, for user: User) throws -> Secret {
        try connection.transaction {
            try revokeCalendarFeeds(connection, of: user, by: user.actor, audited: false)
            let secret = Secret()
            try connection.query("""
                INSERT INTO access_tokens (secret_hash, purpose, user_id)
                VALUES (sha256(convert_to($1, 'UTF8')), 'calendar', $2)
                """, [secret.text, "\(user.id)"])
            try Audit.record(connection, actor: user.actor, action: "calendar.create", detail: [:])
            return secret
        }
    }

    /// Whether the user has a working calendar feed link.
    public static func hasCalendarFeed(_ connection: Connection, for user: User) throws -> Bool {
        try connection.query("""
            SELECT count(*) FROM access_tokens WHERE user_id = $1 AND purpose = 'calendar' AND revoked_at IS NULL
            """, ["\(user.id)"]).scalar != "0"
    }

    /// Stops the user's calendar feed link.
    public static func revokeCalendarFeeds(_ connection: Connection, of user: User, by actor: String, audited: Bool = true) throws {
        let revoked = try connection.query("""
            UPDATE access_tokens SET revoked_at = now()
            WHERE user_id = $1 AND purpose = 'calendar' AND revoked_at IS NULL
            """, ["\(user.id)"]).affected
        if audited && revoked > 0 { try Audit.record(connection, actor: actor, action: "calendar.revoke", detail: [:]) }
    }

    /// The enabled user whose calendar feed `secret` opens, recording the use; nil for a revoked or unknown link.
    public static func calendarFeedUser(_ connection: Connection, secret: Secret) throws -> User? {
        guard let row = try connection.query("""
            SELECT \(Accounts.userColumns(qualified: true))
            FROM access_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.secret_hash = sha256(convert_to($1, 'UTF8')) AND t.purpose = 'calendar' AND t.revoked_at IS NULL
              AND u.disabled_at IS NULL
            """, [secret.text]).rows.first else {
            try Audit.record(connection, actor: "web", action: "calendar.refused", detail: [:])
            return nil
        }
        let user = try Accounts.user(row)
        try Audit.record(connection, actor: user.actor, action: "calendar.read", detail: [:])
        return user
    }
}
