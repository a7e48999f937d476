/// The fields PostgreSQL sends with an error, kept so callers can act on them (SQLSTATE) and users can read
/// them (message, detail, hint). Never holds connection secrets.
package struct ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The five-character SQLSTATE, e.g. `23505` for a unique violation.
    package var sqlState: String
    package var severity: String?
    package var message: String
    package var detail: String?
    package var hint: String?
    package var constraint: String?
    package var table: String?
    package var column: String?
    package var position: String?
    /// Where the error happened (`PG_DIAG_CONTEXT`), e.g. `COPY import_staging, line 3, column c_email: "..."`:
    /// the importer reads the line and column of a malformed CSV file from it.
    package var context: String?

    package init(sqlState: String, severity: String? = nil, message: String, detail: String? = nil,
                hint: String? = nil, constraint: String? = nil, table: String? = nil, column: String? = nil,
                position: String? = nil, context: String? = nil) {
        self.sqlState = sqlState
        self.severity = severity
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
        self.position = position
        self.context = context
    }

    package var description: String {
        var text = "\(message) (SQLSTATE \(sqlState))"
        if let detail, !detail.isEmpty { text += "\nDETAIL: \(detail)" }
        if let hint, !hint.isEmpty { text += "\nHINT: \(hint)" }
        return text
    }

    /// The SQLSTATE classes that mean "the server is not there or not usable", rather than "this statement failed".
    package var isConnectionProblem: Bool {
        sqlState.hasPrefix("08") || sqlState.hasPrefix("57P") || sqlState == "53300"
    }
}

/// What can go wrong talking to PostgreSQL. Messages name the server (host, port, database) but never a password.
package enum DatabaseError: Error, Sendable, CustomStringConvertible {
    /// The server could not be reached or refused the login. `target` says what was tried (database, host and port
    /// or socket, user).
    case unreachable(target: String, reason: String)
    /// The connection string itself is malformed.
    case badConnectionString(reason: String)
    /// The server rejected a statement.
    case server(ServerError)
    /// The connection broke or libpq reported a client-side failure.
    case connectionLost(reason: String)
    /// A value cannot be sent as a text parameter (PostgreSQL text cannot hold a NUL character).
    case invalidParameter(index: Int, reason: String)
    /// A row the database returned does not hold what the program expects in one column (a schema changed by
    /// hand, or a recruit older than the database): the data is not what it should be, the server is fine.
    case malformedRow(column: Int, expected: String)

    package var description: String {
        switch self {
        case let .unreachable(target, reason):
            return "cannot connect to \(target): \(reason)"
        case let .badConnectionString(reason):
            return "the database connection string is not valid: \(reason)"
        case let .server(error):
            return error.description
        case let .connectionLost(reason):
            return "the database connection failed: \(reason)"
        case let .invalidParameter(index, reason):
            return "query parameter $\(index) cannot be sent: \(reason)"
        case let .malformedRow(column, expected):
            return "the database returned a row without \(expected) in column \(column + 1); "
                + "check that this recruit is as new as the database (recruit --version, recruit db status)"
        }
    }

    /// The server's SQLSTATE when the server rejected a statement.
    package var sqlState: String? {
        if case let .server(error) = self { return error.sqlState }
        return nil
    }

    /// True when the database could not be reached or used at all (exit status 3 in CONTRACT.md).
    package var isUnavailable: Bool {
        switch self {
        case .unreachable, .badConnectionString, .connectionLost: return true
        case let .server(error): return error.isConnectionProblem
        case .invalidParameter, .malformedRow: return false
        }
    }
}

extension DatabaseError: ExitStatusError {
    /// 3 when the database could not be reached or used (``isUnavailable``), else 1.
    package var exitStatus: Int32 { isUnavailable ? 3 : 1 }
}
