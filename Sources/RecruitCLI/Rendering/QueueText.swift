import OrderedCollections
import Policies
import Recruiting

/// The queue for people: over-contact warnings first, then nudges grouped by recruiter and hiring manager (so the
/// day's nudges to one HM go out as one message), then keep-in-mind notes. Fits an 80-column terminal.
struct QueueText: Sendable {
    let colour: Bool

    /// Writes the queue in chunks. One pass over the items' outlines sorts them into the sections and the nudges'
    /// groups (keeping only each item's place); the items are then rendered in parallel runs, so memory holds those
    /// places and a few runs, not the whole text, however large the queue.
    /// `nothingDue`: the lines an empty queue shows. `places`: every item's place in the queue's order when the
    /// caller has them already (``QueueDrafts/writeKeepingOrder(_:drafter:to:workers:)``), else they are found by
    /// merging the queue's items.
    func write(_ queue: QueueItems, places: [QueueItems.Place]? = nil, asOf: Day, scopeNote: String,
               nothingDue: [String] = ["Nothing is due. Nobody needs a nudge today."],
               to output: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var warnings: [QueueItems.Place] = []
        var notes: [QueueItems.Place] = []
        var groups = NudgeGroups(queue)
        func sort(_ place: QueueItems.Place) {
            let outline = queue.outline(place)
            switch outline.kind {
            case .overContact: warnings.append(place)
            case .keepInMind: notes.append(place)
            case .nudge: groups.add(place, outline)
            }
        }
        if let places {
            for place in places { sort(place) }
        } else {
            for place in queue.places { sort(place) }
        }
        let total = warnings.count + groups.count + notes.count
        var blocks = Blocks(queue: queue)
        blocks.line(bold("Follow-up queue for \(asOf) (\(asOf.weekdayName))\(scopeNote): "
                         + (total == 1 ? "1 item" : "\(total) items")))
        if total == 0 {
            blocks.line("")
            for line in nothingDue { blocks.line(line) }
        }
        if !warnings.isEmpty {
            blocks.line("")
            blocks.line(red(bold("Over-contact warnings (\(warnings.count))"))
                        + " — contacts that pushed too hard; talk to whoever sent them")
            blocks.items(warnings, indent: 2)
        }
        if groups.count > 0 {
            blocks.line("")
            blocks.line(bold("Nudges (\(groups.count))"))
            // By recruiter, then by client and hiring manager, in the order each first appears, keeping the
            // queue's order inside groups.
            for recruiter in groups.recruiters {
                blocks.line("  " + bold(recruiter.name))
                for manager in recruiter.managers {
                    let together = manager.statusChecks.count > 1
                        ? " — \(manager.statusChecks.count) status checks: send them as one message" : ""
                    blocks.line("    \(manager.name)\(together)")
                    blocks.items(manager.places, indent: 6)
                    if manager.statusChecks.count > 1 { blocks.logCommand(manager.statusChecks, indent: 6) }
                }
            }
        }
        if !notes.isEmpty {
            blocks.line("")
            blocks.line(bold("Keep-in-mind notes (\(notes.count))"))
            blocks.items(notes, indent: 2)
        }
        let text = self
        try queue.write(blocks, renderingNamed: { item, names, indent, out in
            text.appendLines(for: item, names: names, indent: indent, to: &out)
        }, to: output)
    }

    /// The nudges by recruiter, then by hiring manager at client, each group in the order its first nudge comes.
    private struct NudgeGroups {
        struct Manager {
            let name: String
            var places: [QueueItems.Place] = []
            /// The group's recruiter follow-ups and phone checks: several go out as one message.
            var statusChecks: [QueueItems.Place] = []
        }

        struct ManagerKey: Hashable {
            let hiringManager: QueueItems.TextID
            let client: QueueItems.TextID
        }

        struct Recruiter {
            let name: String
            /// The manager groups by name, in the order each first came.
            var managerGroups: OrderedDictionary<String, Manager> = [:]
            /// Each manager group's place in `managerGroups` by its texts' numbers (two numbers can name one
            /// group: an absent HM and one called "no hiring manager"), so most items skip the names.
            var managerByIDs: [ManagerKey: Int] = [:]
            var managers: OrderedDictionary<String, Manager>.Values { managerGroups.values }
        }

        let queue: QueueItems
        /// The recruiter groups by name, in the order each first came.
        private var groups: OrderedDictionary<String, Recruiter> = [:]
        private var recruiterByID: [QueueItems.TextID: Int] = [:]
        private(set) var count = 0
        var recruiters: OrderedDictionary<String, Recruiter>.Values { groups.values }

        init(_ queue: QueueItems) { self.queue = queue }

        mutating func add(_ place: QueueItems.Place, _ outline: QueueItems.Outline) {
            count += 1
            let r: Int
            if let known = recruiterByID[outline.recruiter] {
                r = known
            } else {
                let name = queue.groupNames(outline).recruiter
                if let named = groups.index(forKey: name) {
                    r = named
                } else {
                    r = groups.count
                    groups[name] = Recruiter(name: name)
                }
                recruiterByID[outline.recruiter] = r
            }
            let ids = ManagerKey(hiringManager: outline.hiringManager, client: outline.client)
            let m: Int
            if let known = groups.values[r].managerByIDs[ids] {
                m = known
            } else {
                let name = queue.groupNames(outline).manager
                if let named = groups.values[r].managerGroups.index(forKey: name) {
                    m = named
                } else {
                    m = groups.values[r].managerGroups.count
                    groups.values[r].managerGroups[name] = Manager(name: name)
                }
                groups.values[r].managerByIDs[ids] = m
            }
            groups.values[r].managerGroups.values[m].places.append(place)
            if outline.isStatusCheck {
                groups.values[r].managerGroups.values[m].statusChecks.append(place)
            }
        }
    }

    /// The text as lines and runs of items, handed to `QueueItems.write` one piece at a time (an item's tag is
    /// its indent).
    private struct Blocks: Sequence {
        private enum Block {
            case bytes([UInt8])
            case items([QueueItems.Place], indent: Int)
            case logCommand([QueueItems.Place], indent: Int)
        }

        let queue: QueueItems
        private var blocks: [Block] = []

        init(queue: QueueItems) { self.queue = queue }

        mutating func line(_ text: String) { blocks.append(.bytes(Array(text.utf8) + [0x0A])) }

        mutating func items(_ places: [QueueItems.Place], indent: Int) { blocks.append(.items(places, indent: indent)) }

        /// The `recruit log` command that records one message settling these status checks; its lines are
        /// made when they are written, so a whole agency's queue holds only the places.
        mutating func logCommand(_ places: [QueueItems.Place], indent: Int) {
            blocks.append(.logCommand(places, indent: indent))
        }

        func makeIterator() -> AnyIterator<QueueItems.Piece> {
            var block = 0, item = 0
            return AnyIterator {
                while block < blocks.count {
                    switch blocks[block] {
                    case .bytes(let bytes):
                        block += 1
                        return .bytes(bytes)
                    case .logCommand(let places, let indent):
                        block += 1
                        return .bytes(QueueText.logCommand(places.map { queue[$0] }, indent: indent))
                    case .items(let places, let indent):
                        if item < places.count {
                            defer { item += 1 }
                            return .item(places[item], tag: indent)
                        }
                        block += 1
                        item = 0
                    }
                }
                return nil
            }
        }
    }

    /// Appends an item's lines (each ending in a newline), `indent` spaces in: the rule and who, by name where the
    /// names are known (the candidate's, the opening's title); the e-mail and opening id that the names stand for
    /// (what `recruit log` takes), the actor and the dates; then the reason wrapped to the 80-column width.
    // Over 60 lines: the text queue's item layout byte by byte (its output is compared byte for byte), kept whole.
    func appendLines(for item: Recommendation, names: QueueItems.Names = .init(candidate: nil, openingTitle: nil),
                     indent: Int, to out: inout [UInt8]) {
        func spaces(_ count: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
        func append(_ text: String) { out.append(contentsOf: text.utf8) }
        let name = item.candidate == nil ? nil : names.candidate?.onOneLine
        let title = item.opening == nil ? nil : names.openingTitle?.onOneLine
        spaces(indent)
        append(item.rule.rawValue.padded(16))
        out.append(UInt8(ascii: " "))
        append(name ?? item.candidate ?? item.hiringManager?.onOneLine ?? item.client.onOneLine)
        if let opening = item.opening {
            append(" · ")
            append(title ?? opening)
        }
        out.append(0x0A)
        spaces(indent + 2)
        if name != nil, let email = item.candidate {
            append(email)
            append(" · ")
        }
        if title != nil, let opening = item.opening {
            append(opening)
            append(" · ")
        }
        append(item.actor.rawValue)
        append(" · due ")
        append(item.due.description)
        if let deadline = item.deadline, deadline != item.due {
            append(", by ")
            append(deadline.description)
        }
        if item.overdue { append(yellow(" OVERDUE")) }
        out.append(0x0A)
        // The reason's words (split at spaces), a space between, in lines of at most 80 columns where a word allows.
        // In printable ASCII (every reason but those naming people with other letters) a byte is a character and
        // the words are split as bytes; otherwise as characters, and a line is counted as one string, as a reader
        // sees it (a combining mark may join the space before it).
        let reason = item.reason.description
        let bytes = Array(reason.utf8)
        let plain = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        let words = plain ? bytes.split(separator: UInt8(ascii: " "))
                          : reason.split(separator: " ").map { ArraySlice($0.utf8) }
        let width = 80 - indent - 2
        var line = words.startIndex, length = 0
        func endLine(_ end: Int) {
            spaces(indent + 2)
            if colour { append("\u{1B}[2m") }
            for index in line..<end {
                if index > line { out.append(UInt8(ascii: " ")) }
                out.append(contentsOf: words[index])
            }
            if colour { append("\u{1B}[0m") }
            out.append(0x0A)
        }
        for index in words.indices {
            let count = plain ? words[index].count : String(decoding: words[index], as: UTF8.self).count
            if index > line {
                let current = plain ? length
                    : String(decoding: Array(words[line..<index].joined(separator: [UInt8(ascii: " ")])), as: UTF8.self).count
                if current + 1 + count > width {
                    endLine(index)
                    line = index
                }
            }
            length = index == line ? count : length + 1 + count
        }
        if line < words.endIndex { endLine(words.endIndex) }
    }

    /// The lines of a `recruit log` command that records one message about these recruiter status checks (one
    /// activity per application, which the HM's weekly cap counts once): a phone call when they are all phone
    /// checks, else an e-mail, which moves every one of their chains on (Precise reading 8).
    static func logCommand(_ items: [Recommendation], indent: Int) -> [UInt8] {
        let calls = items.allSatisfy { $0.rule == .phoneCheck }
        var lines = [String(repeating: " ", count: indent) + "then log it as one message:",
                     String(repeating: " ", count: indent + 2) + "recruit log --type "
                         + (calls ? "phone_check --by recruiter --channel phone" : "follow_up --by recruiter --channel email")]
        for item in items {
            lines[lines.count - 1] += " \\"
            lines.append(String(repeating: " ", count: indent + 4) + "--candidate " + shellWord(item.candidate ?? "")
                         + " --opening " + shellWord(item.opening ?? ""))
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// `word` as one shell word: as it is when it holds only characters no shell treats specially, else in
    /// single quotes.
    static func shellWord(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "@%+=:,./_-".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private func bold(_ s: String) -> String { colour ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    private func red(_ s: String) -> String { colour ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    private func yellow(_ s: String) -> String { colour ? "\u{1B}[33m\(s)\u{1B}[0m" : s }
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

extension Day {
    var weekdayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday.rawValue - 1]
    }
}
