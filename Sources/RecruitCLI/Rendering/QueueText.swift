import Policies
import Recruiting

/// The queue for people: over-contact warnings first, then nudges grouped by recruiter and hiring manager (so the
/// day's nudges to one HM go out as one message), then keep-in-mind notes. Fits an 80-column terminal.
struct QueueText: Sendable {
    let colour: Bool

    /// Writes the queue in chunks. One pass over the items' outlines sorts them into the sections and the nudges'
    /// groups (keeping only each item's place); the items are then rendered in parallel runs, so memory holds those
    /// places and a few runs, not the whole text, however large the queue.
    func write(_ queue: QueueItems, asOf: Day, scopeNote: String,
               to output: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var warnings: [QueueItems.Place] = []
        var notes: [QueueItems.Place] = []
        var groups = NudgeGroups(queue)
        for place in queue.places {
            let outline = queue.outline(place)
            switch outline.kind {
            case .overContact: warnings.append(place)
            case .keepInMind: notes.append(place)
            case .nudge: groups.add(place, outline)
            }
        }
        let total = warnings.count + groups.count + notes.count
        var blocks = Blocks()
        blocks.line(bold("Follow-up queue for \(asOf) (\(asOf.weekdayName))\(scopeNote): "
                         + (total == 1 ? "1 item" : "\(total) items")))
        if total == 0 {
            blocks.line("")
            blocks.line("Nothing is due. Nobody needs a nudge today.")
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
                    let together = manager.recruiterNudges > 1
                        ? " — \(manager.recruiterNudges) status checks: send them as one message" : ""
                    blocks.line("    \(manager.name)\(together)")
                    blocks.items(manager.places, indent: 6)
                }
            }
        }
        if !notes.isEmpty {
            blocks.line("")
            blocks.line(bold("Keep-in-mind notes (\(notes.count))"))
            blocks.items(notes, indent: 2)
        }
        let text = self
        try queue.write(blocks, rendering: { item, indent, out in
            for line in text.lines(for: item, indent: String(repeating: " ", count: indent)) {
                out.append(contentsOf: line.utf8)
                out.append(0x0A)
            }
        }, to: output)
    }

    /// The nudges by recruiter, then by hiring manager at client, each group in the order its first nudge comes.
    private struct NudgeGroups {
        struct Manager {
            let name: String
            var places: [QueueItems.Place] = []
            /// The group's recruiter follow-ups and phone checks: several go out as one message.
            var recruiterNudges = 0
        }

        struct ManagerKey: Hashable {
            let hiringManager: QueueItems.TextID
            let client: QueueItems.TextID
        }

        struct Recruiter {
            let name: String
            var managers: [Manager] = []
            /// Each manager group's place in `managers`, by its texts' numbers and by its name (two numbers can
            /// name one group: an absent HM and one called "no hiring manager").
            var managerByIDs: [ManagerKey: Int] = [:]
            var managerByName: [String: Int] = [:]
        }

        let queue: QueueItems
        private(set) var recruiters: [Recruiter] = []
        private var recruiterByID: [QueueItems.TextID: Int] = [:]
        private var recruiterByName: [String: Int] = [:]
        private(set) var count = 0

        init(_ queue: QueueItems) { self.queue = queue }

        mutating func add(_ place: QueueItems.Place, _ outline: QueueItems.Outline) {
            count += 1
            let r: Int
            if let known = recruiterByID[outline.recruiter] {
                r = known
            } else {
                let name = queue.text(outline.recruiter) ?? "(no recruiter)"
                if let named = recruiterByName[name] {
                    r = named
                } else {
                    r = recruiters.count
                    recruiters.append(Recruiter(name: name))
                    recruiterByName[name] = r
                }
                recruiterByID[outline.recruiter] = r
            }
            let ids = ManagerKey(hiringManager: outline.hiringManager, client: outline.client)
            let m: Int
            if let known = recruiters[r].managerByIDs[ids] {
                m = known
            } else {
                let name = "\(queue.text(outline.hiringManager) ?? "no hiring manager") at \(queue.text(outline.client) ?? "")"
                if let named = recruiters[r].managerByName[name] {
                    m = named
                } else {
                    m = recruiters[r].managers.count
                    recruiters[r].managers.append(Manager(name: name))
                    recruiters[r].managerByName[name] = m
                }
                recruiters[r].managerByIDs[ids] = m
            }
            recruiters[r].managers[m].places.append(place)
            if outline.actor == .recruiter && (outline.rule == .followUp || outline.rule == .phoneCheck) {
                recruiters[r].managers[m].recruiterNudges += 1
            }
        }
    }

    /// The text as lines and runs of items, handed to `QueueItems.write` one piece at a time (an item's tag is
    /// its indent).
    private struct Blocks: Sequence {
        private enum Block {
            case bytes([UInt8])
            case items([QueueItems.Place], indent: Int)
        }

        private var blocks: [Block] = []

        mutating func line(_ text: String) { blocks.append(.bytes(Array(text.utf8) + [0x0A])) }

        mutating func items(_ places: [QueueItems.Place], indent: Int) { blocks.append(.items(places, indent: indent)) }

        func makeIterator() -> AnyIterator<QueueItems.Piece> {
            var block = 0, item = 0
            return AnyIterator {
                while block < blocks.count {
                    switch blocks[block] {
                    case .bytes(let bytes):
                        block += 1
                        return .bytes(bytes)
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

    func lines(for item: Recommendation, indent: String) -> [String] {
        let who = item.candidate ?? item.hiringManager ?? item.client
        let place = item.opening.map { " · \($0)" } ?? ""
        var status = "due \(item.due)"
        if let deadline = item.deadline, deadline != item.due { status += ", by \(deadline)" }
        let flag = item.overdue ? yellow(" OVERDUE") : ""
        let head = "\(indent)\(item.rule.rawValue.padded(16)) \(who)\(place)"
        var result = [head, "\(indent)  \(item.actor.rawValue) · \(status)\(flag)"]
        result += wrap(item.reason.description, width: 80 - indent.count - 2).map { "\(indent)  " + dim($0) }
        return result
    }

    private func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    private func bold(_ s: String) -> String { colour ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    private func red(_ s: String) -> String { colour ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    private func yellow(_ s: String) -> String { colour ? "\u{1B}[33m\(s)\u{1B}[0m" : s }
    private func dim(_ s: String) -> String { colour ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

extension Day {
    var weekdayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday.rawValue - 1]
    }
}
