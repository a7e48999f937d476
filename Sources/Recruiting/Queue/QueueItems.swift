import Foundation
import HeapModule
import Policies

/// The daily queue's items in the queue's order, held compactly: a whole agency's queue (a million items and more)
/// as `Recommendation` values, sorted with copies, would take gigabytes.
///
/// Items arrive in batches; every `batchSize` items the batch is packed (each text by a small index, the candidate's
/// e-mail in one byte buffer) and sorted. Packed items are compared by `DailyQueue.leadingKey` and the e-mail's
/// bytes first and unpacked for `DailyQueue.precedes` only past those, so the order is exactly
/// `DailyQueue.items`'; iterating merges the sorted batches and unpacks each item once. Iterate as often as needed.
public struct QueueItems: Sequence {
    /// T.
    public let asOf: Day
    /// Items per sorted batch (16,384 unless told): few enough that a batch of full `Recommendation`s, one per
    /// parallel part, stays a few megabytes; enough that a million items make a heap of only some seventy batches.
    let batchSize: Int

    /// The queue's rules: which items it keeps and in what order.
    private let order: DailyQueue
    /// The current batch, items the queue admits only, in arrival order, and each one's candidate's name.
    private var batch: [Recommendation] = []
    private var batchNames: [String?] = []
    /// The sorted batches, each its own array: one array of everything would be copied whole each time it grows.
    private var batches: [[PackedItem]] = []
    /// Openings, clients, hiring managers and recruiters: few distinct values, each stored once.
    private var texts: [String] = []
    private var textIndex: [String: UInt32] = [:]
    /// The last text looked up per field: one timeline's items repeat them, and comparing a String with itself is
    /// cheaper than hashing it.
    private var recentTexts: [(text: String, index: UInt32)?] = Array(repeating: nil, count: 4)
    /// Candidates' e-mails as UTF-8, each followed by the candidate's name when there is one, once per run of items
    /// of the same candidate (items arrive by timeline).
    private var emails: [UInt8] = []
    /// The openings' titles by id, for people reading the items (set by the reader; absent ones show no title).
    var openingTitles: [String: String] = [:]

    /// An empty queue as of `asOf`.
    /// - Parameter batchSize: items per sorted batch; the default suits any size of queue.
    public init(asOf: Day, batchSize: Int = 16_384) {
        precondition(batchSize > 0, "a batch holds at least one item")
        self.asOf = asOf
        self.batchSize = batchSize
        order = DailyQueue(asOf: asOf)
        batch.reserveCapacity(batchSize)
    }

    /// Adds items; like `DailyQueue.add`, those not due yet or stale as of T are dropped.
    /// - Parameter candidateName: the name of the candidate the items are about (items of one timeline), shown
    ///   beside the e-mail; nil when unknown.
    public mutating func add(_ items: [Recommendation], candidateName: String? = nil) {
        for item in items where order.admits(item) {
            batch.append(item)
            batchNames.append(item.candidate == nil ? nil : candidateName)
        }
        if batch.count >= batchSize { seal() }
    }

    /// Packs the current batch and sorts it in the queue's order.
    private mutating func seal() {
        guard !batch.isEmpty else { return }
        var packed: [PackedItem] = []
        packed.reserveCapacity(batch.count)
        var lastEmail: (text: String, name: String?, offset: UInt32, length: UInt32, nameLength: UInt32, ascii: Bool)?
        for (item, name) in zip(batch, batchNames) {
            var email: (offset: UInt32, length: UInt32, nameLength: UInt32, ascii: Bool) = (.max, 0, 0, true)
            if let candidate = item.candidate {
                if let last = lastEmail, last.text == candidate, last.name == name {
                    email = (last.offset, last.length, last.nameLength, last.ascii)
                } else {
                    let utf8 = candidate.utf8
                    let ascii = utf8.allSatisfy { $0 < 0x80 }
                    let nameLength = UInt32(name?.utf8.count ?? 0)
                    email = (UInt32(emails.count), UInt32(utf8.count), nameLength, ascii)
                    emails.append(contentsOf: utf8)
                    if let name { emails.append(contentsOf: name.utf8) }
                    lastEmail = (candidate, name, email.offset, email.length, nameLength, ascii)
                }
            }
            packed.append(PackedItem(
                key: order.leadingKey(item), reason: CompactReason(item.reason),
                email: email.offset, emailLength: email.length, nameLength: email.nameLength,
                opening: text(item.opening, 0), client: text(item.client, 1),
                hiringManager: text(item.hiringManager, 2), recruiter: text(item.recruiter, 3),
                due: Int32(item.due.ordinal), deadline: item.deadline.map { Int32($0.ordinal) } ?? .min,
                staleAfterDays: item.staleAfterDays.map { Int32($0) } ?? .min,
                rule: item.rule, actor: item.actor, interest: item.interest, overdue: item.overdue,
                emailIsASCII: email.ascii))
        }
        batch.removeAll(keepingCapacity: true)
        batchNames.removeAll(keepingCapacity: true)
        let queue = self
        packed.sort { queue.precedes($0, $1) }
        batches.append(packed)
    }

    /// `DailyQueue.precedes` on packed items: the leading key and the e-mail decide almost every comparison
    /// without unpacking; ties past them are unpacked and compared in full.
    fileprivate func precedes(_ a: PackedItem, _ b: PackedItem) -> Bool {
        if a.key != b.key { return a.key < b.key }
        let emailOrder = compareEmails(a, b)
        if emailOrder != 0 { return emailOrder < 0 }
        return order.precedes(unpack(a), unpack(b))
    }

    /// -1, 0 or 1 as `a`'s candidate e-mail sorts before, equal to or after `b`'s, as `String` compares them (no
    /// e-mail sorting as the empty text). Bytes decide when both are ASCII, where `String`'s order is the bytes'.
    private func compareEmails(_ a: PackedItem, _ b: PackedItem) -> Int {
        if a.email == b.email && a.emailLength == b.emailLength { return 0 }
        if a.emailIsASCII && b.emailIsASCII {
            return emails.withUnsafeBufferPointer { bytes in
                let lengthA = Int(a.emailLength), lengthB = Int(b.emailLength)
                if lengthA > 0 && lengthB > 0 {
                    let common = Swift.min(lengthA, lengthB)
                    let result = memcmp(bytes.baseAddress! + Int(a.email), bytes.baseAddress! + Int(b.email), common)
                    if result != 0 { return result < 0 ? -1 : 1 }
                }
                return lengthA == lengthB ? 0 : (lengthA < lengthB ? -1 : 1)
            }
        }
        let textA = email(a) ?? "", textB = email(b) ?? ""
        return textA == textB ? 0 : (textA < textB ? -1 : 1)
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

    private func email(_ item: PackedItem) -> String? {
        guard item.email != .max else { return nil }
        let start = Int(item.email)
        return emails.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(item.emailLength)]), as: UTF8.self)
        }
    }

    /// The candidate's name packed after the e-mail; nil when none.
    private func name(_ item: PackedItem) -> String? {
        guard item.email != .max, item.nameLength > 0 else { return nil }
        let start = Int(item.email) + Int(item.emailLength)
        return emails.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(item.nameLength)]), as: UTF8.self)
        }
    }

    func unpack(_ item: PackedItem) -> Recommendation {
        func text(_ index: UInt32) -> String? { index == .max ? nil : texts[Int(index)] }
        return Recommendation(
            rule: item.rule, actor: item.actor, candidate: email(item), opening: text(item.opening),
            client: text(item.client) ?? "", hiringManager: text(item.hiringManager), recruiter: text(item.recruiter),
            due: Day(ordinal: Int(item.due)), deadline: item.deadline == .min ? nil : Day(ordinal: Int(item.deadline)),
            overdue: item.overdue, interest: item.interest, reason: item.reason.reason,
            staleAfterDays: item.staleAfterDays == .min ? nil : Int(item.staleAfterDays))
    }

    /// Moves every item of `other` (a queue as of the same day, closed or not) into this one, leaving `other`
    /// empty. Its sorted batches stay sorted: only their texts and e-mails are renumbered into this queue's, in
    /// place, one batch at a time, so the items are never held twice.
    public mutating func append(contentsOf other: inout QueueItems) {
        precondition(other.asOf == asOf, "queues of different days")
        let textMap = other.texts.map { text($0, 0) }
        openingTitles.merge(other.openingTitles) { mine, _ in mine }
        let emailShift = UInt32(emails.count)
        emails.append(contentsOf: other.emails)
        other.emails = []
        func mapped(_ index: UInt32) -> UInt32 { index == .max ? .max : textMap[Int(index)] }
        while var batch = other.batches.popLast() {
            for index in batch.indices {
                batch[index].opening = mapped(batch[index].opening)
                batch[index].client = mapped(batch[index].client)
                batch[index].hiringManager = mapped(batch[index].hiringManager)
                batch[index].recruiter = mapped(batch[index].recruiter)
                if batch[index].email != .max { batch[index].email += emailShift }
            }
            batches.append(batch)
        }
        for (item, name) in zip(other.batch, other.batchNames) { add([item], candidateName: name) }
        other.batch = []
        other.batchNames = []
    }

    /// Finishes the last batch; call once all items are added.
    public mutating func close() { seal() }

    /// The number of items (after ``close()``).
    public var count: Int { batches.reduce(0) { $0 + $1.count } }

    public func makeIterator() -> Iterator { Iterator(self) }

    /// Merges the sorted batches: a heap (swift-collections' `Heap`) of each batch's next item, first in the queue
    /// on top. Items are compared packed and unpacked once, when handed out.
    public struct Iterator: IteratorProtocol {
        private let merge: Merge
        private var heads: Heap<Head>

        fileprivate init(_ items: QueueItems) {
            precondition(items.batch.isEmpty, "QueueItems iterated before close()")
            let merge = Merge(items)
            self.merge = merge
            heads = Heap(items.batches.indices.filter { !items.batches[$0].isEmpty }.map {
                Head(merge: merge, batch: $0, position: 0)
            })
        }

        public mutating func next() -> Recommendation? {
            nextPosition().map { merge.items.unpack(merge.items.batches[$0.batch][$0.position]) }
        }

        /// Where the next item is (its batch and its place there), without unpacking it.
        mutating func nextPosition() -> (batch: Int, position: Int)? {
            guard let top = heads.min else { return nil }
            if top.position + 1 < merge.items.batches[top.batch].count {
                heads.replaceMin(with: Head(merge: merge, batch: top.batch, position: top.position + 1))
            } else {
                heads.removeMin()
            }
            return (top.batch, top.position)
        }
    }

    /// The queue a merge reads, shared by its heads (a class, so that each head refers to it without a copy; its
    /// methods read the queue in place, where a head reading `merge.items` would copy it, a retain per array).
    private final class Merge {
        let items: QueueItems
        init(_ items: QueueItems) { self.items = items }

        func key(batch: Int, position: Int) -> UInt64 { items.batches[batch][position].key }

        func precedes(_ a: Head, _ b: Head) -> Bool {
            items.precedes(items.batches[a.batch][a.position], items.batches[b.batch][b.position])
        }
    }

    /// One batch's next item in a merge, ordered as the queue orders the items. The leading key is copied in, so
    /// that most comparisons read no item at all.
    private struct Head: Comparable {
        unowned(unsafe) let merge: Merge
        let key: UInt64
        let batch: Int
        let position: Int

        init(merge: Merge, batch: Int, position: Int) {
            self.merge = merge
            self.key = merge.key(batch: batch, position: position)
            self.batch = batch
            self.position = position
        }

        static func < (a: Head, b: Head) -> Bool {
            if a.key != b.key { return a.key < b.key }
            return a.merge.precedes(a, b)
        }

        /// Equal when neither comes first, as `Comparable` requires (`Heap` itself only asks for `<`).
        static func == (a: Head, b: Head) -> Bool { !(a < b) && !(b < a) }
    }
}

extension QueueItems {
    /// An item's place in the queue (its sorted batch and its position there): 8 bytes where the item itself is a
    /// hundred and more, so a caller can hold every item's place to regroup a whole agency's queue (as the text
    /// output does) without unpacking a single item. Valid for the queue that gave it only.
    public struct Place: Sendable, Equatable {
        let batch: UInt32
        let position: UInt32
    }

    /// The items' places in the queue's order, found one at a time by merging the sorted batches (after
    /// ``close()``).
    public var places: Places { Places(items: self) }

    /// See ``places``.
    public struct Places: Sequence {
        fileprivate let items: QueueItems

        public func makeIterator() -> Iterator { Iterator(merge: items.makeIterator()) }

        public struct Iterator: IteratorProtocol {
            fileprivate var merge: QueueItems.Iterator

            public mutating func next() -> Place? {
                merge.nextPosition().map { Place(batch: UInt32($0.batch), position: UInt32($0.position)) }
            }
        }
    }

    /// The item at `place`, unpacked.
    public subscript(place: Place) -> Recommendation { unpack(batches[Int(place.batch)][Int(place.position)]) }

    /// The item at `place` with its names, for pages that show people and roles by name.
    public func named(_ place: Place) -> (item: Recommendation, names: Names) {
        let item = self[place]
        return (item, names(place, opening: item.opening))
    }

    /// The names of the item at `place` (its opening id as `item`, from the same place, gives).
    func names(_ place: Place, opening: String?) -> Names {
        Names(candidate: name(batches[Int(place.batch)][Int(place.position)]),
              openingTitle: opening.flatMap { openingTitles[$0] })
    }

    /// The fields that sort an item into a section or a group, read from its packed form: no e-mail, reason or
    /// other text is made for it.
    public struct Outline {
        public let rule: Rule
        public let actor: Party
        /// The texts as numbers, equal for equal texts (see ``QueueItems/text(_:)``).
        public let client: TextID
        public let hiringManager: TextID
        public let recruiter: TextID
        public var kind: Recommendation.Kind { rule.kind }
    }

    /// A client's, hiring manager's or recruiter's text in this queue, as a number: two are equal when their texts
    /// are (absent texts included), so grouping by them groups by the texts without hashing a string per item.
    public struct TextID: Hashable, Sendable {
        fileprivate let index: UInt32
    }

    /// The outline of the item at `place`.
    public func outline(_ place: Place) -> Outline {
        let item = batches[Int(place.batch)][Int(place.position)]
        return Outline(rule: item.rule, actor: item.actor, client: TextID(index: item.client),
                       hiringManager: TextID(index: item.hiringManager), recruiter: TextID(index: item.recruiter))
    }

    /// Every item's outline in the order kept, not the queue's (counting messages before the merge needs no order).
    func forEachOutline(_ body: (Outline) -> Void) {
        for batch in batches {
            for item in batch {
                body(Outline(rule: item.rule, actor: item.actor, client: TextID(index: item.client),
                             hiringManager: TextID(index: item.hiringManager), recruiter: TextID(index: item.recruiter)))
            }
        }
    }

    /// The text a ``TextID`` stands for; nil for an absent one.
    public func text(_ id: TextID) -> String? { id.index == .max ? nil : texts[Int(id.index)] }
}
