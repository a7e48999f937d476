import Policies

/// The queue for people: over-contact warnings first, then nudges grouped by recruiter and hiring manager (so the
/// day's nudges to one HM go out as one message), then keep-in-mind notes. Fits an 80-column terminal.
struct QueueText {
    let colour: Bool

    func render(_ items: [Recommendation], asOf: Day, scopeNote: String) -> String {
        var out: [String] = []
        let warnings = items.filter { $0.kind == .overContact }
        let nudges = items.filter { $0.kind == .nudge }
        let notes = items.filter { $0.kind == .keepInMind }
        let count = items.count == 1 ? "1 item" : "\(items.count) items"
        out.append(bold("Follow-up queue for \(asOf) (\(asOf.weekdayName))\(scopeNote): \(count)"))
        if items.isEmpty {
            out.append("")
            out.append("Nothing is due. Nobody needs a nudge today.")
            return out.joined(separator: "\n") + "\n"
        }
        if !warnings.isEmpty {
            out.append("")
            out.append(red(bold("Over-contact warnings (\(warnings.count))")) + " — contacts that pushed too hard; talk to whoever sent them")
            for item in warnings { out += lines(for: item, indent: "  ") }
        }
        if !nudges.isEmpty {
            out.append("")
            out.append(bold("Nudges (\(nudges.count))"))
            // Group by recruiter, then by client and hiring manager, keeping the queue's order inside groups.
            var recruiters: [String] = []
            var byRecruiter: [String: [Recommendation]] = [:]
            for item in nudges {
                let key = item.recruiter ?? "(no recruiter)"
                if byRecruiter[key] == nil { recruiters.append(key) }
                byRecruiter[key, default: []].append(item)
            }
            for recruiter in recruiters {
                out.append("  " + bold(recruiter))
                var managers: [String] = []
                var byManager: [String: [Recommendation]] = [:]
                for item in byRecruiter[recruiter]! {
                    let key = "\(item.hiringManager ?? "no hiring manager") at \(item.client)"
                    if byManager[key] == nil { managers.append(key) }
                    byManager[key, default: []].append(item)
                }
                for manager in managers {
                    let group = byManager[manager]!
                    let recruiterNudges = group.filter { $0.actor == .recruiter && ($0.rule == .followUp || $0.rule == .phoneCheck) }.count
                    let together = recruiterNudges > 1 ? " — \(recruiterNudges) status checks: send them as one message" : ""
                    out.append("    \(manager)\(together)")
                    for item in group { out += lines(for: item, indent: "      ") }
                }
            }
        }
        if !notes.isEmpty {
            out.append("")
            out.append(bold("Keep-in-mind notes (\(notes.count))"))
            for item in notes { out += lines(for: item, indent: "  ") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func lines(for item: Recommendation, indent: String) -> [String] {
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
