import Foundation
import Policies

/// The parts of ``TimelineReader/forEachInParallel(_:asOf:scope:partitions:minimumPartSize:makeState:finish:meanwhile:_:)``:
/// each part's connection, statement, decoder and state are its own, touched by its thread only. The decoder comes
/// once, from the caller's thread (``provide(_:)``); the condition guards it and the outcomes.
final class ParallelRead<State>: @unchecked Sendable {
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
