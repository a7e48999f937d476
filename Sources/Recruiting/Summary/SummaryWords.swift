import Foundation
import Policies

/// Words and numbers shared by the summary's renderings, so text, Markdown and HTML say the same thing.
public enum SummaryWords {
    /// "1 day", "2 days".
    public static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }

    /// A median in days: "2 days", "2.5 days".
    public static func days(_ value: Double) -> String {
        let whole = value.rounded() == value
        let number = whole ? String(Int(value)) : String(format: "%.1f", value)
        return value == 1 ? "1 day" : "\(number) days"
    }

    public static func status(_ status: OpeningStatus) -> String {
        switch status {
        case .open: return "open"
        case .onHold: return "on hold"
        case .filled: return "filled"
        case .closed: return "closed"
        }
    }

    /// "158 days open", "12 days open (since we recorded it)", "days open —" when unknown; `nil` for a closed
    /// opening, whose close date is not recorded.
    public static func daysOpen(_ opening: OpeningSummary) -> String? {
        if opening.status == .closed { return nil }
        guard let open = opening.daysOpen else { return "days open —" }
        return days(open) + " open" + (opening.openedOnRecorded ? " (since we recorded it)" : "")
    }

    /// The stages with candidates, e.g. "5 interviewing, 1 not selected"; "no candidates yet".
    public static func pipeline(_ pipeline: Pipeline) -> String {
        let parts = pipeline.stages.filter { $0.count > 0 }.map { "\($0.count) \($0.label.lowercased())" }
        if parts.isEmpty { return "no candidates yet" }
        let total = pipeline.total == 1 ? "1 candidate" : "\(pipeline.total) candidates"
        return parts.joined(separator: ", ") + " (\(total))"
    }

    /// "116 days since the interview on 2026-07-27".
    public static func waiting(_ item: AwaitingDecision) -> String {
        "\(days(item.daysWaiting)) since the \(item.since == .interview ? "interview" : "submittal") on \(item.waitingSince)"
    }

    public static func interviewers(_ names: [String]) -> String {
        names.isEmpty ? "" : " with " + names.joined(separator: ", ")
    }

    /// "Your median reply: 2 days (3 replies)" or "not enough data (2 replies)".
    public static func median(_ value: Double?, samples: Int) -> String {
        let count = replies(samples)
        guard let value else { return "not enough data (\(count))" }
        return "\(days(value)) (\(count))"
    }

    /// "1 reply", "3 replies".
    public static func replies(_ n: Int) -> String { n == 1 ? "1 reply" : "\(n) replies" }

    public static let responsivenessNote =
        "days from an interview or a follow-up to your reply, over the replies received"

    /// "4 openings · 21 candidates waiting on your decision (16 past the promised date) · 6 interviews in the last 14 days".
    public static func atAGlance(_ summary: ClientSummary) -> String? {
        let g = summary.atAGlance
        guard g.openings > 0 else { return nil }
        var parts = [g.openings == 1 ? "1 opening" : "\(g.openings) openings"]
        var waiting = g.waiting == 1 ? "1 candidate waiting on your decision" : "\(g.waiting) candidates waiting on your decision"
        if g.promisesPassed > 0 { waiting += " (\(g.promisesPassed) past the promised date)" }
        parts.append(waiting)
        parts.append(g.recentInterviews == 1 ? "1 interview in the last 14 days" : "\(g.recentInterviews) interviews in the last 14 days")
        return parts.joined(separator: " · ")
    }

    public static let emptyClient = "We have no openings with you on record as of this day."
}

