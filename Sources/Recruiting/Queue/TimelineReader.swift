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
    public static func forEachInParallel<State>(
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

    /// Puts the scope's filters in this transaction's settings (`recruit.client`, `recruit.recruiter`, ...), through
    /// parameters: the filters are user text and COPY statements take no parameters, so ``scopedQuery(_:part:of:ids:)``
    /// reads them back with `current_setting`.
    static func setScope(_ connection: Connection, _ scope: TimelineScope) throws {
        let filters = [("recruit.client", scope.client), ("recruit.recruiter", scope.recruiter),
                       ("recruit.candidate", scope.candidate), ("recruit.opening", scope.opening)]
            .compactMap { name, value in value.map { (name, $0) } }
        guard !filters.isEmpty else { return }
        let calls = filters.indices.map { "set_config($\($0 * 2 + 1), $\($0 * 2 + 2), true)" }
        try connection.query("SELECT " + calls.joined(separator: ", "), filters.flatMap { [$0.0, $0.1] })
    }

    /// The rows of the applications the filters select (see ``setScope(_:_:)``), in id order. With `parts` above
    /// one, only part `part` of them: for a recruiter, those with ids in `ids`; otherwise those whose id's hash leaves
    /// remainder `part` divided by `parts`, so that parts read at once share the probes that find them (the hash, not
    /// the id, because ids follow the order of imports). `part`, `parts` and `ids` are numbers this program computed.
    ///
    /// A recruiter's rows come straight from application_timelines_recruiter_idx, on the row's recruiter (the
    /// application's, else the candidate's, else the opening's): one recruiter's queue must not scan every
    /// application, nor probe its way there through candidates and applications. The other filters then narrow
    /// those rows, or select on their own (through `applications` and its indexes) when there is no recruiter.
    static func scopedQuery(_ scope: TimelineScope, part: Int = 0, of parts: Int = 1,
                            ids: (from: Int64, through: Int64)? = nil, candidateNames: Bool = true) -> String {
        var others: [String] = []
        if scope.client != nil { others.append("cl.name = current_setting('recruit.client')") }
        if scope.candidate != nil { others.append("c.email = lower(btrim(current_setting('recruit.candidate')))") }
        if scope.opening != nil { others.append("o.id = btrim(current_setting('recruit.opening'))") }
        let applications = """
            applications a
            JOIN candidates c ON c.id = a.candidate_id
            JOIN openings o ON o.id = a.opening_id
            JOIN clients cl ON cl.id = o.client_id
            """
        let columns = """
            t.application_id, t.candidate_id, t.email, t.opening_id, t.stage, t.stage_date, t.submitted_on,
            t.decision_by, t.interest, t.recruiter, t.facts\(candidateNames ? ", t.candidate_name" : "")
            """
        let selected: String
        if scope.recruiter != nil {
            var filters = ["t.recruiter IS NOT NULL",
                           "lower(btrim(t.recruiter)) = lower(btrim(current_setting('recruit.recruiter')))"]
            if let ids, parts > 1 { filters.append("t.application_id BETWEEN \(ids.from) AND \(ids.through)") }
            if !others.isEmpty {
                filters.append("""
                    EXISTS (SELECT FROM \(applications)
                            WHERE a.id = t.application_id AND \(others.joined(separator: " AND ")))
                    """)
            }
            selected = """
                SELECT \(columns) FROM application_timelines t
                WHERE \(filters.joined(separator: " AND "))
                """
        } else {
            let inPart = parts > 1 ? "AND (hashint8(a.id) & 2147483647) % \(parts) = \(part)" : ""
            selected = """
                SELECT \(columns)
                FROM (SELECT a.id FROM \(applications)
                      WHERE \((others.isEmpty ? ["true"] : others).joined(separator: " AND ")) \(inPart)) AS s
                CROSS JOIN LATERAL (SELECT * FROM application_timelines t WHERE t.application_id = s.id OFFSET 0) t
                """
        }
        return "COPY (\(selected) ORDER BY 1) TO STDOUT (FORMAT binary)"
    }

    /// Every opening with its client and hiring manager (an item's recruiter comes with its row, which holds the
    /// opening's when neither the application nor the candidate names one). All of them even for a narrow
    /// scope: they are few, and reading them whole is quicker than finding the ones in scope.
    static func openingsByID(_ connection: Connection) throws -> [String: Opening] {
        let statuses = CopyLabels<OpeningStatus>()
        var openings: [String: Opening] = [:]
        var row = CopyBinaryRow()
        try connection.copyOut("""
            COPY (SELECT o.id, cl.name, hm.name, hm.email, o.status, o.filled_on
                  FROM openings o
                  JOIN clients cl ON cl.id = o.client_id
                  LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id) TO STDOUT (FORMAT binary)
            """) { bytes in
            guard try row.split(bytes), let id = row.string(0), let client = row.string(1) else { return }
            openings[id] = Opening(id: id, client: client, hiringManager: row.string(2),
                                   hiringManagerEmail: row.string(3), status: row.label(4, statuses) ?? .open,
                                   filledOn: row.day(5))
        }
        return openings
    }

    /// The rows of the applications with ids `from ... through` (numbers this program computed, the only values in
    /// the statement).
    static func partQuery(from: Int64, through: Int64, candidateNames: Bool = true) -> String {
        """
        COPY (SELECT application_id, candidate_id, email, opening_id, stage, stage_date, submitted_on, decision_by,
                     interest, recruiter, facts\(candidateNames ? ", candidate_name" : "")
              FROM application_timelines
              WHERE application_id BETWEEN \(from) AND \(through)) TO STDOUT (FORMAT binary)
        """
    }

    /// Every `hired` fact (activity or imported row) on or before T, by candidate: "hired anywhere" (reading 12).
    static func hiredFacts(_ connection: Connection, asOf: Day) throws -> [Int64: [(application: Int64, day: Day)]] {
        var hires: [Int64: [(application: Int64, day: Day)]] = [:]
        try connection.forEachRow("""
            SELECT a.candidate_id, a.id, h.day::text
            FROM (SELECT application_id AS application, occurred_on AS day FROM activities WHERE type = 'hired'
                  UNION ALL
                  SELECT id, stage_date FROM applications WHERE stage = 'hired') AS h
            JOIN applications a ON a.id = h.application
            WHERE h.day <= $1::date
            """, [asOf.description]) { row in
            guard let candidate = row[0].flatMap(Int64.init), let application = row[1].flatMap(Int64.init),
                  let day = row[2].flatMap({ Day($0) }) else { return }
            hires[candidate, default: []].append((application, day))
        }
        return hires
    }
}

/// Turns the rows of ``TimelineReader``'s COPY statements into timelines: the openings and the hires as of T are read
/// once up front, shared by every copy of the decoder.
struct TimelineRowDecoder {
    private let asOf: Day
    private let hires: [Int64: [(application: Int64, day: Day)]]
    private let openings: [String: Opening]
    private let interests = CopyLabels<Interest>()
    private let stages = CopyLabels<Stage>()
    private var row = CopyBinaryRow()
    /// Whether the rows carry the candidate's name (0014), after the facts.
    private let candidateNames: Bool

    /// Reads what every row refers to.
    init(_ connection: Connection, asOf: Day, candidateNames: Bool) throws {
        self.asOf = asOf
        self.candidateNames = candidateNames
        hires = try TimelineReader.hiredFacts(connection, asOf: asOf)
        openings = try TimelineReader.openingsByID(connection)
    }

    /// The application id and timeline of one row; nil for a row whose opening or candidate is unknown.
    mutating func decode(_ bytes: UnsafeRawBufferPointer) throws -> (Int64, Timeline)? {
        guard try row.split(bytes) else { return nil }
        guard let id = row.int64(0), let candidateID = row.int64(1), let email = row.string(2),
              let openingID = row.string(3), let opening = openings[openingID] else { return nil }
        let application = ApplicationRow(
            stage: row.label(4, stages) ?? .submitted, stageDate: row.day(5), submittedOn: row.day(6),
            decisionBy: row.day(7), interest: row.label(8, interests))
        var timeline = Timeline(candidate: email, opening: opening, application: application,
                                recruiter: row.string(9))
        if candidateNames { timeline.candidateName = row.string(11) }
        if !row.isNull(10) {
            let asOf = asOf
            do {
                try row.withBytes(10) { facts in
                    timeline.activities.reserveCapacity(8)
                    try PackedTimeline().decode(facts, asOf: asOf, into: &timeline.activities)
                }
            } catch is PackedTimeline.Malformed {
                throw DatabaseError.connectionLost(reason: """
                    application \(id)'s row in application_timelines is not in the packed format; rebuild it with \
                    SELECT recruit_refresh_timelines(ARRAY[\(id)::bigint])
                    """)
            }
        }
        if !hires.isEmpty, let hired = hires[candidateID] {
            timeline.hiredElsewhere = hired.filter { $0.application != id }.map(\.day)
        }
        return (id, timeline)
    }
}

/// The parts of ``TimelineReader/forEachInParallel(_:asOf:scope:partitions:minimumPartSize:makeState:finish:meanwhile:_:)``:
/// each part's connection, statement, decoder and state are its own, touched by its thread only. The decoder comes
/// once, from the caller's thread (``provide(_:)``); the condition guards it and the outcomes.
private final class ParallelRead<State>: @unchecked Sendable {
    private let connections: [Connection]
    /// The caller's connection, whose transaction the caller ends; the parts' own connections commit when done.
    private let caller: Connection
    private let candidateNames: Bool
    /// Prepares part `part` on its connection and gives its COPY statement.
    private let statement: (Connection, Int) throws -> String
    /// The caller's closures, dropped once every part has ended: the caller lends them only for the call, and a
    /// part's thread may outlive the call by a moment.
    private var body: ((inout State, Int64, Timeline) throws -> Void)?
    private var finish: ((inout State) -> Void)?
    private let condition = NSCondition()
    private var decoder: Result<TimelineRowDecoder, Error>?
    /// Each part's state until the part starts.
    private var initial: [State?]
    /// Each part's ending; nil until it has ended.
    private var outcomes: [Result<State, Error>?]
    /// Whether each part's connection ended its transaction cleanly (and is idle again).
    private var idle: [Bool]

    init(connections: [Connection], caller: Connection, candidateNames: Bool,
         statement: @escaping (Connection, Int) throws -> String,
         states: [State], body: @escaping (inout State, Int64, Timeline) throws -> Void,
         finish: @escaping (inout State) -> Void) {
        self.connections = connections
        self.caller = caller
        self.candidateNames = candidateNames
        self.statement = statement
        self.body = body
        self.finish = finish
        initial = states
        outcomes = states.map { _ in nil }
        idle = states.map { _ in false }
    }

    /// Gives the parts their decoder (or the reason there is none, which every part then fails with).
    func provide(_ decoder: Result<TimelineRowDecoder, Error>) {
        condition.lock()
        self.decoder = decoder
        condition.broadcast()
        condition.unlock()
    }

    /// The decoder, once ``provide(_:)`` has given it.
    private func awaitDecoder() throws -> TimelineRowDecoder {
        condition.lock()
        defer { condition.unlock() }
        while decoder == nil { condition.wait() }
        return try decoder!.get()
    }

    /// Reads part `part` (on the calling thread).
    func run(_ part: Int) {
        condition.lock()
        guard let state = initial[part] else { condition.unlock(); return }
        initial[part] = nil
        condition.unlock()
        // Whatever holds the caller's closures ends with `read`, before the outcome lets the caller go on.
        let outcome = read(part, state)
        condition.lock()
        outcomes[part] = outcome
        condition.broadcast()
        condition.unlock()
    }

    @inline(never)
    private func read(_ part: Int, _ state: State) -> Result<State, Error> {
        condition.lock()
        let closures = body.flatMap { body in finish.map { (body, $0) } }
        condition.unlock()
        guard let (body, finish) = closures else { return .success(state) }
        var state = state
        let connection = connections[part]
        do {
            var decoder: TimelineRowDecoder?
            try connection.copyOut(try statement(connection, part)) { row in
                if decoder == nil { decoder = try awaitDecoder() }
                if let (id, timeline) = try decoder!.decode(row) { try body(&state, id, timeline) }
            }
            // A part with no rows still fails when the decoder could not be made.
            if decoder == nil { _ = try awaitDecoder() }
            finish(&state)
            if connection !== caller {
                try connection.execute(script: "COMMIT")
                condition.lock()
                idle[part] = true
                condition.unlock()
            }
            return .success(state)
        } catch {
            return .failure(error)
        }
    }

    /// The parts' own connections that ended their transactions cleanly, once every part has ended.
    func idleCompanions() -> [Connection] {
        condition.lock()
        defer { condition.unlock() }
        while outcomes.contains(where: { $0 == nil }) { condition.wait() }
        return connections.indices.filter { idle[$0] }.map { connections[$0] }
    }

    /// Reads every part, each on a thread of its own, and returns their states (see
    /// ``TimelineReader/forEachInParallel(_:asOf:scope:partitions:minimumPartSize:makeState:finish:meanwhile:_:)``).
    func readAll(asOf: Day, meanwhile: (Connection) throws -> Void) throws -> [State] {
        let parts = connections.count
        guard parts > 1 else {
            provide(Result { try TimelineRowDecoder(caller, asOf: asOf, candidateNames: candidateNames) })
            run(0)
            let read = try states()
            try meanwhile(caller)
            return read
        }
        var failure: Error?
        do {
            // The parts start first; the caller's thread makes the decoder meanwhile (the parts wait for it at
            // their first row).
            try onOwnThreads(parts, { [self] in run($0) }, whileHere: {
                let decoder = Result { try TimelineRowDecoder(caller, asOf: asOf, candidateNames: candidateNames) }
                provide(decoder)
                if case .success = decoder { try meanwhile(caller) }
            })
        } catch {
            failure = error
        }
        // Every part has ended, and `states` lets go of the caller's closures, whatever `meanwhile` did.
        let read = try states()
        if let failure { throw failure }
        return read
    }

    /// Every part's state in order, or the first failed part's error, once every part has ended.
    func states() throws -> [State] {
        condition.lock()
        defer { condition.unlock() }
        while outcomes.contains(where: { $0 == nil }) { condition.wait() }
        body = nil
        finish = nil
        return try outcomes.map { try $0!.get() }
    }
}
