/// Why the private PostgreSQL cluster could not be created or started, with what to do about it.
package enum EmbeddedPostgresError: Error, Sendable, CustomStringConvertible {
    /// `initdb` and `pg_ctl` were found neither on PATH nor under /usr/lib/postgresql.
    case serverProgramsMissing
    /// Running as root, the server must run as the `postgres` system user, which does not exist.
    case noPostgresUser
    /// A server program failed; `output` is the tail of what it (or the server log) said.
    case programFailed(command: String, status: Int32, output: String)
    /// The cluster folder could not be prepared.
    case folderUnusable(path: String, reason: String)

    package var description: String {
        switch self {
        case .serverProgramsMissing:
            return """
            no database is configured and PostgreSQL's server programs (initdb, pg_ctl) are not installed, \
            so recruit cannot start its own. Install them with: \(PostgresServerPrograms.installCommand) \
            (as root, or with sudo), or set DATABASE_URL to an existing server.
            """
        case .noPostgresUser:
            return """
            running as root, recruit starts its private PostgreSQL as the 'postgres' system user, which does not \
            exist here. Install PostgreSQL's server package (\(PostgresServerPrograms.installCommand)), which creates \
            it, or run recruit as a normal user.
            """
        case let .programFailed(command, status, output):
            let said = output.isEmpty ? "" : ":\n\(output)"
            return "\(command) failed with status \(status)\(said)"
        case let .folderUnusable(path, reason):
            return "cannot use \(path) for the private database: \(reason). Set RECRUIT_HOME to a writable folder."
        }
    }
}
