import Policies
import Recruiting

/// `recruit summary --format md`: Markdown to paste into an e-mail or a shared document.
///
/// Every name and title goes through ``escape(_:)``: a client, opening or candidate name can hold any character,
/// and Markdown renders inline HTML, so `<script>` must arrive as text.
struct SummaryMarkdown {
    /// Escapes text for Markdown: `<` and `>` as entities (so no HTML gets through); the characters that start
    /// emphasis, links, code, headings and table cells with a backslash; line breaks as spaces. An `&` stays as it
    /// is (Markdown prints a lone one as written: "R&D"), backslashed only where it would start an entity
    /// (`&copy;`, `&#169;`).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        let characters = Array(text)
        for (index, ch) in characters.enumerated() {
            switch ch {
            case "&":
                if startsEntity(characters[(index + 1)...]) { out.append("\\") }
                out.append(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "(", ")", "#", "|", "~", "!", "{", "}":
                out.append("\\"); out.append(ch)
            case "\n", "\r", "\r\n": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }

    /// Whether the characters after an `&` make it an entity reference: `#` and digits, or letters and digits,
    /// then `;`.
    private static func startsEntity(_ rest: ArraySlice<Character>) -> Bool {
        var name = rest.prefix { $0 != ";" && ($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#")) }
        guard !name.isEmpty, rest.dropFirst(name.count).first == ";" else { return false }
        if name.first == "#" { name = name.dropFirst() }
        return !name.isEmpty
    }

    func render(_ summary: ClientSummary) -> String {
        let e = SummaryMarkdown.escape
        var out = "# \(e(summary.client)): status summary\n\nAs of \(summary.asOf).\n"
        if let glance = SummaryWords.atAGlance(summary) { out += "\n**\(glance)**\n" }
        if summary.openings.isEmpty && summary.filledRoles.isEmpty {
            out += "\n\(SummaryWords.emptyClient)\n"
        }
        for opening in summary.openings {
            out += "\n## \(e(opening.id)) · \(e(opening.title))\n\n"
            out += "- **Status:** \(SummaryWords.status(opening.status))"
            out += SummaryWords.daysOpen(opening).map { ", " + $0 } ?? ""
            out += "\n"
            if let manager = opening.hiringManager { out += "- **Hiring manager:** \(e(manager))\n" }
            out += "- **Pipeline:** \(SummaryWords.pipeline(opening.pipeline))\n"
            if !opening.awaitingDecision.isEmpty {
                out += "\n**Waiting on your decision**\n\n"
                out += "| Candidate | Waiting | Decision promised by |\n|---|---|---|\n"
                for item in opening.awaitingDecision {
                    let promise = item.promisedBy.map { "\($0)" + (item.promiseMissed ? " **(passed)**" : "") } ?? "—"
                    out += "| \(e(item.candidate)) | \(SummaryWords.waiting(item)) | \(promise) |\n"
                }
            }
            if opening.recentInterviews.isEmpty {
                if opening.status != .closed { out += "\n**Interviews in the last 14 days:** none\n" }
            } else {
                out += "\n**Interviews in the last 14 days:**"
                out += "\n\n"
                for interview in opening.recentInterviews {
                    out += "- \(interview.date): \(e(interview.candidate))"
                    out += "\(e(SummaryWords.interviewers(interview.interviewers)))\n"
                }
            }
            if !opening.nextSteps.isEmpty {
                out += "\n**Our next steps**\n\n"
                for step in opening.nextSteps { out += "- \(step.date): \(e(step.action))\n" }
            }
        }
        if !summary.filledRoles.isEmpty {
            out += "\n## Filled roles\n\n| Opening | Filled | Time to fill | Hired |\n|---|---|---|---|\n"
            for role in summary.filledRoles {
                out += "| \(e(role.id)) · \(e(role.title)) | \(role.filledOn.map { "\($0)" } ?? "—") | "
                out += "\(role.daysToFill.map(SummaryWords.days) ?? "—") | \(role.hired.map(e) ?? "—") |\n"
            }
        }
        let r = summary.responsiveness
        out += "\n## Responsiveness\n\nMedian \(SummaryWords.responsivenessNote).\n\n"
        out += "- **You:** \(SummaryWords.median(r.clientMedianDays, samples: r.clientSamples))\n"
        out += "- **Across our clients:** \(SummaryWords.median(r.agencyMedianDays, samples: r.agencySamples))\n"
        return out
    }
}
