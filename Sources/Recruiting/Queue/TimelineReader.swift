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
/// e-mail and its packed timeline (`application_timelines`, kept by 0006's triggers), so memory holds one timeline
/// at a time however large the agency, and the server sends a quarter of the rows that reading every activity would.
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
    /// connection (all sharing the caller's snapshot, so they see one moment's data). A whole agency is split by
    /// ranges of application ids; a recruiter's or client's applications by remainders of their ids' hashes (so the
    /// parts share the probes that find them); a candidate's or opening's few applications are one part. Each part
    /// folds its timelines into its own state, made by `makeState`, then hands it to `finish` on its own thread; the
    /// states come back in the parts' order. `body` and `finish` run on several threads at once: they must touch
    /// nothing but their state. Fewer parts are read when the server has no connection to spare, or when a whole
    /// agency's parts would span fewer than `minimumPartSize` application ids (a small part is not worth a
    /// connection).
    ///
    /// With more than one part, every part has a connection of its own (see ``Connection/openCompanionsAhead(_:)``)
    /// and sends its statement at once, while the caller's connection reads what the rows refer to (openings, hires,
    /// candidates): a scoped part's server spends most of its time finding and sorting its rows before it sends the
    /// first, and that work overlaps the reads. `meanwhile` then runs on the caller's connection, in the same
    /// transaction, while the parts stream (after them when there is one part); its error, like a part's, ends the
    /// read.
    public static func forEachInParallel<State>(
        _ connection: Connection, asOf: Day, scope: TimelineScope = TimelineScope(), partitions: Int,
        minimumPartSize: Int64 = 50_000, makeState: () -> State,
        finish: (inout State) -> Void = { _ in },
        meanwhile: (Connection) throws -> Void = { _ in },
        _ body: (inout State, _ applicationID: Int64, _ timeline: Timeline) throws -> Void
    ) throws -> [State] {
        try inOwnTransaction(connection) {
            let scoped = scope != TimelineScope()
            let wanted: Int
            let ids: (low: Int64, high: Int64)
            if !scoped {
                let bounds = try connection.query("SELECT min(id), max(id) FROM applications").rows.first
                guard let low = bounds?[0].flatMap(Int64.init), let high = bounds?[1].flatMap(Int64.init) else {
                    return [makeState()]
                }
                ids = (low, high)
                wanted = max(1, min(partitions, Int((high - low) / max(minimumPartSize, 1)) + 1))
            } else {
                ids = (0, 0)
                wanted = scope.recruiter != nil || scope.client != nil ? max(1, partitions) : 1
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
                guard scoped else {
                    let from = ids.low + Int64(part) * width
                    return partQuery(from: from, through: min(ids.high, from + width - 1))
                }
                try setScope(connection, scope)
                return scopedQuery(scope, part: part, of: parts)
            }
            return try withoutActuallyEscaping(body) { body in
                try withoutActuallyEscaping(finish) { finish in
                    let work = ParallelRead(connections: connections, caller: connection, statement: statement,
                                            states: (0..<parts).map { _ in makeState() }, body: body, finish: finish)
                    // The companions whose parts ended cleanly serve the next read; the others close.
                    defer { connection.giveBackCompanions(work.idleCompanions()) }
                    return try work.readAll(asOf: asOf, scoped: scoped, meanwhile: meanwhile)
                }
            }
        }
    }

    /// Runs `body` in a REPEATABLE READ transaction of its own unless the caller has one open, with this read's
    /// session settings (also for other large reads, such as the summary's reply figures).
    static func inOwnTransaction<T>(_ connection: Connection, _ body: () throws -> T) throws -> T {
        let ownTransaction = !connection.isInTransaction
        if ownTransaction { try connection.execute(script: "BEGIN ISOLATION LEVEL REPEATABLE READ") }
        do {
            try sessionSettings(connection)
            let result = try body()
            if ownTransaction { try connection.execute(script: "COMMIT") }
            return result
        } catch {
            if ownTransaction { _ = try? connection.execute(script: "ROLLBACK") }
            throw error
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
    /// parameters: the filters are user text and COPY statements take no parameters, so ``scopedQuery(_:part:of:)``
    /// reads them back with `current_setting`.
    static func setScope(_ connection: Connection, _ scope: TimelineScope) throws {
        let filters = [("recruit.client", scope.client), ("recruit.recruiter", scope.recruiter),
                       ("recruit.candidate", scope.candidate), ("recruit.opening", scope.opening)]
            .compactMap { name, value in value.map { (name, $0) } }
        guard !filters.isEmpty else { return }
        let calls = filters.indices.map { "set_config($\($0 * 2 + 1), $\($0 * 2 + 2), true)" }
        try connection.query("SELECT " + calls.joined(separator: ", "), filters.flatMap { [$0.0, $0.1] })
    }

    /// The applications the filters select (see ``setScope(_:_:)``) with their candidate's e-mail, the recruiter as
    /// far as the application and candidate give it (the opening's comes from ``openingsByID(_:)``) and the packed
    /// timeline, in id order. With `parts` above one, only part `part` of them: those whose id's hash (for the
    /// candidate branch, the candidate id's) leaves remainder `part` divided by `parts`, so that parts read at once
    /// share the probes; the hash, not the id, because ids follow the order of imports and a recruiter's may all be
    /// odd. `part` and `parts` are numbers this program computed.
    ///
    /// The recruiter is `coalesce(application's, candidate's, opening's)`; each level is its own branch driven by an
    /// index on `lower(btrim(recruiter))` (0003, 0007), with `OFFSET 0` keeping each inner lookup a per-row index
    /// probe: one recruiter's queue must not scan every application. The other filters then narrow that set, or
    /// select on their own when there is no recruiter.
    static func scopedQuery(_ scope: TimelineScope, part: Int = 0, of parts: Int = 1) -> String {
        func inPart(_ id: String) -> String {
            parts > 1 ? "AND (hashint8(\(id)) & 2147483647) % \(parts) = \(part)" : ""
        }
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
        let selected: String
        if scope.recruiter != nil {
            let recruiter = "lower(btrim(current_setting('recruit.recruiter')))"
            // Each branch gives the recruiter as far as the application and candidate state it.
            var branches = """
                SELECT a.id, a.candidate_id, c.email, a.opening_id, a.stage, a.stage_date, a.submitted_on,
                       a.decision_by, a.interest, a.recruiter
                FROM applications a
                CROSS JOIN LATERAL (SELECT c.email FROM candidates c WHERE c.id = a.candidate_id OFFSET 0) c
                WHERE a.recruiter IS NOT NULL AND lower(btrim(a.recruiter)) = \(recruiter) \(inPart("a.id"))
                UNION ALL
                SELECT mine.id, c.id, c.email, mine.opening_id, mine.stage, mine.stage_date, mine.submitted_on,
                       mine.decision_by, mine.interest, c.recruiter
                FROM candidates c
                CROSS JOIN LATERAL (SELECT a.* FROM applications a
                                    WHERE a.candidate_id = c.id AND a.recruiter IS NULL OFFSET 0) mine
                WHERE c.recruiter IS NOT NULL AND lower(btrim(c.recruiter)) = \(recruiter) \(inPart("c.id"))
                UNION ALL
                SELECT mine.id, mine.candidate_id, mine.email, mine.opening_id, mine.stage, mine.stage_date,
                       mine.submitted_on, mine.decision_by, mine.interest, NULL::text
                FROM openings o
                CROSS JOIN LATERAL (SELECT a.*, c.email FROM applications a
                                    JOIN candidates c ON c.id = a.candidate_id AND c.recruiter IS NULL
                                    WHERE a.opening_id = o.id AND a.recruiter IS NULL \(inPart("a.id"))
                                    OFFSET 0) mine
                WHERE o.recruiter IS NOT NULL AND lower(btrim(o.recruiter)) = \(recruiter)
                """
            if !others.isEmpty {
                branches = """
                    SELECT * FROM (\(branches)) AS mine
                    WHERE EXISTS (SELECT FROM \(applications)
                                  WHERE a.id = mine.id AND \(others.joined(separator: " AND ")))
                    """
            }
            selected = branches
        } else {
            selected = """
                SELECT a.id, a.candidate_id, c.email, a.opening_id, a.stage, a.stage_date, a.submitted_on,
                       a.decision_by, a.interest, coalesce(a.recruiter, c.recruiter) AS recruiter
                FROM \(applications)
                WHERE \((others.isEmpty ? ["true"] : others).joined(separator: " AND ")) \(inPart("a.id"))
                """
        }
        return """
            COPY (SELECT s.id, s.candidate_id, s.email, s.opening_id, s.stage, s.stage_date, s.submitted_on,
                         s.decision_by, s.interest, s.recruiter, t.facts
                  FROM (\(selected)) AS s (id, candidate_id, email, opening_id, stage, stage_date, submitted_on,
                                           decision_by, interest, recruiter)
                  LEFT JOIN LATERAL (SELECT t.facts FROM application_timelines t
                                     WHERE t.application_id = s.id OFFSET 0) t ON true
                  ORDER BY s.id) TO STDOUT (FORMAT binary)
            """
    }

    /// Every opening with its client and hiring manager, and the opening's recruiter (the last fallback of an
    /// item's recruiter). All of them even for a narrow scope: they are few, and reading them whole is quicker than
    /// finding the ones in scope.
    static func openingsByID(_ connection: Connection) throws -> [String: (opening: Opening, recruiter: String?)] {
        let statuses = CopyLabels<OpeningStatus>()
        var openings: [String: (opening: Opening, recruiter: String?)] = [:]
        var row = CopyBinaryRow()
        try connection.copyOut("""
            COPY (SELECT o.id, cl.name, hm.name, hm.email, o.status, o.filled_on, o.recruiter
                  FROM openings o
                  JOIN clients cl ON cl.id = o.client_id
                  LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id) TO STDOUT (FORMAT binary)
            """) { bytes in
            guard try row.split(bytes), let id = row.string(0), let client = row.string(1) else { return }
            let opening = Opening(id: id, client: client, hiringManager: row.string(2), hiringManagerEmail: row.string(3),
                                  status: row.label(4, statuses) ?? .open, filledOn: row.day(5))
            openings[id] = (opening, row.string(6))
        }
        return openings
    }

    /// The applications with ids `from ... through` (numbers this program computed, the only values in the
    /// statement), each with its packed timeline; the e-mail is left NULL and the recruiter is the application's own:
    /// the candidates come from a ``CandidateDirectory``.
    static func partQuery(from: Int64, through: Int64) -> String {
        """
        COPY (SELECT a.id, a.candidate_id, NULL, a.opening_id, a.stage, a.stage_date, a.submitted_on,
                     a.decision_by, a.interest, a.recruiter, t.facts
              FROM applications a
              LEFT JOIN application_timelines t
                ON t.application_id = a.id AND t.application_id BETWEEN \(from) AND \(through)
              WHERE a.id BETWEEN \(from) AND \(through)) TO STDOUT (FORMAT binary)
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

/// Turns the rows of ``TimelineReader``'s COPY statements into timelines: the openings, the hires as of T and (for a
/// whole agency's read) the candidates are read once up front, shared by every copy of the decoder.
struct TimelineRowDecoder {
    private let asOf: Day
    private let hires: [Int64: [(application: Int64, day: Day)]]
    private let openings: [String: (opening: Opening, recruiter: String?)]
    private let candidates: CandidateDirectory?
    private let interests = CopyLabels<Interest>()
    private let stages = CopyLabels<Stage>()
    private var row = CopyBinaryRow()

    /// Reads what every row refers to; `directory`: also every candidate (rows without e-mail and recruiter).
    init(_ connection: Connection, asOf: Day, directory: Bool) throws {
        self.init(asOf: asOf, hires: try TimelineReader.hiredFacts(connection, asOf: asOf),
                  openings: try TimelineReader.openingsByID(connection),
                  candidates: directory ? try CandidateDirectory.read(connection) : nil)
    }

    /// The same, with the candidates read in slices on `companions` (sharing `connection`'s snapshot and idle
    /// until the parts start) while `connection` reads the rest: a million candidates are the longest of these
    /// reads, and every part waits for them.
    init(_ connection: Connection, asOf: Day, directoryOn companions: [Connection]) throws {
        let bounds = try connection.query("SELECT min(id), max(id) FROM candidates").rows.first
        guard companions.count > 1, let low = bounds?[0].flatMap(Int64.init),
              let high = bounds?[1].flatMap(Int64.init) else {
            try self.init(connection, asOf: asOf, directory: true)
            return
        }
        // Read on this thread while the slices are read on theirs.
        var others: Result<(hires: [Int64: [(application: Int64, day: Day)]],
                            openings: [String: (opening: Opening, recruiter: String?)]), Error>?
        let candidates = try CandidateDirectory.read(companions, ids: low...high) {
            others = Result { (try TimelineReader.hiredFacts(connection, asOf: asOf),
                               try TimelineReader.openingsByID(connection)) }
        }
        let (hires, openings) = try others!.get()
        self.init(asOf: asOf, hires: hires, openings: openings, candidates: candidates)
    }

    private init(asOf: Day, hires: [Int64: [(application: Int64, day: Day)]],
                 openings: [String: (opening: Opening, recruiter: String?)], candidates: CandidateDirectory?) {
        self.asOf = asOf
        self.hires = hires
        self.openings = openings
        self.candidates = candidates
    }

    /// The application id and timeline of one row; nil for a row whose opening or candidate is unknown.
    mutating func decode(_ bytes: UnsafeRawBufferPointer) throws -> (Int64, Timeline)? {
        guard try row.split(bytes) else { return nil }
        guard let id = row.int64(0), let candidateID = row.int64(1),
              let openingID = row.string(3), let opening = openings[openingID] else { return nil }
        var email = row.string(2)
        var recruiter = row.string(9)
        if let candidates, let candidate = candidates.candidate(candidateID) {
            email = candidate.email
            recruiter = recruiter ?? candidate.recruiter
        }
        guard let email else { return nil }
        let application = ApplicationRow(
            stage: row.label(4, stages) ?? .submitted, stageDate: row.day(5), submittedOn: row.day(6),
            decisionBy: row.day(7), interest: row.label(8, interests))
        var timeline = Timeline(candidate: email, opening: opening.opening, application: application,
                                recruiter: recruiter ?? opening.recruiter)
        if !row.isNull(10) {
            let asOf = asOf
            do {
                try row.withBytes(10) { facts in
                    timeline.activities.reserveCapacity(8)
                    try PackedTimeline().decode(facts, asOf: asOf, into: &timeline.activities)
                }
            } catch is PackedTimeline.Malformed {
                throw DatabaseError.connectionLost(reason: """
                    application \(id)'s row in application_timelines is not in 0006's format; rebuild it with \
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

    init(connections: [Connection], caller: Connection, statement: @escaping (Connection, Int) throws -> String,
         states: [State], body: @escaping (inout State, Int64, Timeline) throws -> Void,
         finish: @escaping (inout State) -> Void) {
        self.connections = connections
        self.caller = caller
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
    func readAll(asOf: Day, scoped: Bool, meanwhile: (Connection) throws -> Void) throws -> [State] {
        let parts = connections.count
        guard parts > 1 else {
            provide(Result { try TimelineRowDecoder(caller, asOf: asOf, directory: !scoped) })
            run(0)
            let read = try states()
            try meanwhile(caller)
            return read
        }
        var failure: Error?
        do {
            if scoped {
                // The parts start first; the caller's thread makes the decoder meanwhile.
                try onOwnThreads(parts, { [self] in run($0) }, whileHere: {
                    let decoder = Result { try TimelineRowDecoder(caller, asOf: asOf, directory: false) }
                    provide(decoder)
                    if case .success = decoder { try meanwhile(caller) }
                })
            } else {
                // A whole agency's parts stream from their first row, so the decoder comes first; it reads the
                // candidates on the parts' connections, idle until the parts start.
                provide(Result { try TimelineRowDecoder(caller, asOf: asOf, directoryOn: connections) })
                try onOwnThreads(parts, { [self] in run($0) }, whileHere: { try meanwhile(caller) })
            }
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
