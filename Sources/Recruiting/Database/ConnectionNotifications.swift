import CLibPQ
import Foundation

extension Connection {
    /// Starts listening for PostgreSQL notifications on `channel` (`LISTEN`). The channel is a name of the
    /// product's own (``DataChanges/channel``), never a value from outside.
    package func listen(_ channel: StaticString) throws {
        try execute(script: "LISTEN \(channel)")
    }

    /// Waits at most `timeout` seconds for notifications on the channels this connection listens to, and returns
    /// how many arrived (0 when none did).
    /// - Throws: `DatabaseError.connectionLost` when the connection broke.
    package func awaitNotifications(timeout: Double) throws -> Int {
        let arrived = takeNotifications()
        if arrived > 0 { return arrived }
        let socket = PQsocket(raw)
        guard socket >= 0 else { throw connectionError() }
        var watched = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&watched, 1, Int32(max(0, timeout) * 1000))
        if ready < 0 && errno != EINTR { throw DatabaseError.connectionLost(reason: "waiting for the server failed") }
        if ready > 0 {
            guard PQconsumeInput(raw) == 1, PQstatus(raw) == CONNECTION_OK else { throw connectionError() }
        }
        return takeNotifications()
    }

    private func takeNotifications() -> Int {
        var count = 0
        while let notification = PQnotifies(raw) {
            PQfreemem(notification)
            count += 1
        }
        return count
    }
}
