import Foundation
import Policies

/// Writing a queue out: its items unpacked and rendered in parallel runs, written in order.
extension QueueItems {
    /// A piece of ``write(_:workers:runLength:rendering:to:)``'s output: bytes as they are (a heading, say), or an
    /// item, which the writer's `render` turns into bytes, told the `tag` given here (the indent of the item's
    /// section, whether it opens a JSON array: whatever the format needs besides the item).
    public enum Piece: Sendable {
        case bytes([UInt8])
        case item(Place, tag: Int)
    }

    /// Writes `pieces` in order, up to `workers` + 1 runs of items in flight while the calling thread takes the next
    /// run from `pieces` (merging the queue's batches, when they come from ``places``): another thread unpacks each
    /// run's items and renders them with `render`; the runs are written in order. `write` gets chunks of about a
    /// megabyte (runs of `runLength` items), valid during the call. Memory holds the runs in flight, never the whole
    /// output nor every item unpacked, however large the queue. When `write` throws, the runs still rendering are
    /// waited for before the error is passed on: `render` is never called after this returns.
    public func write<Pieces: Sequence>(
        _ pieces: Pieces, workers: Int = ProcessInfo.processInfo.activeProcessorCount, runLength run: Int = 2_048,
        rendering render: @escaping @Sendable (_ item: Recommendation, _ tag: Int, _ out: inout [UInt8]) -> Void,
        to write: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows where Pieces.Element == Piece {
        try self.write(pieces, workers: workers, runLength: run, naming: false,
                       rendering: { item, _, tag, out in render(item, tag, &out) }, to: write)
    }

    /// ``write(_:workers:runLength:rendering:to:)`` for outputs that show people and roles by name: `render` is
    /// also told the item's ``Names``.
    public func write<Pieces: Sequence>(
        _ pieces: Pieces, workers: Int = ProcessInfo.processInfo.activeProcessorCount, runLength run: Int = 2_048,
        renderingNamed render: @escaping @Sendable (_ item: Recommendation, _ names: Names, _ tag: Int,
                                                    _ out: inout [UInt8]) -> Void,
        to write: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows where Pieces.Element == Piece {
        try self.write(pieces, workers: workers, runLength: run, naming: true, rendering: render, to: write)
    }

    private func write<Pieces: Sequence>(
        _ pieces: Pieces, workers: Int, runLength run: Int, naming: Bool,
        rendering render: @escaping @Sendable (_ item: Recommendation, _ names: Names, _ tag: Int,
                                               _ out: inout [UInt8]) -> Void,
        to write: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows where Pieces.Element == Piece {
        precondition(run > 0, "a run holds at least one item")
        let workers = Swift.max(1, Swift.min(workers, 8))
        var pieces = pieces.makeIterator()
        // One slot per run in flight, used round and round: the oldest run in flight is always in `nextSlot`.
        let slots = RenderedRuns(count: workers + 1)
        var inFlight: [DispatchSemaphore] = []
        // However this ends, no run is still rendering once it has (the ones written are waited for already).
        defer { for done in inFlight { done.wait() } }
        var nextSlot = 0
        // The renderers unpack the items: the queue is only read, by this thread and them alike.
        let queue = OwnPart(self)
        var more = true
        while more {
            var runPieces: [Piece] = []
            runPieces.reserveCapacity(run)
            var items = 0
            while items < run {
                guard let piece = pieces.next() else {
                    more = false
                    break
                }
                if case .item = piece { items += 1 }
                runPieces.append(piece)
            }
            if runPieces.isEmpty { break }
            if inFlight.count == slots.count {
                inFlight.removeFirst().wait()
                try slots.withBytes(nextSlot, write)
            }
            let slot = nextSlot, done = DispatchSemaphore(value: 0), runOfPieces = runPieces
            nextSlot = (nextSlot + 1) % slots.count
            inFlight.append(done)
            DispatchQueue.global().async {
                slots.render(slot) { bytes in
                    for piece in runOfPieces {
                        switch piece {
                        case .bytes(let literal): bytes.append(contentsOf: literal)
                        case .item(let place, let tag):
                            let item = queue.value[place]
                            let names = naming ? queue.value.names(place, opening: item.opening)
                                : Names(candidate: nil, openingTitle: nil)
                            render(item, names, tag, &bytes)
                        }
                    }
                }
                done.signal()
            }
        }
        // The runs still in flight, oldest first.
        var slot = (nextSlot + slots.count - inFlight.count) % slots.count
        while !inFlight.isEmpty {
            inFlight.removeFirst().wait()
            try slots.withBytes(slot, write)
            slot = (slot + 1) % slots.count
        }
    }

    /// The pieces of an output that is `head`, every item in the queue's order, then `tail`: the first item tagged
    /// 1, the others 0. The items' places are found as the pieces are taken, so none is held.
    public func pieces(head: [UInt8], tail: [UInt8]) -> IteratorSequence<AnyIterator<Piece>> {
        var items = places.makeIterator()
        var first = true, started = false, ended = false
        return IteratorSequence(AnyIterator<Piece> {
            if !started {
                started = true
                return .bytes(head)
            }
            if let place = items.next() {
                defer { first = false }
                return .item(place, tag: first ? 1 : 0)
            }
            if ended { return nil }
            ended = true
            return .bytes(tail)
        })
    }

    /// Writes the queue as `Recommendation.writeJSONArray` does, byte for byte, rendering runs of items at once as
    /// ``write(_:workers:runLength:rendering:to:)`` does.
    public func writeJSON(pretty: Bool, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                          runLength run: Int = 2_048, _ write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var end: [UInt8] = []
        Recommendation.appendJSONArrayEnd(to: &end, pretty: pretty, empty: count == 0)
        try self.write(pieces(head: [UInt8(ascii: "[")], tail: end), workers: workers, runLength: run,
                       rendering: { item, first, out in
                           item.appendJSONElement(to: &out, pretty: pretty, first: first == 1)
                       }, to: write)
    }
}

/// The output of the runs ``QueueItems/write(_:workers:runLength:rendering:to:)`` has in flight, a slot per run: a slot is
/// rendered by one thread, then read by the caller once that thread has signalled, never both at once.
private final class RenderedRuns: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<[UInt8]>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: [])
    }

    deinit { slots.deinitialize().deallocate() }

    var count: Int { slots.count }

    /// Renders into the slot's buffer, emptied but kept from its last run: fresh megabytes for every run would cost
    /// a page fault per 4 kB.
    func render(_ slot: Int, _ body: (inout [UInt8]) -> Void) {
        slots[slot].removeAll(keepingCapacity: true)
        body(&slots[slot])
    }

    func withBytes(_ slot: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try slots[slot].withUnsafeBytes(body)
    }
}

extension QueueItems {
    /// The names of what an item is about, for people: its candidate's name and its opening's title (nil when
    /// not known).
    public struct Names: Sendable {
        public let candidate: String?
        public let openingTitle: String?

        public init(candidate: String?, openingTitle: String?) {
            self.candidate = candidate
            self.openingTitle = openingTitle
        }
    }
}
