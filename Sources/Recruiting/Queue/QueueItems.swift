import Policies

/// The daily queue's items in the queue's order, held compactly: a whole agency's queue (a million items and more)
/// as `Recommendation` values, sorted with copies, would take gigabytes.
///
/// Items arrive in batches; every `batchSize` items the batch is arranged by `DailyQueue` itself and packed (each
/// text by a small index, the candidate's e-mail in one byte buffer). Iterating merges the sorted batches with
/// `DailyQueue.precedes`, so the order is exactly `DailyQueue.items`' and only one item per batch is unpacked at a
/// time. Iterate as often as needed.
public struct QueueItems: Sequence {
    /// T.
    public let asOf: Day
    /// Items per sorted batch (65,536 unless told): large enough for few batches to merge, small enough that one batch as full
    /// `Recommendation`s (with `DailyQueue`'s sorting copies) stays a few tens of megabytes.
    let batchSize: Int

    /// The queue's rules: which items it keeps and in what order.
    private let order: DailyQueue
    /// The current batch, items the queue admits only, in arrival order.
    private var batch: [Recommendation] = []
    /// The sorted batches, each its own array: one array of everything would be copied whole each time it grows.
    private var batches: [[PackedItem]] = []
    /// Openings, clients, hiring managers and recruiters: few distinct values, each stored once.
    private var texts: [String] = []
    private var textIndex: [String: UInt32] = [:]
    /// The last text looked up per field: one timeline's items repeat them, and comparing a String with itself is
    /// cheaper than hashing it.
    private var recentTexts: [(text: String, index: UInt32)?] = Array(repeating: nil, count: 4)
    /// Candidates' e-mails, each batch's distinct ones once, as UTF-8.
    private var emails: [UInt8] = []

    /// An empty queue as of `asOf`.
    /// - Parameter batchSize: items per sorted batch; the default suits any size of queue.
    public init(asOf: Day, batchSize: Int = 65_536) {
        precondition(batchSize > 0, "a batch holds at least one item")
        self.asOf = asOf
        self.batchSize = batchSize
        order = DailyQueue(asOf: asOf)
        batch.reserveCapacity(batchSize)
    }

    /// Adds items; like `DailyQueue.add`, those not due yet or stale as of T are dropped.
    public mutating func add(_ items: [Recommendation]) {
        for item in items where order.admits(item) { batch.append(item) }
        if batch.count >= batchSize { seal() }
    }

    /// Sorts the current batch in the queue's order and packs it. The sort moves indexes and compares the items
    /// in place: copying an item retains each of its texts.
    private mutating func seal() {
        guard !batch.isEmpty else { return }
        let items = batch
        batch.removeAll(keepingCapacity: true)
        let asOf = asOf
        let overdue = items.map { $0.daysOverdue(asOf: asOf) }
        var sorted = Array(items.indices)
        let order = order
        items.withUnsafeBufferPointer { items in
            sorted.sort { i, j in
                // DailyQueue.precedes, with days overdue computed once per item.
                let warning = items[i].isWarning
                if warning != items[j].isWarning { return warning }
                if !warning && overdue[i] != overdue[j] { return overdue[i] > overdue[j] }
                return order.precedes(items[i], items[j])
            }
        }
        var packed: [PackedItem] = []
        packed.reserveCapacity(items.count)
        var emailOffsets: [String: (UInt32, UInt16)] = [:]
        var lastEmail: (text: String, offset: (UInt32, UInt16))?
        items.withUnsafeBufferPointer { items in
            for index in sorted {
                let item = items[index]
                var email: (UInt32, UInt16) = (.max, 0)
                if let candidate = item.candidate {
                    if let last = lastEmail, last.text == candidate {
                        email = last.offset
                    } else if let known = emailOffsets[candidate] {
                        email = known
                    } else {
                        email = (UInt32(emails.count), UInt16(candidate.utf8.count))
                        emails.append(contentsOf: candidate.utf8)
                        emailOffsets[candidate] = email
                    }
                    lastEmail = (candidate, email)
                }
                packed.append(PackedItem(
                    reason: item.reason, email: email.0, emailLength: email.1,
                    opening: text(item.opening, 0), client: text(item.client, 1),
                    hiringManager: text(item.hiringManager, 2), recruiter: text(item.recruiter, 3),
                    due: Int32(item.due.ordinal), deadline: item.deadline.map { Int32($0.ordinal) } ?? .min,
                    staleAfterDays: item.staleAfterDays.map { Int32($0) } ?? .min,
                    rule: item.rule, actor: item.actor, interest: item.interest, overdue: item.overdue))
            }
        }
        batches.append(packed)
    }

    private mutating func text(_ value: String?, _ field: Int) -> UInt32 {
        guard let value else { return .max }
        if let recent = recentTexts[field], recent.text == value { return recent.index }
        let index: UInt32
        if let known = textIndex[value] {
            index = known
        } else {
            index = UInt32(texts.count)
            texts.append(value)
            textIndex[value] = index
        }
        recentTexts[field] = (value, index)
        return index
    }

    fileprivate func unpack(_ batch: Int, _ index: Int) -> Recommendation {
        let item = batches[batch][index]
        func text(_ index: UInt32) -> String? { index == .max ? nil : texts[Int(index)] }
        var candidate: String?
        if item.email != .max {
            let start = Int(item.email)
            candidate = emails.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(item.emailLength)]), as: UTF8.self)
            }
        }
        return Recommendation(
            rule: item.rule, actor: item.actor, candidate: candidate, opening: text(item.opening),
            client: text(item.client) ?? "", hiringManager: text(item.hiringManager), recruiter: text(item.recruiter),
            due: Day(ordinal: Int(item.due)), deadline: item.deadline == .min ? nil : Day(ordinal: Int(item.deadline)),
            overdue: item.overdue, interest: item.interest, reason: item.reason,
            staleAfterDays: item.staleAfterDays == .min ? nil : Int(item.staleAfterDays))
    }

    /// Finishes the last batch; call once all items are added.
    public mutating func close() { seal() }

    /// The number of items (after ``close()``).
    public var count: Int { batches.reduce(0) { $0 + $1.count } }

    public func makeIterator() -> Iterator { Iterator(self) }

    /// Merges the sorted batches: a binary heap of each batch's next item, smallest (first in the queue) on top.
    public struct Iterator: IteratorProtocol {
        private let items: QueueItems
        private let order: DailyQueue
        private var heads: [(item: Recommendation, batch: Int, position: Int)] = []

        fileprivate init(_ items: QueueItems) {
            self.items = items
            order = DailyQueue(asOf: items.asOf)
            precondition(items.batch.isEmpty, "QueueItems iterated before close()")
            for (batch, packed) in items.batches.enumerated() where !packed.isEmpty {
                heads.append((items.unpack(batch, 0), batch, 0))
            }
            for index in stride(from: heads.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        }

        public mutating func next() -> Recommendation? {
            guard let top = heads.first else { return nil }
            let following = top.position + 1
            if following < items.batches[top.batch].count {
                heads[0] = (items.unpack(top.batch, following), top.batch, following)
            } else {
                heads[0] = heads[heads.count - 1]
                heads.removeLast()
            }
            if !heads.isEmpty { siftDown(0) }
            return top.item
        }

        private mutating func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                guard left < heads.count else { return }
                var first = left
                let right = left + 1
                if right < heads.count && order.precedes(heads[right].item, heads[left].item) { first = right }
                guard order.precedes(heads[first].item, heads[parent].item) else { return }
                heads.swapAt(parent, first)
                parent = first
            }
        }
    }
}

/// One queue item with its texts as indexes (see ``QueueItems``).
private struct PackedItem {
    var reason: Reason
    var email: UInt32
    var emailLength: UInt16
    var opening: UInt32
    var client: UInt32
    var hiringManager: UInt32
    var recruiter: UInt32
    var due: Int32
    var deadline: Int32
    var staleAfterDays: Int32
    var rule: Rule
    var actor: Party
    var interest: Interest
    var overdue: Bool
}
