import Foundation
import Policies

/// Which applications a read covers. Every filter is optional; names compare as people's names do.
public struct TimelineScope: Sendable, Equatable {
    /// Only this client's openings (its stored name, see `PolicyStore.clientName`).
    public var client: String?
    /// Only items whose recruiter (application's, else candidate's, else opening's) is this one.
    public var recruiter: String?
    /// Only this candidate (e-mail).
    public var candidate: String?
    /// Only this opening id.
    public var opening: String?

    public init(client: String? = nil, recruiter: String? = nil, candidate: String? = nil, opening: String? = nil) {
        self.client = client
        self.recruiter = recruiter
        self.candidate = candidate
        self.opening = opening
    }
}

/// Reads applications' timelines as one stream of rows, one row per application: its columns, its candidate's
/// e-mail and name, its recruiter and its packed timeline (`application_timelines`, kept by the triggers of
/// sql/0003 and 0014), so
/// memory holds one timeline at a time however large the agency, and the server sends a quarter of the rows that
/// reading every activity would.
/// Openings (with client and hiring manager) are few and read once up front; everything is read in one
/// REPEATABLE READ transaction, so all of it is one moment's data.
public enum TimelineReader {
    /// Streams the timelines in scope as of `asOf` (activities dated after it do not exist yet) to `body`, each with
    /// its database id, on this connection only: ``forEachInParallel`` with one part. A scoped read comes in
    /// application id order; the whole agency's in the order the server finds quickest.
    public static func forEach(_ connection: Connection, asOf: Day, scope: TimelineScope = TimelineScope(),
                               _ body: (_ applicationID: Int64, _ timeline: Timeline) throws -> Void) throws {
        _ = try forEachInParallel(connection, asOf: asOf, scope: scope, partitions: 1, makeState: { () }) {
            _, id, timeline in try body(id, timeline)
        }
    }

    /// Reads the timelines in scope as of `asOf` in up to `partitions` parts at once, each on its own thread and
    /// connection (all sharing the caller's snapshot, so they see one moment's data). A whole agency's and a
    /// recruiter's applications are split by ranges of application ids (between the least and the greatest of theirs);
    /// a client's by remainders of their ids' hashes (so the parts share the probes that find them); a candidate's or
    /// opening's few applications are one part. Each part
    /// folds its timelines into its own state, made by `makeState`, then hands it to `finish` on its own thread; the
    /// states come back in the parts' order. `body` and `finish` run on several threads at once: they must touch
    /// nothing but their state. Fewer parts are read when the server has no connection to spare, or when a whole
    /// agency's parts would span fewer than `minimumPartSize` application ids (a small part is not worth a
    /// connection).
    ///
    /// With more than one part, every part has a connection of its own (see ``Connection/openCompanionsAhead(_:)``)
    /// and sends its statement at once, while the caller's connection reads what the rows refer to (openings and
    /// hires): a scoped part's server spends most of its time finding and sorting its rows before it sends the first,
    /// and that work overlaps the reads. `meanwhile` then runs on the caller's connection, in the same
    /// transaction, while the parts stream (after them when there is one part); its error, like a part's, ends the
    /// read.
    package static func forEachInParallel<State>(
        _ connection: Connection, asOf: Day, scope: TimelineScope = TimelineScope(), partitions: Int,
        minimumPartSize: Int64 = 50_000, candidateNames: Bool = true, makeState: () -> State,
        finish: (inout State) -> Void = { _ in },
        meanwhile: (Connection) throws -> Void = { _ in },
        _ body: (inout State, _ applicationID: Int64, _ timeline: Timeline) throws -> Void
    ) throws -> [State] {
        try inOwnTransaction(connection) {
            let scoped = scope != TimelineScope()
            let wanted: Int
            let ids: (low: Int64, high: Int64)
            if !scoped || scope.recruiter != nil {
                // A whole agency's rows, or one recruiter's (found by application_timelines_recruiter_idx in id order), are split into
                // ranges of application ids: each part then reads its own pages.
                let bounds = try scope.recruiter.map {
                    try connection.query("""
                        SELECT min(application_id), max(application_id) FROM application_timelines
                        WHERE recruiter IS NOT NULL AND lower(btrim(recruiter)) = lower(btrim($1))
                        """, [$0])
                } ?? connection.query("SELECT min(application_id), max(application_id) FROM application_timelines")
                guard let low = bounds.rows.first?[0].flatMap(Int64.init),
                      let high = bounds.rows.first?[1].flatMap(Int64.init) else {
                    return [makeState()]
                }
                ids = (low, high)
                wanted = scoped ? max(1, partitions)
                    : max(1, min(partitions, Int((high - low) / max(minimumPartSize, 1)) + 1))
            } else {
                ids = (0, 0)
                wanted = scope.client != nil ? max(1, partitions) : 1
            }
            var companions: [Connection] = []
            if wanted > 1 {
                let snapshot = try exportedSnapshot(connection)
                for companion in connection.takeCompanions(wanted) {
                    try companion.execute(script: """
                        BEGIN ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT '\(snapshot)'
                        """)
                    try sessionSettings(companion)
                    companions.append(companion)
                }
            }
            // With one companion only (the server had no more to spare), the caller's connection reads the one part
            // itself, and the companion goes unused (and closes, its transaction with it).
            let connections = companions.count > 1 ? companions : [connection]
            let parts = connections.count
            let width = (ids.high - ids.low) / Int64(parts) + 1
            let statement = { (connection: Connection, part: Int) throws -> String in
                let from = ids.low + Int64(part) * width
                let range = (from: from, through: min(ids.high, from + width - 1))
                guard scoped else {
                    return partQuery(from: range.from, through: range.through, candidateNames: candidateNames)
                }
                try setScope(connection, scope)
                return scopedQuery(scope, part: part, of: parts, ids: parts > 1 ? range : nil,
                                   candidateNames: candidateNames)
            }
            return try withoutActuallyEscaping(body) { body in
                try withoutActuallyEscaping(finish) { finish in
                    let work = ParallelRead(connections: connections, caller: connection, candidateNames: candidateNames,
                                            statement: statement,
                                            states: (0..<parts).map { _ in makeState() }, body: body, finish: finish)
                    // The companions whose parts ended cleanly serve the next read; the others close.
                    defer { connection.giveBackCompanions(work.idleCompanions()) }
                    return try work.readAll(asOf: asOf, meanwhile: meanwhile)
                }
            }
        }
    }

    /// Runs `body` in a REPEATABLE READ transaction of its own unless the caller has one open, with this read's
    /// session settings (also for other large reads, such as the summary's reply figures).
    static func inOwnTransaction<T>(_ connection: Connection, _ body: () throws -> T) throws -> T {
        try connection.transaction(isolation: .repeatableRead) {
            try sessionSettings(connection)
            return try body()
        }
    }

    /// For the transaction only: dates are read as ISO text, whatever the user's DateStyle; its commit need not wait
    /// for a disk flush; JIT compiling costs more than it saves on these plain scans; and a scoped read's sort stays
    /// in memory, not in temporary files.
    private static func sessionSettings(_ connection: Connection) throws {
        try connection.execute(script: """
            SET LOCAL DateStyle = ISO; SET LOCAL synchronous_commit = off; SET LOCAL jit = off;
            SET LOCAL work_mem = '256MB'
            """)
    }

    /// The transaction's snapshot for other connections, checked to be the server's own text before it goes
    /// into a statement (SET TRANSACTION SNAPSHOT takes no parameters).
    private static func exportedSnapshot(_ connection: Connection) throws -> String {
        guard let snapshot = try connection.query("SELECT pg_export_snapshot()").scalar, !snapshot.isEmpty,
              snapshot.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= 0x30 && $0 <= 0x39)
                                           || ($0 >= 0x41 && $0 <= 0x46) }) else {
            throw DatabaseError.connectionLost(reason: "the server exported no usable snapshot")
        }
        return snapshot
    }
}
