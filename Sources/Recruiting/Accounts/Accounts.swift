import Foundation
import HummingbirdBcrypt

/// What a person may do in the web workspace, each role including the ones before it.
public enum Role: String, Sendable, CaseIterable, Comparable {
    /// Sees the agency's data and their own queue, logs activities.
    case recruiter
    /// Also every recruiter's queue, the over-contact warnings, client summaries and share links.
    case manager
    /// Also imports, the policy and the users.
    case admin

    private var rank: Int { Role.allCases.firstIndex(of: self)! }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }

    /// The role called `name`.
    /// - Throws: ``AccountError/unknownRole(_:)``.
    public static func named(_ name: String) throws(AccountError) -> Role {
        guard let role = Role(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw .unknownRole(name)
        }
        return role
    }
}

/// A member of the agency's staff with an account.
public struct User: Sendable, Equatable {
    public let id: Int64
    /// Lower-case; for a recruiter, the recruiter named on applications, candidates and openings.
    public let email: String
    public let name: String
    public let role: Role
    public let hasPassword: Bool
    public let disabled: Bool

    /// The audit trail's name for this user: an id, never the e-mail.
    public var actor: String { "user:\(id)" }
}

/// Why an account operation was refused, in words the person can act on. None of them says whether an e-mail
/// has an account, except to the admin who manages users.
public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidEmail(String)
    case blankName
    case unknownRole(String)
    case alreadyExists(String)
    case noSuchUser(String)
    case weakPassword(String)
    /// The link is unknown, used, expired or revoked: one answer for all, so a guess learns nothing.
    case linkNotValid
    /// Wrong e-mail, wrong password or a disabled account: one answer for all.
    case signInRefused
    case throttled(minutes: Int)

    public var description: String {
        switch self {
        case .invalidEmail(let email): return "'\(email)' is not an e-mail address"
        case .blankName: return "the name is empty: give the person's name with --name"
        case .unknownRole(let role):
            return "unknown role '\(role)': use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
        case .alreadyExists(let email): return "\(email) already has an account (recruit user list shows it)"
        case .noSuchUser(let email): return "no account for \(email) (recruit user list shows the accounts)"
        case .weakPassword(let reason): return reason
        case .linkNotValid: return "this link is not valid any more: ask an admin for a new one"
        case .signInRefused: return "the e-mail or the password is wrong, or the account is disabled"
        case .throttled(let minutes):
            return "too many failed sign-ins: try again in \(minutes) minute\(minutes == 1 ? "" : "s")"
        }
    }
}

/// Accounts, sessions and secret links of the web workspace (sql/0015_accounts.sql).
public enum Accounts {
    /// How long a one-time link to set a password stays valid.
    public static let passwordLinkHours = 72
    /// How long a sign-in lasts.
    public static let sessionHours = 12
    /// Failed sign-ins allowed in `throttleMinutes`, per account and per address.
    package static let failuresPerAccount = 5
    package static let failuresPerAddress = 30
    package static let throttleMinutes = 15
    /// bcrypt's work factor.
    static let bcryptCost: UInt8 = 12
    /// A hash checked when the account has none, so a sign-in takes as long whether or not the account exists.
    static let decoyHash = Bcrypt.hash("recruit's decoy password", cost: bcryptCost)

    /// The columns ``user(_:)`` decodes, of the `users` table named `u` when `qualified`.
    static func userColumns(qualified: Bool = false) -> String {
        let u = qualified ? "u." : ""
        return "\(u)id::text, \(u)email, \(u)name, \(u)role, (\(u)password_hash IS NOT NULL)::text, (\(u)disabled_at IS NOT NULL)::text"
    }

    static func user(_ row: [String?]) throws -> User {
        User(id: try row.int64(0), email: try row.text(1), name: try row.text(2), role: try row.word(3, as: Role.self),
             hasPassword: try row.text(4) == "true", disabled: try row.text(5) == "true")
    }

    /// Creates an account without a password and returns it with a one-time link secret to set one.
    /// - Throws: ``AccountError`` for a bad e-mail or name, or an e-mail that has an account.
    public static func add(_ connection: Connection, email: String, name: String, role: Role, by actor: String) throws -> (User, Secret) {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard email.count >= 3, email.contains("@"), !email.hasPrefix("@"), !email.hasSuffix("@"),
              !email.contains(where: { $0.isWhitespace }) else { throw AccountError.invalidEmail(email) }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw AccountError.blankName }
        return try connection.transaction {
            let row = try connection.query("""
                INSERT INTO users (email, name, role) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING
                RETURNING \(userColumns())
                """, [email, name, role.rawValue]).rows.first
            guard let row else { throw AccountError.alreadyExists(email) }
            let user = try user(row)
            let secret = try issuePasswordLink(connection, user)
            try Audit.record(connection, actor: actor, action: "user.add", detail: ["user": "\(user.id)", "role": role.rawValue])
            return (user, secret)
        }
    }

    /// Every account, by e-mail.
    public static func list(_ connection: Connection) throws -> [User] {
        try connection.query("SELECT \(userColumns()) FROM users ORDER BY email").rows.map(user)
    }

    /// The account of `email`.
    /// - Throws: ``AccountError/noSuchUser(_:)``.
    public static func named(_ email: String, _ connection: Connection) throws -> User {
        let key = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard let row = try connection.query("SELECT \(userColumns()) FROM users WHERE email = $1", [key]).rows.first else {
            throw AccountError.noSuchUser(key)
        }
        return try user(row)
    }

    /// Changes a user's role.
    public static func setRole(_ connection: Connection, email: String, role: Role, by actor: String) throws -> User {
        try connection.transaction {
            let user = try named(email, connection)
            try connection.query("UPDATE users SET role = $2 WHERE id = $1", ["\(user.id)", role.rawValue])
            try Audit.record(connection, actor: actor, action: "user.role", detail: ["user": "\(user.id)", "role": role.rawValue])
            return try named(email, connection)
        }
    }

    /// Disables an account: its sessions end and its links stop working at once.
    public static func disable(_ connection: Connection, email: String, by actor: String) throws -> User {
        try connection.transaction {
            let user = try named(email, connection)
            try connection.query("UPDATE users SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1", ["\(user.id)"])
            try connection.query("DELETE FROM web_sessions WHERE user_id = $1", ["\(user.id)"])
            try connection.query("UPDATE access_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
                                 ["\(user.id)"])
            try Audit.record(connection, actor: actor, action: "user.disable", detail: ["user": "\(user.id)"])
            return try named(email, connection)
        }
    }

    /// A new one-time link to set (or reset) the password of `email`; earlier unused links stop working.
    public static func passwordLink(_ connection: Connection, email: String, by actor: String) throws -> Secret {
        try connection.transaction {
            let user = try named(email, connection)
            let secret = try issuePasswordLink(connection, user)
            try Audit.record(connection, actor: actor, action: "user.password_link", detail: ["user": "\(user.id)"])
            return secret
        }
    }

    private static func issuePasswordLink(_ connection: Connection, _ user: User) throws -> Secret {
        try connection.query("""
            UPDATE access_tokens SET revoked_at = now()
            WHERE user_id = $1 AND purpose = 'set_password' AND used_at IS NULL AND revoked_at IS NULL
            """, ["\(user.id)"])
        let secret = Secret()
        try connection.query("""
            INSERT INTO access_tokens (secret_hash, purpose, user_id, expires_at)
            VALUES (sha256(convert_to($1, 'UTF8')), 'set_password', $2, now() + make_interval(hours => $3::int))
            """, [secret.text, "\(user.id)", "\(passwordLinkHours)"])
        return secret
    }

    /// The account a one-time password link is for, when the link is still valid.
    public static func passwordLinkUser(_ connection: Connection, link: Secret) throws -> User? {
        try connection.query("""
            SELECT \(userColumns(qualified: true))
            FROM access_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.secret_hash = sha256(convert_to($1, 'UTF8')) AND t.purpose = 'set_password'
              AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now() AND u.disabled_at IS NULL
            """, [link.text]).rows.first.map(user)
    }

    /// Sets the password through a one-time link, which is then used up; the user's other sessions end.
    /// - Throws: ``AccountError/linkNotValid`` or ``AccountError/weakPassword(_:)``; nothing changes then.
    public static func setPassword(_ connection: Connection, link: Secret, password: String) throws -> User {
        try checkStrength(password)
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        return try connection.transaction {
            let row = try connection.query("""
                UPDATE access_tokens t SET used_at = now()
                FROM users u
                WHERE t.secret_hash = sha256(convert_to($1, 'UTF8')) AND t.purpose = 'set_password' AND u.id = t.user_id
                  AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now() AND u.disabled_at IS NULL
                RETURNING u.id::text
                """, [link.text]).scalar
            guard let id = row else { throw AccountError.linkNotValid }
            try connection.query("UPDATE users SET password_hash = $2 WHERE id = $1", [id, hash])
            try connection.query("DELETE FROM web_sessions WHERE user_id = $1", [id])
            try Audit.record(connection, actor: "user:\(id)", action: "user.password_set", detail: [:])
            guard let updated = try connection.query("SELECT \(userColumns()) FROM users WHERE id = $1", [id]).rows.first else {
                throw AccountError.linkNotValid
            }
            return try user(updated)
        }
    }

    /// A password long enough to resist guessing: at least 12 characters, not all one character.
    static func checkStrength(_ password: String) throws(AccountError) {
        guard password.count >= 12 else { throw .weakPassword("the password needs at least 12 characters") }
        guard password.count <= 72 || password.utf8.count <= 72 else {
            throw .weakPassword("the password may have at most 72 bytes (bcrypt reads no further)")
        }
        guard Set(password).count > 1 else { throw .weakPassword("the password needs more than one kind of character") }
    }

    /// A signed-in browser: the cookie's secret, the CSRF token of its forms, and who it is.
    public struct Session: Sendable {
        public let secret: Secret
        public let csrf: String
        public let user: User
    }

    /// Signs in: checks the throttle, then the password (taking as long for an unknown account), and opens a
    /// session with a fresh secret.
    /// - Throws: ``AccountError/throttled(minutes:)`` or ``AccountError/signInRefused``.
    public static func signIn(_ connection: Connection, email: String, password: String, address: String) throws -> Session {
        let account = email.trimmingCharacters(in: .whitespaces).lowercased()
        if let minutes = try throttled(connection, account: account, address: address) {
            try Audit.record(connection, actor: "web", action: "sign_in.throttled", detail: [:])
            throw AccountError.throttled(minutes: minutes)
        }
        let row = try connection.query("""
            SELECT \(userColumns()), password_hash FROM users WHERE email = $1
            """, [account]).rows.first
        let found = try row.map { try user(Array($0.prefix(6))) }
        let hash = row?[6] ?? nil
        let matches = Bcrypt.verify(password, hash: hash ?? decoyHash) && hash != nil
        guard let user = found, matches, !user.disabled else {
            try connection.query("INSERT INTO login_failures (account, address) VALUES ($1, $2)", [account, address])
            try Audit.record(connection, actor: found.map(\.actor) ?? "web", action: "sign_in.failed", detail: [:])
            throw AccountError.signInRefused
        }
        return try connection.transaction {
            let secret = Secret()
            let csrf = Secret().text
            try connection.query("""
                INSERT INTO web_sessions (secret_hash, user_id, csrf, expires_at)
                VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, now() + make_interval(hours => $4::int))
                """, [secret.text, "\(user.id)", csrf, "\(sessionHours)"])
            try connection.query("DELETE FROM login_failures WHERE account = $1 OR at < now() - interval '1 day'", [account])
            try connection.query("DELETE FROM web_sessions WHERE expires_at < now()")
            try Audit.record(connection, actor: user.actor, action: "sign_in", detail: [:])
            return Session(secret: secret, csrf: csrf, user: user)
        }
    }

    /// Minutes to wait when the account or the address has too many recent failures; nil when it may try.
    static func throttled(_ connection: Connection, account: String, address: String) throws -> Int? {
        let row = try connection.query("""
            SELECT (SELECT count(*) FROM login_failures WHERE account = $1 AND at > now() - make_interval(mins => $3::int)),
                   (SELECT count(*) FROM login_failures WHERE address = $2 AND at > now() - make_interval(mins => $3::int)),
                   ceil(extract(epoch FROM (SELECT max(at) FROM login_failures WHERE account = $1 OR address = $2)
                        + make_interval(mins => $3::int) - now()) / 60)::int
            """, [account, address, "\(throttleMinutes)"]).onlyRow()
        let byAccount = try row.int(0)
        let byAddress = try row.int(1)
        guard byAccount >= failuresPerAccount || byAddress >= failuresPerAddress else { return nil }
        return max(1, try row.optionalInt(2) ?? 1)
    }

    /// The session a cookie's secret opens, while it lasts and its user is enabled.
    public static func session(_ connection: Connection, secret: Secret) throws -> Session? {
        guard let row = try connection.query("""
            SELECT \(userColumns(qualified: true)), s.csrf
            FROM web_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.secret_hash = sha256(convert_to($1, 'UTF8')) AND s.expires_at > now() AND u.disabled_at IS NULL
            """, [secret.text]).rows.first, let csrf = row[6] else { return nil }
        return Session(secret: secret, csrf: csrf, user: try user(Array(row.prefix(6))))
    }

    /// Ends a session on the server: its cookie opens nothing any more.
    public static func signOut(_ connection: Connection, secret: Secret) throws {
        let id = try connection.query("""
            DELETE FROM web_sessions WHERE secret_hash = sha256(convert_to($1, 'UTF8')) RETURNING user_id::text
            """, [secret.text]).scalar
        if let id { try Audit.record(connection, actor: "user:\(id)", action: "sign_out", detail: [:]) }
    }
}
