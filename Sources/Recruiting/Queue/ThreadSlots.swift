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
