import Foundation

/// Extra connections to a connection's database, for reads in parallel parts (see `TimelineReader`). They are opened
/// all at once, each on a thread of its own, and may be opened ahead of need (``Connection/openCompanionsAhead(_:)``),
/// so that connecting overlaps the caller's own first statements. A read gives back the ones it used cleanly; they
/// stay open, idle, until their connection closes: the server's work of ending their sessions then comes after the
/// command's output, not while it is being written.
final class CompanionPool: @unchecked Sendable {
    private let conninfo: String?
    private let condition = NSCondition()
    /// Open and idle: no transaction, no statement running.
    private var idle: [Connection] = []
    /// Being opened on other threads right now.
    private var opening = 0

    init(conninfo: String?) { self.conninfo = conninfo }

    /// Starts opening `count` more connections on threads of their own; returns at once. One that cannot be opened
    /// (the server has no connection to spare, say) is left out.
    func openAhead(_ count: Int) {
        guard count > 0 else { return }
        condition.lock()
        opening += count
        condition.unlock()
        for _ in 0..<count {
            Thread { [self] in
                let connection = try? Connection(conninfo: conninfo)
                condition.lock()
                if let connection { idle.append(connection) }
                opening -= 1
                condition.broadcast()
                condition.unlock()
            }.start()
        }
    }

    /// Up to `count` idle connections, opened ahead or now (those missing are opened all at once); fewer when the
    /// server refuses some. They are the caller's until it gives them back.
    func take(_ count: Int) -> [Connection] {
        condition.lock()
        let missing = count - idle.count - opening
        condition.unlock()
        if missing > 0 { openAhead(missing) }
        condition.lock()
        defer { condition.unlock() }
        while idle.count < count && opening > 0 { condition.wait() }
        let taken = Array(idle.prefix(count))
        idle.removeFirst(taken.count)
        return taken
    }

    /// Takes back connections that are idle again (their transaction ended cleanly).
    func giveBack(_ connections: [Connection]) {
        condition.lock()
        idle.append(contentsOf: connections)
        condition.unlock()
    }
}
