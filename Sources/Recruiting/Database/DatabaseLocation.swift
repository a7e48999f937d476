import Foundation

/// Which database a command talks to, decided as CONTRACT.md says: `--database`, else `DATABASE_URL`, else libpq's
/// own `PG*` variables when any names a server, else the embedded default under `RECRUIT_HOME`.
public enum DatabaseLocation: Sendable, Equatable {
    /// A libpq URI or `key=value` string.
    case url(String)
    /// libpq's defaults and `PG*` variables (`PGHOST`, `PGDATABASE`, `PGSERVICE`, ...).
    case libpqEnvironment
    /// The private cluster in this folder.
    case embedded(home: String)

    /// The variables that, when set, mean the user points libpq at a server of their own.
    static let libpqServerVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE"]

    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> DatabaseLocation {
        if let option, !option.isEmpty { return .url(option) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .url(url) }
        if libpqServerVariables.contains(where: { !(environment[$0] ?? "").isEmpty }) { return .libpqEnvironment }
        return .embedded(home: EmbeddedPostgres.recruitHome(environment: environment))
    }

    /// Connects (starting the embedded cluster when that is the choice) and brings the schema up to date.
    /// - Throws: `DatabaseError`, `EmbeddedPostgresError` or `MigrationError`: all mean exit status 3.
    public func open(migrate: Bool = true) throws -> Connection {
        let connection: Connection
        switch self {
        case let .url(url):
            connection = try Connection(conninfo: url)
        case .libpqEnvironment:
            connection = try Connection(conninfo: nil)
        case let .embedded(home):
            let cluster = try EmbeddedPostgres(folder: home)
            // Most runs find the server up and the database there: one connection says so. Anything else (no
            // server, no database yet) goes the careful way.
            if cluster.mayBeRunning, let ready = try? Connection(conninfo: cluster.conninfo()) {
                connection = ready
            } else {
                try cluster.start()
                connection = try Connection(conninfo: cluster.conninfo())
            }
        }
        if migrate { try Migrator.bundled().migrate(connection) }
        return connection
    }
}
