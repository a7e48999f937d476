import Foundation

/// Secret links that open one thing without an account: a user's calendar feed (their queue as ICS, to subscribe
/// to once from Outlook or Google Calendar) and a client's share link (that client's status summary, to send to
/// the hiring manager). Each is 256 random bits, stored only as its SHA-256, revocable, and every use is recorded
/// in the audit trail.
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

    /// A client's share link as its creator sees it: never the secret, only what identifies it.
    public struct Share: Sendable, Equatable {
        /// The link's stored hash in hex: names it in a revoke form without revealing it.
        public let id: String
        public let createdBy: String
        public let createdAt: String
        public let expiresAt: String
        public let revoked: Bool
        public let expired: Bool
    }

    /// The longest a share link may last.
    public static let maximumShareDays = 90

    /// A new share link to `client`'s status summary, valid `days` days (1 to ``maximumShareDays``).
    /// - Throws: `PolicyStoreError.unknownClient`; ``ShareError/badDuration(_:)`` for `days` out of range.
    public static func newShare(_ connection: Connection, client: String, days: Int, by user: User) throws -> Secret {
        guard (1...maximumShareDays).contains(days) else { throw ShareError.badDuration(days) }
        let name = try PolicyStore.clientName(client, connection)
        return try connection.transaction {
            let secret = Secret()
            try connection.query("""
                INSERT INTO access_tokens (secret_hash, purpose, user_id, client_id, expires_at)
                SELECT sha256(convert_to($1, 'UTF8')), 'share', $2, id, now() + make_interval(days => $4::int)
                FROM clients WHERE name = $3
                """, [secret.text, "\(user.id)", name, "\(days)"])
            try Audit.record(connection, actor: user.actor, action: "share.create", detail: ["days": "\(days)"])
            return secret
        }
    }

    /// The client's share links, newest first.
    public static func shares(_ connection: Connection, client: String) throws -> [Share] {
        let name = try PolicyStore.clientName(client, connection)
        return try connection.query("""
            SELECT encode(t.secret_hash, 'hex'), u.name, to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
                   to_char(t.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), (t.revoked_at IS NOT NULL)::text,
                   (t.expires_at <= now())::text
            FROM access_tokens t JOIN clients c ON c.id = t.client_id JOIN users u ON u.id = t.user_id
            WHERE t.purpose = 'share' AND c.name = $1
            ORDER BY t.created_at DESC
            """, [name]).rows.map { row in
            // expires_at may be NULL in the schema (shares always set it): shown empty, never expired.
            Share(id: try row.text(0), createdBy: try row.text(1), createdAt: try row.text(2), expiresAt: row[3] ?? "",
                  revoked: try row.text(4) == "true", expired: row[5] == "true")
        }
    }

    /// Withdraws one of a client's share links (by its ``Share/id``); a link of another client is left alone.
    public static func revokeShare(_ connection: Connection, client: String, id: String, by user: User) throws {
        let name = try PolicyStore.clientName(client, connection)
        let revoked = try connection.query("""
            UPDATE access_tokens t SET revoked_at = now() FROM clients c
            WHERE t.purpose = 'share' AND t.client_id = c.id AND c.name = $1 AND t.revoked_at IS NULL
              AND encode(t.secret_hash, 'hex') = $2
            """, [name, id]).affected
        if revoked > 0 { try Audit.record(connection, actor: user.actor, action: "share.revoke", detail: [:]) }
    }

    /// The client (its stored name) whose summary a share link opens, recording the use; nil once it expired or
    /// was withdrawn, or when it never existed.
    public static func sharedClient(_ connection: Connection, secret: Secret) throws -> String? {
        let client = try connection.query("""
            SELECT c.name FROM access_tokens t JOIN clients c ON c.id = t.client_id
            WHERE t.secret_hash = sha256(convert_to($1, 'UTF8')) AND t.purpose = 'share' AND t.revoked_at IS NULL
              AND t.expires_at > now()
            """, [secret.text]).scalar
        try Audit.record(connection, actor: "share-link", action: client == nil ? "share.refused" : "share.read", detail: [:])
        return client
    }
}

/// Why a share link was not made.
public enum ShareError: Error, Sendable, Equatable, CustomStringConvertible {
    case badDuration(Int)

    public var description: String {
        switch self {
        case .badDuration(let days):
            return "a share link lasts 1 to \(Links.maximumShareDays) days, not \(days)"
        }
    }
}
