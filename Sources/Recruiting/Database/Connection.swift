import CLibPQ
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection. Not `Sendable`: a connection belongs to one task at a time; rows become plain
/// values (`QueryResult`) before they travel.
///
/// Every value travels as a libpq text parameter (`$1`, `$2`, ...) or through COPY; no statement is ever built
/// by pasting values into SQL.
public final class Connection {
    let raw: OpaquePointer
    /// "host:port/database" as libpq resolved it, for messages. Never includes a password.
    package let target: String
    /// The connection string this connection was opened with (nil: libpq's defaults), so that a second
    /// connection to the same database can be opened (`Connection(conninfo: connection.conninfo)`).
    package let conninfo: String?
    private let secrets: [String]

    /// Opens a connection.
    /// - Parameter conninfo: a libpq URI (`postgresql://...`) or `key=value` string, expanded by libpq
    ///   (`expand_dbname`), or nil to use libpq's defaults and `PG*` environment variables alone.
    /// - Throws: `DatabaseError.unreachable` with a one-line reason, `DatabaseError.badConnectionString`.
    package init(conninfo: String?) throws {
        let secrets = try Connection.secrets(in: conninfo)
        self.secrets = secrets
        // Order matters: expanded dbname values override earlier keys; later keys override it. The application
        // name is only a fallback, the encoding is forced because every text we send and read is UTF-8.
        var pairs: [(String, String)] = [("fallback_application_name", "recruit")]
        if let conninfo, !conninfo.isEmpty { pairs.append(("dbname", conninfo)) }
        pairs.append(("client_encoding", "UTF8"))
        let conn = Connection.withCStringArrays(pairs) { keys, values in
            PQconnectdbParams(keys, values, 1)
        }
        guard let conn else { throw DatabaseError.unreachable(target: "the server", reason: "out of memory") }
        let target = Connection.describeTarget(conn)
        if PQstatus(conn) != CONNECTION_OK {
            var reason = Connection.scrub(Connection.firstLine(String(cString: PQerrorMessage(conn))), secrets)
            // "connection to server at "h", port 1 failed: Connection refused": the place is said already.
            if reason.hasPrefix("connection to server "), let failed = reason.range(of: " failed: ") {
                reason = String(reason[failed.upperBound...])
            }
            let attempt = Connection.describeAttempt(conn)
            PQfinish(conn)
            throw DatabaseError.unreachable(target: attempt, reason: reason)
        }
        self.raw = conn
        self.target = target
        self.conninfo = conninfo
        PQsetNoticeProcessor(conn, { _, _ in }, nil)  // NOTICEs (e.g. "already exists, skipping") are noise here
    }

    /// Connections to the same database for reads in parallel parts, kept while this one is open.
    private lazy var companions = CompanionPool(conninfo: conninfo)

    deinit { PQfinish(raw) }

    /// Starts opening `count` more connections to this database, in the background, for a parallel read about to
    /// come (`TimelineReader.forEachInParallel`): connecting then overlaps this connection's own statements.
    package func openCompanionsAhead(_ count: Int) { companions.openAhead(count) }

    /// Up to `count` other connections to this database, idle, opened ahead or now, all at once; fewer when the
    /// server has none to spare. Give back with ``giveBackCompanions(_:)`` those left idle again.
    func takeCompanions(_ count: Int) -> [Connection] { companions.take(count) }

    /// Keeps connections from ``takeCompanions(_:)`` whose transactions have ended, for the next parallel read;
    /// they close with this connection.
    func giveBackCompanions(_ connections: [Connection]) { companions.giveBack(connections) }

    /// Whether a transaction is open on this connection (idle in a transaction block, or failed in one).
    package var isInTransaction: Bool {
        let status = PQtransactionStatus(raw)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Whether the connection is still up (libpq's status is OK); a pool drops one that is not.
    package var isHealthy: Bool { PQstatus(raw) == CONNECTION_OK }

    // MARK: - Statements

    /// Runs one statement with text parameters and returns all its rows.
    /// - Parameters:
    ///   - sql: the statement, with `$1`, `$2`, ... for values.
    ///   - parameters: the values, nil for SQL NULL.
    /// - Throws: `DatabaseError.server` with SQLSTATE, detail and hint.
    @discardableResult
    package func query(_ sql: String, _ parameters: [String?] = []) throws -> QueryResult {
        let result = try withParameters(parameters) { count, values in
            PQexecParams(raw, sql, count, nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result)
        return QueryResult(result!)
    }

    /// Runs one or more statements with no parameters (a migration file). Only for SQL the program ships.
    package func execute(script sql: String) throws {
        let result = PQexec(raw, sql)
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs `body` in a transaction at `isolation`: committed when it returns, rolled back when it throws.
    /// Inside a caller's transaction the body joins it, at the caller's isolation: the caller commits, or rolls
    /// everything back when the body throws (`recruit import mail` records its activities through the importer
    /// within its own).
    /// - Throws: the body's error after the rollback, or a `DatabaseError` when the commit fails.
    @discardableResult
    package func transaction<T>(isolation: IsolationLevel = .readCommitted, _ body: () throws -> T) throws -> T {
        if isInTransaction { return try body() }
        try execute(script: isolation.begin)
        let value: T
        do {
            value = try body()
        } catch {
            _ = try? execute(script: "ROLLBACK")
            throw error
        }
        // COMMIT on a transaction that already failed answers "ROLLBACK" without an error: treat that as one.
        let result = PQexec(raw, "COMMIT")
        defer { PQclear(result) }
        try check(result)
        let status = String(cString: PQcmdStatus(result))
        guard status == "COMMIT" else {
            throw DatabaseError.server(ServerError(
                sqlState: "25P02", message: "the transaction was rolled back by the server instead of committed"))
        }
        return value
    }

    /// Streams the rows of a query to `body` one at a time (libpq's single-row mode), so memory stays bounded
    /// however large the result. When `body` throws, the query is cancelled and the error rethrown.
    package func forEachRow(_ sql: String, _ parameters: [String?] = [], _ body: (Row) throws -> Void) throws {
        let sent = try withParameters(parameters) { count, values in
            PQsendQueryParams(raw, sql, count, nil, values, nil, nil, 0)
        }
        guard sent == 1 else { throw connectionError() }
        guard PQsetSingleRowMode(raw) == 1 else {
            drainResults()
            throw DatabaseError.connectionLost(reason: "could not switch to single-row mode")
        }
        var failure: Error?
        while let result = PQgetResult(raw) {
            defer { PQclear(result) }
            if failure != nil { continue }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                do {
                    try body(Row(result: result))
                } catch {
                    failure = error
                    cancelRunningQuery()
                }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                break
            default:
                failure = serverError(result)
            }
        }
        if let failure { throw failure }
    }

    // MARK: - COPY

    /// Streams bytes into `COPY ... FROM STDIN`. `produce` writes chunks through the writer; when it throws,
    /// the COPY is aborted with CopyFail (nothing is stored) and the error rethrown.
    /// - Returns: the number of rows the server stored.
    @discardableResult
    package func copyIn(_ sql: String, _ produce: (CopyWriter) throws -> Void) throws -> Int {
        let start = PQexec(raw, sql)
        let startStatus = PQresultStatus(start)
        if startStatus != PGRES_COPY_IN {
            defer { PQclear(start) }
            try check(start)
            throw DatabaseError.connectionLost(reason: "the server did not enter COPY mode")
        }
        PQclear(start)
        let writer = CopyWriter(connection: raw)
        var failure: Error?
        do {
            try produce(writer)
        } catch {
            failure = error
        }
        let ended: Int32
        if let failure {
            ended = PQputCopyEnd(raw, "aborted by recruit: \(failure)")
        } else {
            ended = PQputCopyEnd(raw, nil)
        }
        var rows = 0
        var serverFailure: Error?
        // After PQputCopyEnd, PQgetResult must be called until it returns NULL.
        while let result = PQgetResult(raw) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK:
                rows = Int(String(cString: PQcmdTuples(result))) ?? 0
            case PGRES_COPY_IN:
                // Still in COPY mode (the end message did not get through): abort once more.
                _ = PQputCopyEnd(raw, "aborted by recruit")
            default:
                if serverFailure == nil { serverFailure = serverError(result) }
            }
        }
        if let failure { throw failure }
        if let serverFailure { throw serverFailure }
        if ended != 1 { throw connectionError() }
        return rows
    }

    /// Streams the rows of `COPY (...) TO STDOUT` to `body`, one message per call, in the format the statement asks
    /// for (every caller asks for `FORMAT binary` and reads it with ``CopyBinaryRow``). The bytes are valid only
    /// during the call. When `body` throws, the COPY is cancelled and the error rethrown.
    ///
    /// COPY takes no parameters: `sql` must contain no user text (only values the caller formatted itself, such as
    /// a validated `Day` or an integer).
    /// - Returns: the number of rows.
    /// - Throws: `DatabaseError.server` when the statement fails, `body`'s error.
    @discardableResult
    package func copyOut(_ sql: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let stream = try CopyOutStream(self, sql)
        var rows = 0
        do {
            while let row = try stream.next() {
                rows += 1
                try body(row)
            }
        } catch {
            stream.abandon()
            throw error
        }
        return rows
    }

    /// Enters COPY OUT mode for `sql`.
    func startCopyOut(_ sql: String) throws -> OpaquePointer {
        let start = PQexec(raw, sql)
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            try check(start)
            throw DatabaseError.connectionLost(reason: "the server did not enter COPY mode")
        }
        return raw
    }

    /// After the last row (`PQgetCopyData` answered -1): the COPY's final result, then NULL.
    func finishCopyOut() throws {
        var failure: Error?
        while let result = PQgetResult(raw) {
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status != PGRES_COMMAND_OK && status != PGRES_COPY_OUT && failure == nil { failure = serverError(result) }
        }
        if let failure { throw failure }
    }

    /// Stops a COPY OUT early: asks the server to cancel, then reads and drops whatever is still in flight so the
    /// connection is usable again.
    func abandonCopyOut() {
        cancelRunningQuery()
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let length = PQgetCopyData(raw, &buffer, 0)
            if let taken = buffer { PQfreemem(taken); buffer = nil }
            if length < 0 { break }
        }
        drainResults()
    }

    func copyOutFailure() -> Error {
        // -2: the COPY failed; the reason is in the result PQgetResult returns next (or the connection's message).
        var failure: Error?
        while let result = PQgetResult(raw) {
            defer { PQclear(result) }
            if failure == nil, PQresultStatus(result) != PGRES_COMMAND_OK { failure = serverError(result) }
        }
        return failure ?? connectionError()
    }

    // MARK: - Internals

    private func check(_ result: OpaquePointer?) throws {
        guard let result else { throw connectionError() }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_COPY_OUT:
            return
        default:
            throw serverError(result)
        }
    }

    private func serverError(_ result: OpaquePointer) -> Error {
        func field(_ code: UInt8) -> String? {
            guard let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return Connection.scrub(String(cString: value), secrets)
        }
        guard let sqlState = field(UInt8(ascii: "C")) else {
            // No SQLSTATE: a client-side failure such as a lost connection.
            let message = String(cString: PQresultErrorMessage(result))
            return DatabaseError.connectionLost(reason: Connection.scrub(Connection.firstLine(message), secrets))
        }
        return DatabaseError.server(ServerError(
            sqlState: sqlState,
            severity: field(UInt8(ascii: "V")),
            message: field(UInt8(ascii: "M")) ?? "unknown error",
            detail: field(UInt8(ascii: "D")),
            hint: field(UInt8(ascii: "H")),
            constraint: field(UInt8(ascii: "n")),
            table: field(UInt8(ascii: "t")),
            column: field(UInt8(ascii: "c")),
            position: field(UInt8(ascii: "P")),
            context: field(UInt8(ascii: "W"))))
    }

    func connectionError() -> DatabaseError {
        let message = Connection.firstLine(String(cString: PQerrorMessage(raw)))
        return .connectionLost(reason: Connection.scrub(message.isEmpty ? "no answer from the server" : message, secrets))
    }

    private func drainResults() {
        while let result = PQgetResult(raw) { PQclear(result) }
    }

    private func cancelRunningQuery() {
        guard let cancel = PQgetCancel(raw) else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
        PQfreeCancel(cancel)
    }

    /// Hands libpq a NULL-terminated-string array for the parameters, alive for the duration of `body`.
    private func withParameters<R>(_ parameters: [String?], _ body: (Int32, [UnsafePointer<CChar>?]) -> R) throws -> R {
        var copies: [UnsafeMutablePointer<CChar>?] = []
        copies.reserveCapacity(parameters.count)
        defer { copies.forEach { free($0) } }
        for (index, parameter) in parameters.enumerated() {
            guard let parameter else { copies.append(nil); continue }
            if parameter.utf8.contains(0) {
                throw DatabaseError.invalidParameter(index: index + 1, reason: "it contains a NUL character")
            }
            copies.append(strdup(parameter))
        }
        return body(Int32(parameters.count), copies.map { $0.map { UnsafePointer($0) } })
    }

}
