import Policies
import Recruiting

/// Words and numbers shared by the summary's renderings, so text, Markdown and HTML say the same thing.
enum SummaryWords {
    /// "1 day", "2 days".
    static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }

    /// A median in days: "2 days", "2.5 days".
    static func days(_ value: Double) -> String {
        let whole = value.rounded() == value
        let number = whole ? String(Int(value)) : String(format: "%.1f", value)
        return value == 1 ? "1 day" : "\(number) days"
    }

    static func status(_ status: OpeningStatus) -> String {
        switch status {
        case .open: return "open"
        case .onHold: return "on hold"
        case .filled: return "filled"
        case .closed: return "closed"
        }
    }

    /// "158 days open", "12 days open (since we recorded it)", "days open —" when unknown; `nil` for a closed
    /// opening, whose close date is not recorded.
    static func daysOpen(_ opening: OpeningSummary) -> String? {
        if opening.status == .closed { return nil }
        guard let open = opening.daysOpen else { return "days open —" }
        return days(open) + " open" + (opening.openedOnRecorded ? " (since we recorded it)" : "")
    }

    /// The stages with candidates, e.g. "5 interviewing, 1 not selected"; "no candidates yet".
    static func pipeline(_ pipeline: Pipeline) -> String {
        let parts = pipeline.stages.filter { $0.count > 0 }.map { "\($0.count) \($0.label.lowercased())" }
        if parts.isEmpty { return "no candidates yet" }
        let total = pipeline.total == 1 ? "1 candidate" : "\(pipeline.total) candidates"
        return parts.joined(separator: ", ") + " (\(total))"
    }

    /// "116 days since the interview on 2026-07-27".
    static func waiting(_ item: AwaitingDecision) -> String {
        "\(days(item.daysWaiting)) since the \(item.since == .interview ? "interview" : "submittal") on \(item.waitingSince)"
    }

    static func interviewers(_ names: [String]) -> String {
        names.isEmpty ? "" : " with " + names.joined(separator: ", ")
    }

    /// "Your median reply: 2 days (3 replies)" or "not enough data (2 replies)".
    static func median(_ value: Double?, samples: Int) -> String {
        let count = samples == 1 ? "1 reply" : "\(samples) replies"
        guard let value else { return "not enough data (\(count))" }
        return "\(days(value)) (\(count))"
    }

    static let responsivenessNote =
        "days from an interview or a follow-up to your reply, over the replies received"

    /// "4 openings · 21 candidates waiting on your decision (16 past the promised date) · 6 interviews in the last 14 days".
    static func atAGlance(_ summary: ClientSummary) -> String? {
        let g = summary.atAGlance
        guard g.openings > 0 else { return nil }
        var parts = [g.openings == 1 ? "1 opening" : "\(g.openings) openings"]
        var waiting = g.waiting == 1 ? "1 candidate waiting on your decision" : "\(g.waiting) candidates waiting on your decision"
        if g.promisesPassed > 0 { waiting += " (\(g.promisesPassed) past the promised date)" }
        parts.append(waiting)
        parts.append(g.recentInterviews == 1 ? "1 interview in the last 14 days" : "\(g.recentInterviews) interviews in the last 14 days")
        return parts.joined(separator: " · ")
    }

    static let emptyClient = "We have no openings with you on record as of this day."
}

/// `recruit summary --format text`: plain lines for a terminal or the body of an e-mail. Every stored name and title
/// is put on one line (a line break in a title would break the layout).
struct SummaryText {
    func render(_ summary: ClientSummary) -> String {
        var out = "\(summary.client.onOneLine): status summary as of \(summary.asOf)\n"
        if let glance = SummaryWords.atAGlance(summary) { out += glance + "\n" }
        if summary.openings.isEmpty && summary.filledRoles.isEmpty {
            out += "\n\(SummaryWords.emptyClient)\n"
        }
        for opening in summary.openings {
            out += "\n\(opening.id.onOneLine) · \(opening.title.onOneLine) · \(SummaryWords.status(opening.status))"
            if let open = SummaryWords.daysOpen(opening) { out += " · " + open }
            if let manager = opening.hiringManager { out += " · hiring manager \(manager.onOneLine)" }
            out += "\n  Pipeline: \(SummaryWords.pipeline(opening.pipeline))\n"
            if !opening.awaitingDecision.isEmpty {
                out += "  Waiting on your decision:\n"
                for item in opening.awaitingDecision {
                    out += "    \(item.candidate.onOneLine): \(SummaryWords.waiting(item))"
                    if let promise = item.promisedBy {
                        out += "; decision promised by \(promise)" + (item.promiseMissed ? " (PASSED)" : "")
                    }
                    out += "\n"
                }
            }
            if opening.recentInterviews.isEmpty {
                if opening.status != .closed { out += "  Interviews in the last 14 days: none\n" }
            } else {
                out += "  Interviews in the last 14 days:\n"
                for interview in opening.recentInterviews {
                    out += "    \(interview.date)  \(interview.candidate.onOneLine)"
                    out += SummaryWords.interviewers(interview.interviewers.map(\.onOneLine)) + "\n"
                }
            }
            if !opening.nextSteps.isEmpty {
                out += "  Our next steps:\n"
                for step in opening.nextSteps {
                    out += "    \(step.date)  \(step.action.onOneLine)\n"
                }
            }
        }
        if !summary.filledRoles.isEmpty {
            out += "\nFilled roles\n"
            for role in summary.filledRoles {
                out += "  \(role.id.onOneLine) · \(role.title.onOneLine)"
                if let filled = role.filledOn { out += " · filled \(filled)" }
                if let days = role.daysToFill { out += " · time to fill \(SummaryWords.days(days))" }
                if let hired = role.hired { out += " · hired \(hired.onOneLine)" }
                out += "\n"
            }
        }
        let r = summary.responsiveness
        out += "\nResponsiveness (\(SummaryWords.responsivenessNote))\n"
        out += "  Your median: \(SummaryWords.median(r.clientMedianDays, samples: r.clientSamples))\n"
        out += "  Across our clients: \(SummaryWords.median(r.agencyMedianDays, samples: r.agencySamples))\n"
        return out
    }
}
