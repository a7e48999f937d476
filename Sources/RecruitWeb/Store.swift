import NIOPosix
import Recruiting

/// The database as the routes use it: every piece of database work (libpq blocks its thread) runs on a thread of
/// a bounded pool, never on the event loop, with a connection borrowed from the pool for its duration.
struct Store: Sendable {
    let threads: NIOThreadPool
    let pool: ConnectionPool

    /// Runs `body` on a pool thread with a connection of its own.
    func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await threads.runIfActive { try pool.withConnection(body) }
    }
}
