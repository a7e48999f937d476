import Foundation
import Policies
@testable import RecruitCLI
@testable import Recruiting
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
        let managers: [String?] = [nil, "no hiring manager", "Ann Lee", "Zoë, \"Z\" Ortiz", "Bo", " Ed\r\nKo; \\x ",
                                   "Li\nMa", "Ed\rKo"]
        let recruiters: [String?] = [nil, "(no recruiter)", "kim@agency.test", "Łukasz", "ann@agency.test"]
        // Reasons to wrap: plain ASCII, names with other letters, a combining accent after a space, doubled
        // spaces and a word longer than a line.
        let interviewers = [["Ann Lee"], ["Zoë Ortiz", "Łukasz  Nowak"], ["e \u{301}clair", "x"], ["Ed\r\nKo;\\", "Li\nMa"],
                            [String(repeating: "long", count: 25), "Bo"]]
        let reasons: [(Day) -> Reason] = [
            { .phoneCheck(lastContact: $0.adding(days: -3), days: 3, due: $0) },
        ] + interviewers.map { names in { .thankYou(interview: $0, interviewers: names, days: 1, deadline: $0) } }
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
                reason: reasons[next(reasons.count)](due),
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

    @Test("a reason wraps at 80 columns counted in characters, whatever letters and spaces it holds")
    func wrapping() {
        for colour in [false, true] {
            let text = QueueText(colour: colour)
            // Names of every length up to a line, so that some line ends exactly at the width: in letters that take
            // two bytes, in letters made of two scalars, and in plain ASCII with doubled spaces.
            for letter in ["é", "e\u{301}", "a", "日"] {
                for length in 0..<80 {
                    let name = String(repeating: letter, count: length)
                    let item = Recommendation(
                        rule: .thankYou, actor: .candidate, candidate: "c@example.com", opening: "JOB-1", client: "Acme",
                        hiringManager: nil, recruiter: nil, due: Self.asOf, deadline: Self.asOf, overdue: false,
                        interest: .warm, reason: .thankYou(interview: Self.asOf, interviewers: [name, "Bo  Li"], days: 1,
                                                           deadline: Self.asOf))
                    for indent in [2, 6] {
                        var bytes: [UInt8] = []
                        text.appendLines(for: item, indent: indent, to: &bytes)
                        let expected = Self.lines(text, item, String(repeating: " ", count: indent))
                        #expect(String(decoding: bytes, as: UTF8.self) == expected.map { $0 + "\n" }.joined(),
                                "\(length) × \(letter), indent \(indent)")
                    }
                }
            }
        }
    }

    @Test("CSV: a row per item in the queue's order after the header, read back field for field by an RFC 4180 reader")
    func csv() {
        let queue = Self.queue()
        let items = Array(queue)
        let rows = Self.csvRows(Self.written { QueueCSV.write(queue, to: $0) })
        #expect(rows.first == QueueCSV.header)
        #expect(rows.count == items.count + 1)
        for (row, item) in zip(rows.dropFirst(), items) {
            // No names in this in-memory queue: the name and title columns are empty.
            let fields = [item.kind.rawValue, item.rule.rawValue, item.actor.rawValue, item.candidate ?? "", "",
                          item.opening ?? "", "", item.client, item.hiringManager ?? "", item.recruiter ?? "",
                          item.due.description, item.deadline?.description ?? "", item.overdue ? "true" : "false",
                          item.reason.description]
            #expect(row == fields)
            if row != fields { break }
        }
    }

    @Test("ICS: a to-do per item in the queue's order, lines folded within 75 octets, never inside a UTF-8 sequence, text escaped")
    func calendar() {
        let queue = Self.queue()
        let items = Array(queue)
        let raw = Array(Self.written { QueueCalendar.write(queue, asOf: Self.asOf, to: $0) }.utf8)
        var physical: [[UInt8]] = []
        var line: [UInt8] = []
        for (index, byte) in raw.enumerated() {
            if byte == 0x0A {
                #expect(index > 0 && raw[index - 1] == 0x0D, "every line ends in CRLF")
                physical.append(Array(line.dropLast()))
                line = []
            } else {
                line.append(byte)
            }
        }
        #expect(line.isEmpty)
        #expect(physical.allSatisfy { $0.count <= 75 }, "folded at 75 octets")
        #expect(physical.allSatisfy { String(validatingUTF8: $0.map { CChar(bitPattern: $0) } + [0]) != nil },
                "no line splits a character")
        // Unfolded: a continuation line starts with a space.
        var lines: [String] = []
        for bytes in physical {
            if bytes.first == 0x20, !lines.isEmpty {
                lines[lines.count - 1] += String(decoding: bytes.dropFirst(), as: UTF8.self)
            } else {
                lines.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        #expect(Array(lines.prefix(2)) == ["BEGIN:VCALENDAR", "VERSION:2.0"])
        #expect(lines.last == "END:VCALENDAR")
        func unescape(_ value: Substring) -> String {
            var out = "", escaped = false
            for ch in value {
                if escaped {
                    out.append(ch == "n" ? "\n" : ch)
                    escaped = false
                } else if ch == "\\" {
                    escaped = true
                } else {
                    #expect(ch != ";" && ch != ",", "TEXT escapes semicolons and commas: \(value)")
                    out.append(ch)
                }
            }
            return out
        }
        let summaries = lines.filter { $0.hasPrefix("SUMMARY:") }.map { unescape($0.dropFirst(8)) }
        let descriptions = lines.filter { $0.hasPrefix("DESCRIPTION:") }.map { unescape($0.dropFirst(12)) }
        #expect(summaries.count == items.count && descriptions.count == items.count)
        for (index, item) in items.enumerated() where index < summaries.count && index < descriptions.count {
            let who = item.candidate.map { "\($0) / \(item.opening ?? "")" } ?? item.hiringManager ?? item.client
            let expected = ("\(item.rule.rawValue) (\(item.actor.rawValue)): \(who)", item.reason.description)
            // CR LF and LF read back as one line feed; a lone CR is left out.
            func breaks(_ text: String) -> String { text.replacingOccurrences(of: "\r", with: "") }
            #expect(summaries[index] == breaks(expected.0) && descriptions[index] == breaks(expected.1), "item \(index)")
            if summaries[index] != breaks(expected.0) || descriptions[index] != breaks(expected.1) { break }
        }
    }

    @Test("CSV fields: quoted exactly when they hold a comma, a quote, CR or LF, or start or end with a space")
    func csvFields() {
        let cases: [(String, String)] = [
            ("plain", "plain"), ("", ""), (" lead", "\" lead\""), ("trail ", "\"trail \""), ("in side", "in side"),
            ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("a\rb", "\"a\rb\""), ("a\nb", "\"a\nb\""),
            ("a\r\nb", "\"a\r\nb\""), ("a,\u{301}b", "\"a,\u{301}b\""), ("Zoë", "Zoë"),
        ]
        for (field, expected) in cases {
            var bytes: [UInt8] = []
            QueueCSV.appendField(field, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == expected, "\(field.debugDescription)")
        }
    }

    @Test("ICS: one item's to-do byte for byte, its UID stable, long lines folded at 75 and then 74 octets")
    func calendarToDo() {
        let item = Recommendation(
            rule: .followUp, actor: .recruiter, candidate: "ana.ng@example.com", opening: "ACME-1042", client: "Acme",
            hiringManager: "Dana Cho", recruiter: "sam@agency.test", due: Self.asOf, deadline: nil, overdue: true,
            interest: .top, reason: .phoneCheck(lastContact: Day("2026-11-17")!, days: 3, due: Self.asOf))
        var bytes: [UInt8] = []
        QueueCalendar.appendToDo(item, stamp: "20261120T000000Z", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == [
            // The UID (FNV-1a of rule, candidate, opening, client, HM and due day) must not change between versions,
            // or a re-exported calendar would add copies of every to-do.
            "BEGIN:VTODO", "UID:164246aae3b58beb@recruit", "DTSTAMP:20261120T000000Z", "DTSTART;VALUE=DATE:20261120",
            "DUE;VALUE=DATE:20261121", "SUMMARY:follow-up (recruiter): ana.ng@example.com / ACME-1042",
            // 75 octets, then the rest after CRLF and a space.
            "DESCRIPTION:the outbound contact on 2026-11-17 went unanswered\\; 3 days lat\r\n er is 2026-11-20: call",
            "CATEGORIES:nudge", "PRIORITY:3", "STATUS:NEEDS-ACTION", "END:VTODO", "",
        ].joined(separator: "\r\n"))
        var folded: [UInt8] = []
        QueueCalendar.appendLine(Array(String(repeating: "x", count: 200).utf8), to: &folded)
        #expect(String(decoding: folded, as: UTF8.self) == String(repeating: "x", count: 75) + "\r\n "
            + String(repeating: "x", count: 74) + "\r\n " + String(repeating: "x", count: 51) + "\r\n")
        // A two-byte letter across the 75th octet goes whole to the next line.
        folded = []
        QueueCalendar.appendLine(Array((String(repeating: "x", count: 74) + "éy").utf8), to: &folded)
        #expect(String(decoding: folded, as: UTF8.self) == String(repeating: "x", count: 74) + "\r\n éy\r\n")
    }

    /// RFC 4180: fields split at commas, rows at CRLF; a quoted field may hold commas, line breaks and doubled quotes.
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return scalars.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    let following = next()
                    if following == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = following }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" && field.isEmpty {
                quoted = true
            } else if scalar == "," {
                row.append(field)
                field = ""
            } else if scalar == "\r" {
                let following = next()
                #expect(following == "\n", "a bare CR outside quotes")
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        #expect(row.isEmpty && field.isEmpty, "the last row ends in CRLF")
        return rows
    }

    /// An item's lines as the command rendered them before it wrote bytes.
    static func lines(_ text: QueueText, _ item: Recommendation, _ indent: String) -> [String] {
        let who = item.candidate ?? item.hiringManager ?? item.client
        let place = item.opening.map { " · \($0)" } ?? ""
        var status = "due \(item.due)"
        if let deadline = item.deadline, deadline != item.due { status += ", by \(deadline)" }
        let flag = item.overdue ? (text.colour ? "\u{1B}[33m OVERDUE\u{1B}[0m" : " OVERDUE") : ""
        var result = ["\(indent)\(item.rule.rawValue.padded(16)) \(who)\(place)", "\(indent)  \(item.actor.rawValue) · \(status)\(flag)"]
        var lines: [String] = []
        var line = ""
        for word in item.reason.description.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > 80 - indent.count - 2 {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        result += lines.map { "\(indent)  " + (text.colour ? "\u{1B}[2m\($0)\u{1B}[0m" : $0) }
        return result
    }

    /// The text as the command rendered it before it was streamed: the sections filtered from the whole list, the
    /// nudges grouped by the texts themselves (absent ones named as the headings name them).
    /// A word a POSIX shell reads back as it is: left bare when made of letters, digits and `@%+=:,./_-` only.
    static func shellQuoted(_ word: String) -> String {
        let bare = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-")
        if !word.isEmpty && word.unicodeScalars.allSatisfy(bare.contains) { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    @Test("the text queue's log command quotes every candidate and opening so that a shell reads them back exactly")
    func shellWords() throws {
        let words = ["ana.ng@example.com", "JOB-1", "o'brien@example.com", "has space", "$(rm -rf x)", "`id`", "a\"b", "",
                     "semi;colon", "new\nline", "Çelik", "*", "~user", "back\\slash", "'", "''"]
        let script = words.map { "printf '%s\\0' " + QueueText.shellWord($0) }.joined(separator: "\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let back = String(decoding: data, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false).dropLast()
        #expect(back.map(String.init) == words)
        #expect(QueueText.shellWord("ana.ng@example.com") == "ana.ng@example.com")
    }

    static func onePassText(_ text: QueueText, _ items: [Recommendation], scopeNote: String) -> String {
        func bold(_ s: String) -> String { text.colour ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
        func red(_ s: String) -> String { text.colour ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
        var out = [bold("Follow-up queue for \(asOf) (Friday)\(scopeNote): \(items.count) items")]
        let warnings = items.filter { $0.kind == .overContact }
        let nudges = items.filter { $0.kind == .nudge }
        let notes = items.filter { $0.kind == .keepInMind }
        out += ["", red(bold("Over-contact warnings (\(warnings.count))")) + " — contacts that pushed too hard; talk to whoever sent them"]
        for item in warnings { out += lines(text, item, "  ") }
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
                for item in manager.items { out += lines(text, item, "      ") }
                if checks.count > 1 {
                    let calls = checks.allSatisfy { $0.rule == .phoneCheck }
                    out.append("      then log it as one message:")
                    out.append("        recruit log --type "
                               + (calls ? "phone_check --by recruiter --channel phone" : "follow_up --by recruiter --channel email") + " \\")
                    for (index, check) in checks.enumerated() {
                        out.append("          --candidate \(shellQuoted(check.candidate!)) --opening \(shellQuoted(check.opening!))"
                                   + (index < checks.count - 1 ? " \\" : ""))
                    }
                }
            }
        }
        out += ["", bold("Keep-in-mind notes (\(notes.count))")]
        for item in notes { out += lines(text, item, "  ") }
        return out.joined(separator: "\n") + "\n"
    }
}
