import Mail
import Policies

/// The facts of a run's messages, held from when they are read until they are placed (they are placed in Date
/// order, so all of them are read first). Kept small: each message's facts are written as bytes into large shared
/// blocks (strings as their UTF-8 bytes, numbers as varints), its parties, mentions and file as indices into tables
/// of the strings and mailboxes the run has seen (each kept once), and read back as a ``MailFacts`` when the message
/// is placed. About 150-250 bytes a message instead of about 1 KB of separate allocations, and no fragments of
/// freed facts keep the memory of the placing mapped.
struct MailFactsStore {
    /// Where a message's facts are, and what orders them.
    struct Key {
        /// The Date header's instant; `Int64.max` without one (after every dated message), see ``hasDate``.
        let sentAt: Int64
        let hasDate: Bool
        let order: Int
        /// The block, and the first byte in it.
        let block: Int32
        let offset: Int32
    }

    private(set) var keys: [Key] = []
    /// The UID of every invitation among the messages (their stored state is read once, before placing).
    private(set) var invitationUIDs: Set<String> = []
    private var blocks: [[UInt8]] = []
    static let blockBytes = 1 << 20
    /// Strings kept once (files, the directory's candidates and openings) and mailboxes kept once (up to a bound: a
    /// mailbox of strangers is written out in full rather than kept twice).
    private var strings: [String] = []
    private var stringIndex: [String: Int] = [:]
    private struct MailboxKey: Hashable { let address: String; let name: String? }
    private var mailboxes: [Mailbox] = []
    private var mailboxIndex: [MailboxKey: Int] = [:]
    static let mailboxLimit = 100_000

    var count: Int { keys.count }

    /// Keeps `facts` (its `order` is kept in its key).
    mutating func append(_ facts: MailFacts) {
        var out = Writer()
        out.reserve(256)
        out.string(facts.identity)
        out.string(facts.tag)
        out.optionalString(facts.subject)
        out.varint(UInt64(intern(facts.file)))
        out.varint(facts.offset.map { UInt64($0) + 1 } ?? 0)
        out.optionalInt(facts.day.map { Int64($0.ordinal) })
        if let sender = facts.sender { out.varint(1); mailbox(sender, &out) } else { out.varint(0) }
        out.varint(UInt64(facts.recipients.count))
        for r in facts.recipients { mailbox(r, &out) }
        out.varint(UInt64(facts.threadIDs.count))
        for id in facts.threadIDs { out.string(id) }
        out.varint(UInt64(facts.mentionedCandidates.count))
        for c in facts.mentionedCandidates { out.varint(UInt64(intern(c))) }
        out.varint(UInt64(facts.mentionedOpenings.count))
        for o in facts.mentionedOpenings { out.varint(UInt64(intern(o))) }
        out.varint(UInt64(facts.events.count))
        for e in facts.events {
            event(e, &out)
            if let uid = e.uid { invitationUIDs.insert(uid) }
        }

        let bytes = out.bytes
        if blocks.isEmpty || blocks[blocks.count - 1].count + bytes.count > Self.blockBytes {
            var block: [UInt8] = []
            block.reserveCapacity(max(Self.blockBytes, bytes.count))
            blocks.append(block)
        }
        let b = blocks.count - 1
        let offset = blocks[b].count
        blocks[b].append(contentsOf: bytes)
        keys.append(Key(sentAt: facts.sentAt ?? Int64.max, hasDate: facts.sentAt != nil, order: facts.order,
                        block: Int32(b), offset: Int32(offset)))
    }

    /// The keys in the order of their Date, ties in input order; messages without a date last, in input order.
    mutating func sortKeys() {
        keys.sort { a, b in
            if a.hasDate != b.hasDate { return a.hasDate }
            if a.hasDate, a.sentAt != b.sentAt { return a.sentAt < b.sentAt }
            return a.order < b.order
        }
    }

    /// The facts of the `i`th message (in the order of ``keys``), as they were kept; their ``MailFacts/stored``
    /// is `i`.
    func facts(_ i: Int) -> MailFacts {
        let key = keys[i]
        return blocks[Int(key.block)].withUnsafeBufferPointer { block in
            var r = Reader(bytes: block, at: Int(key.offset))
            let identity = r.string()
            let tag = r.string()
            let subject = r.optionalString()
            let file = strings[Int(r.varint())]
            let offsetPlusOne = r.varint()
            let day = r.optionalInt().map { Day(ordinal: Int($0)) }
            let sender = r.varint() == 1 ? mailbox(&r) : nil
            let recipients = (0..<Int(r.varint())).map { _ in mailbox(&r) }
            let threadIDs = (0..<Int(r.varint())).map { _ in r.string() }
            let candidates = (0..<Int(r.varint())).map { _ in strings[Int(r.varint())] }
            let openings = (0..<Int(r.varint())).map { _ in strings[Int(r.varint())] }
            let events = (0..<Int(r.varint())).map { _ in event(&r) }
            var facts = MailFacts(identity: identity, file: file, offset: offsetPlusOne == 0 ? nil : Int(offsetPlusOne - 1),
                                  order: key.order, sentAt: key.hasDate ? key.sentAt : nil, day: day, subject: subject,
                                  sender: sender, recipients: recipients, threadIDs: threadIDs,
                                  mentionedCandidates: candidates, mentionedOpenings: openings, events: events, tag: tag)
            facts.stored = Int32(i)
            return facts
        }
    }

    /// The `i`th message's identity, tag and Subject alone (what the writing needs).
    func identity(_ i: Int) -> (identity: String, tag: String, subject: String?) {
        let key = keys[i]
        return blocks[Int(key.block)].withUnsafeBufferPointer { block in
            var r = Reader(bytes: block, at: Int(key.offset))
            return (r.string(), r.string(), r.optionalString())
        }
    }

    private mutating func intern(_ s: String) -> Int {
        if let i = stringIndex[s] { return i }
        strings.append(s)
        stringIndex[s] = strings.count - 1
        return strings.count - 1
    }

    /// A mailbox: `2 * (index + 1)` when it is in the table, else 1 and its address and name.
    private mutating func mailbox(_ m: Mailbox, _ out: inout Writer) {
        let key = MailboxKey(address: m.address, name: m.name)
        if let i = mailboxIndex[key] { out.varint(UInt64(2 * (i + 1))); return }
        if mailboxes.count < Self.mailboxLimit {
            mailboxes.append(m)
            mailboxIndex[key] = mailboxes.count - 1
            out.varint(UInt64(2 * mailboxes.count))
            return
        }
        out.varint(1)
        out.string(m.address)
        out.optionalString(m.name)
    }

    private func mailbox(_ r: inout Reader) -> Mailbox {
        let v = r.varint()
        if v == 1 { return Mailbox(address: r.string(), name: r.optionalString()) }
        return mailboxes[Int(v / 2) - 1]
    }

    private func event(_ e: CalendarEvent, _ out: inout Writer) {
        out.optionalString(e.method)
        out.optionalString(e.uid)
        out.signed(Int64(e.sequence))
        switch e.start {
        case nil: out.varint(0)
        case let .date(y, m, d)?: out.varint(1); for n in [y, m, d] { out.signed(Int64(n)) }
        case let .utc(y, m, d, hh, mi, ss)?: out.varint(2); for n in [y, m, d, hh, mi, ss] { out.signed(Int64(n)) }
        case let .local(y, m, d, hh, mi, ss, tzid)?:
            out.varint(3)
            for n in [y, m, d, hh, mi, ss] { out.signed(Int64(n)) }
            out.optionalString(tzid)
        }
        out.optionalString(e.status)
        if let o = e.organizer { out.varint(1); person(o, &out) } else { out.varint(0) }
        out.varint(UInt64(e.attendees.count))
        for a in e.attendees { person(a, &out) }
        out.optionalString(e.summary)
    }

    private func person(_ p: CalendarEvent.Person, _ out: inout Writer) {
        out.string(p.address)
        out.optionalString(p.commonName)
    }

    private func event(_ r: inout Reader) -> CalendarEvent {
        let method = r.optionalString()
        let uid = r.optionalString()
        let sequence = Int(r.signed())
        let start: CalendarEvent.Start?
        func n() -> Int { Int(r.signed()) }
        switch r.varint() {
        case 1: let (y, m, d) = (n(), n(), n()); start = .date(year: y, month: m, day: d)
        case 2:
            let (y, m, d, hh, mi, ss) = (n(), n(), n(), n(), n(), n())
            start = .utc(year: y, month: m, day: d, hour: hh, minute: mi, second: ss)
        case 3:
            let (y, m, d, hh, mi, ss) = (n(), n(), n(), n(), n(), n())
            start = .local(year: y, month: m, day: d, hour: hh, minute: mi, second: ss, tzid: r.optionalString())
        default: start = nil
        }
        let status = r.optionalString()
        let organizer = r.varint() == 1 ? person(&r) : nil
        let attendees = (0..<Int(r.varint())).map { _ in person(&r) }
        let summary = r.optionalString()
        return CalendarEvent(method: method, uid: uid, sequence: sequence, start: start, status: status,
                             organizer: organizer, attendees: attendees, summary: summary)
    }

    private func person(_ r: inout Reader) -> CalendarEvent.Person {
        CalendarEvent.Person(address: r.string(), commonName: r.optionalString())
    }

    /// LEB128 varints; signed numbers zigzag encoded; a string is its UTF-8 length and bytes (an optional one, the
    /// length plus one, 0 for nil).
    private struct Writer {
        var bytes: [UInt8] = []
        mutating func reserve(_ n: Int) { bytes.reserveCapacity(n) }
        mutating func varint(_ v: UInt64) {
            var v = v
            while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
            bytes.append(UInt8(v))
        }
        mutating func signed(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
        mutating func optionalInt(_ v: Int64?) {
            if let v { varint(1); signed(v) } else { varint(0) }
        }
        mutating func string(_ s: String) {
            var s = s
            s.withUTF8 { utf8 in
                varint(UInt64(utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }
        mutating func optionalString(_ s: String?) {
            guard var s else { varint(0); return }
            s.withUTF8 { utf8 in
                varint(UInt64(utf8.count) + 1)
                bytes.append(contentsOf: utf8)
            }
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at: Int
        mutating func varint() -> UInt64 {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = bytes[at]
                at += 1
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return v }
                shift += 7
            }
        }
        mutating func signed() -> Int64 {
            let v = varint()
            return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
        }
        mutating func optionalInt() -> Int64? { varint() == 0 ? nil : signed() }
        mutating func string() -> String { text(Int(varint())) }
        mutating func optionalString() -> String? {
            let n = Int(varint())
            return n == 0 ? nil : text(n - 1)
        }
        private mutating func text(_ n: Int) -> String {
            let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<(at + n)]), as: UTF8.self)
            at += n
            return s
        }
    }
}
