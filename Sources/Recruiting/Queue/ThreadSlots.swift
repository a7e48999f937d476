import Foundation

/// Values that threads running at once each set in their own slot.
final class LockedSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [Value?] { lock.withLock { slots } }
}

/// Values handed to threads running at once, each of which touches its own part only (say, its own connection).
struct OwnPart<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs `body(0)` ... `body(count - 1)` at once, each on a thread of its own (index 0 on the caller's, after the
/// others have been started), and returns once every one has ended. Unlike `DispatchQueue.concurrentPerform`, every index gets its thread whatever the
/// number of processors and even inside another such call (a nested `concurrentPerform` may run its iterations one
/// after another): the bodies here mostly wait for the server, each on its own connection.
func onOwnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 1..<max(count, 1) {
        group.enter()
        Thread {
            body(index)
            group.leave()
        }.start()
    }
    if count > 0 { body(0) }
    group.wait()
}
