import Foundation

/// Hears that the data the queue is computed from changed, whoever changed it (another `recruit` command, another
/// server, this one): it listens on the channel that sql/0019's statement triggers notify when a transaction that
/// wrote to that data commits, and counts versions. A reader that keeps something computed from the data keeps it
/// with the version it read *before* computing; it may use it again only while the version is the same.
///
/// Why that is safe: a commit the computation did not see happened after the computation began, so after the
/// version was read, and its notification arrives after its commit; the version then moves on and the kept value is
/// never used again. While the listening connection is down (at start, or after it broke) there is no version at
/// all, and nothing may be kept; when it is back, the version moves on (changes may have been missed meanwhile).
package final class DataChanges: @unchecked Sendable {
    /// The notification channel of sql/0019_data_change_notifications.sql.
    package static let channel: StaticString = "recruit_data_changed"

    private let conninfo: String?
    private let condition = NSCondition()
    private var current: UInt64 = 0
    private var listening = false
    private var stopping = false
    private var running = false

    /// Changes of the database that `conninfo` opens (nil: libpq's defaults).
    package init(conninfo: String?) {
        self.conninfo = conninfo
    }

    /// The version of the data now, or nil when changes cannot be heard (then nothing computed may be kept).
    package var version: UInt64? {
        condition.lock()
        defer { condition.unlock() }
        return listening ? current : nil
    }

    /// Moves the version on: for a writer in this process, right after its commit, so that its own next read does
    /// not wait for the notification to come round.
    package func changed() {
        condition.lock()
        current &+= 1
        condition.unlock()
    }

    /// Starts listening on a thread of its own (with a connection of its own) until ``stop()``. Returns once the
    /// first attempt to listen succeeded or failed; after a failure it tries again every second.
    package func start() {
        condition.lock()
        guard !running else { condition.unlock(); return }
        running = true
        stopping = false
        condition.unlock()
        let attempted = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            listen(attempted)
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "recruit.data-changes"
        thread.start()
        attempted.wait()
    }

    /// Stops listening (within about half a second) and waits for the thread to end.
    package func stop() {
        condition.lock()
        stopping = true
        while running { condition.wait() }
        listening = false
        condition.unlock()
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func setListening(_ value: Bool) {
        condition.lock()
        listening = value
        current &+= 1
        condition.unlock()
    }

    private func listen(_ attempted: DispatchSemaphore) {
        var signalled = false
        func signalOnce() {
            if !signalled { signalled = true; attempted.signal() }
        }
        while !isStopping {
            do {
                let connection = try Connection(conninfo: conninfo)
                try connection.listen(DataChanges.channel)
                setListening(true)
                signalOnce()
                while !isStopping {
                    if try connection.awaitNotifications(timeout: 0.5) > 0 { changed() }
                }
            } catch {
                setListening(false)
                signalOnce()
                for _ in 0..<10 where !isStopping { Thread.sleep(forTimeInterval: 0.1) }
            }
        }
        signalOnce()
    }
}
