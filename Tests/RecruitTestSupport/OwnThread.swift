import Foundation
import Recruiting

/// Runs `body` on a thread of its own and gives its result when it ends. For a test's second database session that
/// must wait for the first one's lock: a blocked call on one of Swift concurrency's few shared threads can hold the
/// very thread the first session needs to go on (with two such tests at once, both are held and neither ends).
public func onOwnThread<T: Sendable>(_ body: sending @escaping () throws -> T) async throws -> T {
    nonisolated(unsafe) let body = body  // handed over whole (`sending`) and run on that thread only
    return try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

extension TestDatabase {
    /// Two sessions on one row, the first holding its lock: the first runs `held` in a transaction it keeps open,
    /// the second runs `waiting` on a thread of its own (it waits for that lock), then the first commits after
    /// 300 ms. Gives the second statement's SQLSTATE, or nil when it went through.
    public func race(held: String, _ heldParameters: [String?], waiting: String, _ waitingParameters: [String?])
        async throws -> String? {
        let first = try connect()
        let second = try connect()
        try first.execute(script: "BEGIN")
        try first.query(held, heldParameters)
        async let outcome: String? = onOwnThread {
            do {
                try second.query(waiting, waitingParameters)
                return nil
            } catch { return (error as? DatabaseError)?.sqlState ?? "\(error)" }
        }
        try await Task.sleep(for: .milliseconds(300))
        try first.execute(script: "COMMIT")
        return try await outcome
    }
}
