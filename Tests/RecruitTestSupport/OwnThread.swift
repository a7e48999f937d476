import Foundation

/// Runs `body` on a thread of its own and gives its result when it ends. For a test's second database session that
/// must wait for the first one's lock: a blocked call on one of Swift concurrency's few shared threads can hold the
/// very thread the first session needs to go on (with two such tests at once, both are held and neither ends).
public func onOwnThread<T: Sendable>(_ body: sending @escaping () throws -> T) async throws -> T {
    nonisolated(unsafe) let body = body  // handed over whole (`sending`) and run on that thread only
    return try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
