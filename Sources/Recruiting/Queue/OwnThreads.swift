import Foundation

/// Values handed to threads running at once, each of which touches its own part only (say, its own connection).
struct OwnPart<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs `body(0)` ... `body(count - 1)` at once, each on a thread of its own, and `here` on the caller's thread once
/// they have been started; returns (or rethrows `here`'s error) once every one has ended. Unlike
/// `DispatchQueue.concurrentPerform`, every index gets its thread whatever the number of processors and even inside
/// another such call (a nested `concurrentPerform` may run its iterations one after another): the bodies here mostly
/// wait for the server, each on its own connection. `here` need not escape: the threads' closures may outlive the
/// call by a moment, so what they capture must (a closure lent for the call belongs in `here`).
func onOwnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void, whileHere here: () throws -> Void = {}) rethrows {
    let group = DispatchGroup()
    for index in 0..<max(count, 0) {
        group.enter()
        Thread {
            body(index)
            group.leave()
        }.start()
    }
    defer { group.wait() }
    try here()
}
