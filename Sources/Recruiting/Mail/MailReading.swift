import Dispatch
import Foundation
import Mail
import Policies

/// Reads messages into their facts a batch at a time (`recruit import mail`'s first step). Each message's identity
/// comes from its header block alone; the identities earlier runs stored are looked up once per batch, and a message
/// already known is counted without its body being read. The others are parsed on every core, each worker with its
/// own scratch space, and come out in input order.
struct MailReading {
    enum Outcome {
        /// A message (or file) that could not be read: where, and why. Never personal data.
        case unreadable(String)
        /// A message an earlier run placed or left for review.
        case known
        case facts(MailFacts)
    }

    let directory: MailDirectory
    let timeZone: TimeZone
    let limits: Limits
    private var items: [MailSources.Item] = []
    private var bytes = 0
    private var order = 0
    /// Parsing threads: the cores there are, up to 4.
    let workers = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))

    /// A batch: this many messages or this many bytes of them, whichever comes first (memory stays bounded).
    static let batchMessages = 500
    static let batchBytes = 4 << 20

    init(directory: MailDirectory, timeZone: TimeZone, limits: Limits) {
        self.directory = directory
        self.timeZone = timeZone
        self.limits = limits
    }

    /// Adds a message to the batch; true when the batch is full (call ``flush(_:_:)``).
    mutating func add(_ item: MailSources.Item) -> Bool {
        items.append(item)
        if case .message(let raw) = item { bytes += raw.bytes.count }
        return items.count >= Self.batchMessages || bytes >= Self.batchBytes
    }

    /// Each message's header block and identity, by place in the batch (nil where there is none or it cannot be read).
    private func headerBlocks() -> (headers: [Message.Header?], identities: [String?]) {
        var headers = [Message.Header?](repeating: nil, count: items.count)
        var identities = [String?](repeating: nil, count: items.count)
        for (i, item) in items.enumerated() {
            guard case .message(let raw) = item, let header = try? Message.header(of: raw.bytes, limits: limits) else { continue }
            headers[i] = header
            identities[i] = header.identity
        }
        return (headers, identities)
    }

    /// Which of `identities` earlier runs stored, as messages or for review.
    private static func stored(_ identities: Set<String>, _ connection: Connection) throws -> Set<String> {
        guard !identities.isEmpty else { return [] }
        var known: Set<String> = []
        for row in try connection.query("""
            SELECT identity FROM mail_messages WHERE identity = ANY($1::text[])
            UNION ALL SELECT identity FROM mail_review WHERE identity = ANY($1::text[])
            """, [PostgresArray.text(Array(identities))]).rows {
            if let id = row[0] { known.insert(id) }
        }
        return known
    }

    /// Reads the batch and hands each message's outcome to `deliver`, in input order.
    mutating func flush(_ connection: Connection, _ deliver: (Outcome) throws -> Void) throws {
        guard !items.isEmpty else { return }
        defer {
            items.removeAll(keepingCapacity: true)
            bytes = 0
        }
        // 1. Identities from the header blocks (a message whose header block cannot be read is parsed below, which
        // reports why).
        let (headers, identities) = headerBlocks()
        // 2. The ones earlier runs stored.
        let known = try Self.stored(Set(identities.compactMap { $0 }), connection)
        // 3. The others parsed, on every core.
        var toParse: [Int] = []
        for (i, item) in items.enumerated() {
            guard case .message = item else { continue }
            if let id = identities[i], known.contains(id) { continue }
            toParse.append(i)
        }
        let firstOrder = order
        order += toParse.count
        let results = UnsafeMutableBufferPointer<Result<MailFacts, MailError>?>.allocate(capacity: toParse.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let (items, directory, timeZone, limits) = (self.items, self.directory, self.timeZone, self.limits)
        let work = { (worker: Int, workers: Int) in
            var scratch = MentionIndex.Words()
            var k = worker
            while k < toParse.count {
                let i = toParse[k]
                guard case .message(let raw) = items[i] else { k += workers; continue }
                results[k] = Self.facts(raw, header: headers[i], identity: identities[i], order: firstOrder + k, directory: directory,
                                        timeZone: timeZone, limits: limits, scratch: &scratch)
                k += workers
            }
        }
        let threads = toParse.count >= 64 ? workers : 1
        if threads == 1 { work(0, 1) } else {
            // Each worker writes only its own slots of `results`; the batch is not touched until all are done.
            let shared = Unchecked(work)
            DispatchQueue.concurrentPerform(iterations: threads) { shared.value($0, threads) }
        }
        // 4. In input order.
        var k = 0
        for (i, item) in items.enumerated() {
            switch item {
            case .unreadable(let problem): try deliver(.unreadable(problem))
            case .message(let raw):
                if k < toParse.count, toParse[k] == i {
                    switch results[k]! {
                    case .success(let facts): try deliver(.facts(facts))
                    case .failure(let error): try deliver(.unreadable("\(raw.file): \(error.shifted(by: raw.offset)); skipped"))
                    }
                    k += 1
                } else {
                    try deliver(.known)
                }
            }
        }
    }

    /// One message's facts: parsed, its mentions found in its Subject and first text part, its day in the agency's
    /// time zone. `identity` is its header block's (``Message/Header/identity``) when that was read already.
    static func facts(_ raw: RawMessage, header: Message.Header?, identity: String? = nil, order: Int, directory: MailDirectory,
                      timeZone: TimeZone, limits: Limits, scratch: inout MentionIndex.Words) -> Result<MailFacts, MailError> {
        do throws(MailError) {
            let message = header.map { h in Result { () throws(MailError) in try Message(parsing: raw.bytes, header: h, limits: limits) } }
                ?? Result { () throws(MailError) in try Message(parsing: raw.bytes, limits: limits) }
            let parsed = try message.get()
            let subject = parsed.subject
            let (candidates, openings) = MentionIndex.mentions(in: [subject ?? "", parsed.text ?? ""], directory: directory,
                                                               scratch: &scratch)
            let date = parsed.date
            let day = date.flatMap { try? Day(cell: $0.description, timeZone: timeZone) }
            return .success(MailFacts(
                identity: identity ?? parsed.identity, file: raw.file, offset: raw.inMbox ? raw.offset : nil, order: order,
                sentAt: date?.secondsSince1970, day: day, subject: subject, sender: parsed.from.first,
                recipients: parsed.to + parsed.cc, threadIDs: parsed.inReplyTo + parsed.references,
                mentionedCandidates: Array(candidates), mentionedOpenings: Array(openings),
                events: parsed.events.reduce(into: []) { unique, e in if !unique.contains(e) { unique.append(e) } }))
        } catch {
            return .failure(error)
        }
    }
}

/// A value handed to the workers of `DispatchQueue.concurrentPerform`, which only read it or write disjoint slots.
private final class Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
