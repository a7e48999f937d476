import Mail
import Policies
@testable import Recruiting
import RecruitTestSupport
import Testing

/// The facts of a run's messages are held as bytes until they are placed (issue 21's memory target): what is read
/// back must be what was kept, and the order is MAIL.md's (Date, ties in input order, undated last).
@Suite("Mail facts kept as bytes")
struct MailFactsStoreTests {
    static let pieces = ["", "a", "Ben Okafor", "ÉLODIE Ünal", "李小龙", "x@y.test", "<s0-3@sample.agency.test>", "🙂 re: ",
                         String(repeating: "long ", count: 40), "tab\there", "\u{1F}"]

    fileprivate static func text(_ rng: inout SplitMix) -> String {
        (0..<Int.random(in: 0...3, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    fileprivate static func optional(_ rng: inout SplitMix) -> String? { Bool.random(using: &rng) ? nil : text(&rng) }

    fileprivate static func mailbox(_ rng: inout SplitMix) -> Mailbox {
        // Few distinct mailboxes, so most are kept once in the table and found there again.
        Mailbox(address: "p\(Int.random(in: 0...20, using: &rng))@\(pieces.randomElement(using: &rng)!)",
                name: Bool.random(using: &rng) ? nil : pieces.randomElement(using: &rng)!)
    }

    fileprivate static func number(_ rng: inout SplitMix) -> Int {
        [0, 1, -1, 127, 128, -129, 2026, Int(Int32.max), Int(Int32.min), Int.max, Int.min].randomElement(using: &rng)!
    }

    fileprivate static func event(_ rng: inout SplitMix) -> CalendarEvent {
        let n = { (rng: inout SplitMix) in number(&rng) }
        let start: CalendarEvent.Start?
        switch Int.random(in: 0...3, using: &rng) {
        case 0: start = nil
        case 1: start = .date(year: n(&rng), month: n(&rng), day: n(&rng))
        case 2: start = .utc(year: n(&rng), month: n(&rng), day: n(&rng), hour: n(&rng), minute: n(&rng), second: n(&rng))
        default:
            start = .local(year: n(&rng), month: n(&rng), day: n(&rng), hour: n(&rng), minute: n(&rng), second: n(&rng),
                           tzid: optional(&rng))
        }
        let person = { (rng: inout SplitMix) in CalendarEvent.Person(address: text(&rng), commonName: optional(&rng)) }
        return CalendarEvent(method: optional(&rng), uid: optional(&rng), sequence: n(&rng), start: start,
                             status: optional(&rng), organizer: Bool.random(using: &rng) ? nil : person(&rng),
                             attendees: (0..<Int.random(in: 0...3, using: &rng)).map { _ in person(&rng) },
                             summary: optional(&rng))
    }

    fileprivate static func facts(_ rng: inout SplitMix, order: Int) -> MailFacts {
        let list = { (rng: inout SplitMix) in (0..<Int.random(in: 0...4, using: &rng)).map { _ in text(&rng) } }
        return MailFacts(
            identity: text(&rng) + "\(order)", file: ["a.mbox", "b/c.eml", "standard input"].randomElement(using: &rng)!,
            offset: Bool.random(using: &rng) ? nil : Int.random(in: 0...Int(Int32.max) * 4, using: &rng), order: order,
            sentAt: Bool.random(using: &rng) ? nil : Int64(Int.random(in: -5...5, using: &rng)),
            day: Bool.random(using: &rng) ? nil : Day(ordinal: Int.random(in: -800_000...3_000_000, using: &rng)),
            subject: optional(&rng), sender: Bool.random(using: &rng) ? nil : mailbox(&rng),
            recipients: (0..<Int.random(in: 0...5, using: &rng)).map { _ in mailbox(&rng) }, threadIDs: list(&rng),
            mentionedCandidates: list(&rng), mentionedOpenings: list(&rng),
            events: (0..<Int.random(in: 0...2, using: &rng)).map { _ in event(&rng) })
    }

    static func same(_ a: MailFacts, _ b: MailFacts) -> Bool {
        a.identity == b.identity && a.file == b.file && a.offset == b.offset && a.order == b.order
            && a.sentAt == b.sentAt && a.day == b.day && a.subject == b.subject && a.sender == b.sender
            && a.recipients == b.recipients && a.threadIDs == b.threadIDs
            && a.mentionedCandidates == b.mentionedCandidates && a.mentionedOpenings == b.mentionedOpenings
            && a.events == b.events && a.tag == b.tag
    }

    @Test("every message's facts read back as they were kept, in Date order, ties and undated in input order")
    func roundTrip() {
        var rng = SplitMix(state: 21)
        var store = MailFactsStore()
        var kept: [MailFacts] = []
        for order in 0..<3000 {
            let f = Self.facts(&rng, order: order)
            kept.append(f)
            store.append(f)
        }
        store.sortKeys()
        let expected = kept.sorted { a, b in
            switch (a.sentAt, b.sentAt) {
            case let (x?, y?): return x != y ? x < y : a.order < b.order
            case (nil, nil): return a.order < b.order
            case (_?, nil): return true
            case (nil, _?): return false
            }
        }
        #expect(store.count == kept.count)
        for (i, e) in expected.enumerated() {
            let read = store.facts(i)
            #expect(Self.same(read, e), "message \(i) (order \(e.order))")
            #expect(read.stored == Int32(i))
            let (identity, tag, subject) = store.identity(i)
            #expect(identity == e.identity && tag == e.tag && subject == e.subject)
        }
        #expect(store.invitationUIDs == Set(kept.flatMap { $0.events.compactMap(\.uid) }))
    }

    @Test("mailboxes past the table's bound are kept in full and read back the same")
    func mailboxesPastTheBound() {
        var store = MailFactsStore()
        let count = MailFactsStore.mailboxLimit + 50
        for order in 0..<count {
            store.append(MailFacts(identity: "m\(order)", file: "f", order: order, sentAt: nil, day: nil, subject: nil,
                                   sender: Mailbox(address: "s\(order)@x.test", name: order % 2 == 0 ? nil : "N \(order)"),
                                   recipients: [Mailbox(address: "r@x.test")], threadIDs: [], mentionedCandidates: [],
                                   mentionedOpenings: [], events: []))
        }
        store.sortKeys()
        for i in [0, 1, MailFactsStore.mailboxLimit - 1, MailFactsStore.mailboxLimit, count - 1] {
            let f = store.facts(i)
            #expect(f.sender == Mailbox(address: "s\(i)@x.test", name: i % 2 == 0 ? nil : "N \(i)"))
            #expect(f.recipients == [Mailbox(address: "r@x.test")])
        }
    }
}
