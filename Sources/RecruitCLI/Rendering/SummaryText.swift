import Policies
import Recruiting

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
