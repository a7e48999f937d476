import NIOPosix
import Recruiting

/// The database as the routes use it: every piece of database work (libpq blocks its thread) runs on a thread of
/// a bounded pool, never on the event loop, with a connection borrowed from the pool for its duration.
struct Store: Sendable {
    let threads: NIOThreadPool
    let pool: ConnectionPool
    /// Queues kept between page loads while the data they were computed from is unchanged.
    let cache: QueueCache

    /// Says that this server just committed a change of the queue's data (the notification would say so too, a
    /// moment later; the page the writer sees next must not be older than its change).
    func changed() { cache.changes.changed() }

    /// Runs `body` on a pool thread with a connection of its own.
    func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await threads.runIfActive { try pool.withConnection(body) }
    }
}
