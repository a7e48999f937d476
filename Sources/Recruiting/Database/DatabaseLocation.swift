import Foundation

/// Which database a command talks to, decided as CONTRACT.md says: `--database`, else `DATABASE_URL`, else libpq's
/// own `PG*` variables when any names a server, else the embedded default under `RECRUIT_HOME`.
package enum DatabaseLocation: Sendable, Equatable {
    /// A libpq URI or `key=value` string.
    case url(String)
    /// libpq's defaults and `PG*` variables (`PGHOST`, `PGDATABASE`, `PGSERVICE`, ...).
    case libpqEnvironment
    /// The private cluster in this folder.
    case embedded(home: String)
    /// Another database than `recruit` of the private cluster in this folder (`--database recruit_demo`).
    case embeddedDatabase(home: String, name: String)

    /// The variables that, when set, mean the user points libpq at a server of their own.
    static let libpqServerVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE"]

    /// `option` is `--database`: a libpq URI or `key=value` string, or a bare database name (`recruit_demo`), which
    /// names a database on the server the rest would choose (`DATABASE_URL`, the `PG*` variables, else the private
    /// one).
    package static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> DatabaseLocation {
        if let option, !option.isEmpty, !isDatabaseName(option) { return .url(option) }
        let name = option.flatMap { $0.isEmpty ? nil : $0 }
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            // A DATABASE_URL libpq cannot read is reported as it is, when connecting.
            return .url(name.flatMap { try? Connection.conninfo(url, database: $0) } ?? url)
        }
        if libpqServerVariables.contains(where: { !(environment[$0] ?? "").isEmpty }) {
            return name.map { .url((try? Connection.conninfo(nil, database: $0)) ?? $0) } ?? .libpqEnvironment
        }
        let home = EmbeddedPostgres.recruitHome(environment: environment)
        return name.map { .embeddedDatabase(home: home, name: $0) } ?? .embedded(home: home)
    }

    /// Whether `--database` holds a database's name rather than a connection string: letters, digits, `_`, `-`
    /// and `$` only, not starting with a digit (a URI has `:` and `/`, a `key=value` string has `=`).
    package static func isDatabaseName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_-$".unicodeScalars.contains($0)
        }
    }

    /// What to check when the database cannot be reached (`message`: the error's, which says what was tried),
    /// naming the setting that chose it.
    func advice(for message: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let setting: String
        switch self {
        case let .url(url):
            let fromEnvironment = environment["DATABASE_URL"] ?? ""
            setting = fromEnvironment == url ? "DATABASE_URL" : fromEnvironment.isEmpty ? "--database"
                : "--database and DATABASE_URL"
        case .libpqEnvironment:
            setting = "the PG* variables (PGHOST, PGPORT, PGDATABASE, PGUSER)"
        case let .embedded(home), let .embeddedDatabase(home, _):
            return "check recruit's private server: its log is in \(home)/server.log; recruit db stop, then any command starts it again"
        }
        let lower = message.lowercased()
        if lower.contains("does not exist") {
            return "check the database and user names in \(setting): the server answered, but has no such database or role"
        }
        if lower.contains("password") || lower.contains("authentication") {
            return "check the user and password in \(setting) (or ~/.pgpass)"
        }
        if message.contains(" on socket ") {
            return "check that PostgreSQL is running on this machine with its socket in that folder "
                + "(unix_socket_directories), and the host and port in \(setting)"
        }
        return "check that PostgreSQL is running there and accepts connections (listen_addresses, the firewall), "
            + "and the host and port in \(setting)"
    }

    /// Connects (starting the embedded cluster when that is the choice) and brings the schema up to date.
    /// - Throws: `DatabaseError`, `EmbeddedPostgresError` or `MigrationError`: all mean exit status 3.
    /// - Throws: `CannotConnect` when the server cannot be reached (what was tried, and what to check).
    package func open(migrate: Bool = true) throws -> Connection {
        let connection: Connection
        do {
            switch self {
            case let .url(url):
                connection = try Connection(conninfo: url)
            case .libpqEnvironment:
                connection = try Connection(conninfo: nil)
            case let .embedded(home):
                connection = try DatabaseLocation.openEmbedded(home: home, database: "recruit")
            case let .embeddedDatabase(home, name):
                connection = try DatabaseLocation.openEmbedded(home: home, database: name)
            }
        } catch let error as DatabaseError {
            guard case .unreachable = error else { throw error }
            throw CannotConnect(error: error, advice: advice(for: error.description))
        }
        if migrate { try Migrator.bundled().migrate(connection) }
        return connection
    }

    private static func openEmbedded(home: String, database: String) throws -> Connection {
        let cluster = try EmbeddedPostgres(folder: home)
        // Most runs find the server up and the database there: one connection says so. Anything else (no
        // server, no database yet) goes the careful way.
        if cluster.mayBeRunning, let ready = try? Connection(conninfo: cluster.conninfo(database: database)) {
            return ready
        }
        try cluster.start(database: database)
        return try Connection(conninfo: cluster.conninfo(database: database))
    }
}

/// The database could not be reached: the server's answer, which says what was tried (never a password), and
/// what to check.
package struct CannotConnect: Error, Sendable, CustomStringConvertible {
    package let error: DatabaseError
    package let advice: String

    package var description: String { "\(error.description)\n\(advice)" }
}
