import Policies
@testable import RecruitCLI
import Recruiting
import Testing

/// The text, CSV and ICS queues are written from the compact queue in parallel runs; they must be exactly what
/// rendering the whole item list in one pass gives (the way the command wrote them before), for a queue of several
/// runs, built from joined parts, with every awkward name.
@Suite("The queue's formats written in runs")
struct QueueFormatsTests {
    static let asOf = Day(year: 2026, month: 11, day: 20)

    /// 5,000 items (three runs of 2,048) in two parts joined as the parallel read joins them; names include the
    /// ones the text's groups stand in for absent values, and commas, quotes and non-ASCII letters.
    static func queue() -> QueueItems {
        let rules: [Rule] = [.followUp, .phoneCheck, .thankYou, .checkBack, .keepInMind, .attritionCheck, .tooEarly,
                             .tooMany, .afterDecision]
        let managers: [String?] = [nil, "no hiring manager", "Ann Lee", "Zoë, \"Z\" Ortiz", "Bo"]
        let recruiters: [String?] = [nil, "(no recruiter)", "kim@agency.test", "Łukasz", "ann@agency.test"]
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var first = QueueItems(asOf: asOf, batchSize: 700), second = QueueItems(asOf: asOf, batchSize: 1_000)
        for index in 0..<5_000 {
            let due = asOf.adding(days: -next(20))
            let deadline: Day? = next(3) == 0 ? nil : due.adding(days: next(8))
            let item = Recommendation(
                rule: rules[next(rules.count)], actor: [.recruiter, .candidate, .client][next(3)],
                candidate: "c\(next(900))@example.com", opening: "JOB-\(next(30))",
                client: ["Acme", "Beta, Inc.", "Çelik"][next(3)], hiringManager: managers[next(managers.count)],
                recruiter: recruiters[next(recruiters.count)], due: due, deadline: deadline,
                overdue: deadline.map { $0 < asOf } ?? (due < asOf), interest: Interest.allCases[next(4)],
                reason: .phoneCheck(lastContact: due.adding(days: -next(9)), days: next(9), due: due),
                staleAfterDays: nil)
            if index % 2 == 0 { first.add([item]) } else { second.add([item]) }
        }
        second.close()
        first.append(contentsOf: &second)
        first.close()
        return first
    }

    static func written(_ write: ((UnsafeRawBufferPointer) -> Void) -> Void) -> String {
        var bytes: [UInt8] = []
        write { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("text: warnings, nudges grouped by recruiter and hiring manager, notes, as one pass over the items gives")
    func text() {
        let queue = Self.queue()
        let items = Array(queue)
        #expect(items.count > 4_096, "at least three runs")
        for colour in [false, true] {
            let text = QueueText(colour: colour)
            let streamed = Self.written { text.write(queue, asOf: Self.asOf, scopeNote: " · kim", to: $0) }
            #expect(streamed == Self.onePassText(text, items, scopeNote: " · kim"), "colour \(colour)")
        }
        var empty = QueueItems(asOf: Self.asOf)
        empty.close()
        #expect(Self.written { QueueText(colour: false).write(empty, asOf: Self.asOf, scopeNote: "", to: $0) }
            == "Follow-up queue for 2026-11-20 (Friday): 0 items\n\nNothing is due. Nobody needs a nudge today.\n")
    }

    @Test("CSV and ICS: a row or to-do per item in the queue's order, between the header and the end")
    func csvAndCalendar() {
        let queue = Self.queue()
        let items = Array(queue)
        let csv = ([QueueCSV.header.joined(separator: ",")] + items.map(QueueCSV.row)).joined(separator: "\r\n") + "\r\n"
        #expect(Self.written { QueueCSV.write(queue, to: $0) } == csv)
        let stamp = "20261120T000000Z"
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//recruit//follow-up queue//EN", "CALSCALE:GREGORIAN",
                     "X-WR-CALNAME:recruit queue 2026-11-20"]
        for item in items { lines += QueueCalendar.toDo(item, stamp: stamp) }
        lines.append("END:VCALENDAR")
        let calendar = lines.map(QueueCalendar.fold).joined(separator: "\r\n") + "\r\n"
        #expect(Self.written { QueueCalendar.write(queue, asOf: Self.asOf, to: $0) } == calendar)
    }

    /// The text as the command rendered it before it was streamed: the sections filtered from the whole list, the
    /// nudges grouped by the texts themselves (absent ones named as the headings name them).
    static func onePassText(_ text: QueueText, _ items: [Recommendation], scopeNote: String) -> String {
        func bold(_ s: String) -> String { text.colour ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
        func red(_ s: String) -> String { text.colour ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
        var out = [bold("Follow-up queue for \(asOf) (Friday)\(scopeNote): \(items.count) items")]
        let warnings = items.filter { $0.kind == .overContact }
        let nudges = items.filter { $0.kind == .nudge }
        let notes = items.filter { $0.kind == .keepInMind }
        out += ["", red(bold("Over-contact warnings (\(warnings.count))")) + " — contacts that pushed too hard; talk to whoever sent them"]
        for item in warnings { out += text.lines(for: item, indent: "  ") }
        out += ["", bold("Nudges (\(nudges.count))")]
        var groups: [(recruiter: String, managers: [(name: String, items: [Recommendation])])] = []
        for item in nudges {
            let recruiter = item.recruiter ?? "(no recruiter)"
            let manager = "\(item.hiringManager ?? "no hiring manager") at \(item.client)"
            let r = groups.firstIndex { $0.recruiter == recruiter } ?? {
                groups.append((recruiter, []))
                return groups.count - 1
            }()
            let m = groups[r].managers.firstIndex { $0.name == manager } ?? {
                groups[r].managers.append((manager, []))
                return groups[r].managers.count - 1
            }()
            groups[r].managers[m].items.append(item)
        }
        for group in groups {
            out.append("  " + bold(group.recruiter))
            for manager in group.managers {
                let checks = manager.items.filter { $0.actor == .recruiter && [.followUp, .phoneCheck].contains($0.rule) }
                out.append("    \(manager.name)"
                           + (checks.count > 1 ? " — \(checks.count) status checks: send them as one message" : ""))
                for item in manager.items { out += text.lines(for: item, indent: "      ") }
            }
        }
        out += ["", bold("Keep-in-mind notes (\(notes.count))")]
        for item in notes { out += text.lines(for: item, indent: "  ") }
        return out.joined(separator: "\n") + "\n"
    }
}
