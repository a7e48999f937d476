import Foundation

/// Connections to one database, lent one at a time to blocking work (libpq blocks its thread): the web workspace
/// runs each request's database work on a thread of a bounded pool and borrows a connection here for it. At most
/// `size` connections are open; a borrower waits when all are lent. A connection that broke, or was handed back
/// inside a transaction, is closed rather than lent again.
package final class ConnectionPool: @unchecked Sendable {
    package let size: Int
    private let conninfo: String?
    private let condition = NSCondition()
    private var idle: [Connection]
    private var open: Int

    /// A pool around an open connection (the one `DatabaseLocation.open()` gave, schema up to date); more
    /// connections to the same database open as they are needed.
    package init(first: Connection, size: Int) {
        precondition(size >= 1)
        self.size = size
        conninfo = first.conninfo
        idle = [first]
        open = 1
    }

    /// Runs `body` with a connection of its own.
    /// - Throws: what `body` throws, or `DatabaseError.unreachable` when a new connection cannot be opened.
    package func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try borrow()
        defer { giveBack(connection) }
        return try body(connection)
    }

    private func borrow() throws -> Connection {
        condition.lock()
        while idle.isEmpty && open >= size { condition.wait() }
        if let connection = idle.popLast() {
            condition.unlock()
            return connection
        }
        open += 1
        condition.unlock()
        do {
            return try Connection(conninfo: conninfo)
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func giveBack(_ connection: Connection) {
        let reusable = connection.isHealthy && !connection.isInTransaction
        condition.lock()
        if reusable { idle.append(connection) } else { open -= 1 }
        condition.signal()
        condition.unlock()
    }
}
