import Policies
import Recruiting

/// The HTML summary renderer as it was before the page moved to a mustache template (Sources/Recruiting/Summary/
/// SummaryHTML.swift): kept here, in the tests only, as the reference the template's output must match byte for
/// byte (SummaryHTMLTests). Not used by recruit itself.
struct ReferenceSummaryHTML {
    /// Escapes text for HTML element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// One colour per stage, in `Pipeline.stages` order; chosen to stay distinct in greyscale print too.
    static let stageColours = ["#9db4cf", "#3b6ea5", "#e0a030", "#2e8b57", "#b0b0b0", "#d9d9d9"]

    // No `size` in @page: the browser's paper (A4 or Letter) is used, and the content fits either's width.
    static let style = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
               color: #1d2733; background: #fff; margin: 0 auto; padding: 24px 28px; max-width: 900px; }
        header { border-bottom: 3px solid #3b6ea5; margin-bottom: 18px; padding-bottom: 8px; }
        h1 { font-size: 24px; margin: 0; }
        .asof { color: #5a6878; margin: 2px 0 0; }
        .glance { font-weight: 600; margin: 0 0 16px; }
        h2 { font-size: 18px; margin: 0 0 4px; }
        h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #5a6878; margin: 14px 0 4px; }
        .opening { border: 1px solid #d5dce4; border-radius: 6px; padding: 14px 16px; margin: 0 0 16px;
                   break-inside: avoid; page-break-inside: avoid; }
        .meta { color: #5a6878; margin: 0 0 8px; }
        .badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600;
                 background: #e6eef7; color: #2b5585; }
        .badge.on_hold { background: #fff3d6; color: #8a5a00; }
        .badge.closed { background: #eee; color: #555; }
        .chart { display: block; width: 100%; max-width: 620px; height: auto; }
        table { border-collapse: collapse; width: 100%; margin: 2px 0 4px; }
        th, td { text-align: left; padding: 4px 8px 4px 0; border-bottom: 1px solid #e6eaef; vertical-align: top; }
        th { font-size: 12px; color: #5a6878; font-weight: 600; }
        td.num { white-space: nowrap; }
        .passed { color: #b3261e; font-weight: 700; }
        ul { margin: 2px 0; padding-left: 20px; }
        .none { color: #5a6878; margin: 2px 0; }
        section.block { break-inside: avoid; page-break-inside: avoid; margin-top: 20px; }
        .figures { display: flex; gap: 16px; flex-wrap: wrap; }
        .figure { border: 1px solid #d5dce4; border-radius: 6px; padding: 10px 14px; min-width: 220px; }
        .figure b { display: block; font-size: 22px; }
        footer { color: #5a6878; font-size: 12px; margin-top: 22px; }
        @page { margin: 14mm 12mm; }
        @media print {
          body { font-size: 10.5pt; max-width: none; padding: 0; }
          .opening, .figure { border-color: #999; }
          /* A smaller chart and tighter rows on paper; the labels stay about 9pt. */
          .opening { padding: 8px 12px; margin-bottom: 10px; }
          .chart { max-width: 140mm; }
          h3 { margin-top: 8px; }
          th, td { padding: 2px 8px 2px 0; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """

    func render(_ summary: ClientSummary) -> String {
        let e = ReferenceSummaryHTML.escape
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(summary.client)): status summary as of \(summary.asOf)</title>
            <style>
            \(ReferenceSummaryHTML.style)
            </style>
            </head>
            <body>
            <header><h1>\(e(summary.client))</h1><p class="asof">Status summary as of \(summary.asOf)</p></header>

            """
        if let glance = SummaryWords.atAGlance(summary) { out += "<p class=\"glance\">\(e(glance))</p>\n" }
        if summary.openings.isEmpty && summary.filledRoles.isEmpty {
            out += "<p class=\"none\">\(e(SummaryWords.emptyClient))</p>\n"
        }
        for opening in summary.openings { out += renderOpening(opening) }
        if !summary.filledRoles.isEmpty {
            out += "<section class=\"block\"><h2>Filled roles</h2>\n<table><tr><th>Opening</th><th>Opened</th>"
            out += "<th>Filled</th><th>Time to fill</th><th>Hired</th></tr>\n"
            for role in summary.filledRoles {
                out += "<tr><td>\(e(role.id)) · \(e(role.title))</td><td class=\"num\">\(role.openedOn.map { "\($0)" } ?? "—")</td>"
                out += "<td class=\"num\">\(role.filledOn.map { "\($0)" } ?? "—")</td>"
                out += "<td class=\"num\">\(role.daysToFill.map(SummaryWords.days) ?? "—")</td>"
                out += "<td>\(role.hired.map(e) ?? "—")</td></tr>\n"
            }
            out += "</table></section>\n"
        }
        let r = summary.responsiveness
        out += """
            <section class="block"><h2>Responsiveness</h2>
            <p class="meta">Median \(SummaryWords.responsivenessNote).</p>
            <div class="figures">
            <div class="figure">You<b>\(r.clientMedianDays.map(SummaryWords.days) ?? "not enough data")</b>\(replies(r.clientSamples))</div>
            <div class="figure">Across our clients<b>\(r.agencyMedianDays.map(SummaryWords.days) ?? "not enough data")</b>\(replies(r.agencySamples))</div>
            </div></section>
            <footer>Prepared by your recruiting agency. Dates are YYYY-MM-DD.</footer>
            </body>
            </html>

            """
        return out
    }

    private func replies(_ n: Int) -> String { n == 1 ? "1 reply" : "\(n) replies" }

    private func renderOpening(_ opening: OpeningSummary) -> String {
        let e = ReferenceSummaryHTML.escape
        var out = "<section class=\"opening\">\n"
        out += "<h2>\(e(opening.title)) <span class=\"badge \(opening.status.rawValue)\">"
        out += "\(SummaryWords.status(opening.status))</span></h2>\n"
        out += "<p class=\"meta\">\(e(opening.id))\(SummaryWords.daysOpen(opening).map { " · " + $0 } ?? "")"
        if let manager = opening.hiringManager { out += " · hiring manager \(e(manager))" }
        out += "</p>\n<h3>Pipeline</h3>\n"
        out += opening.pipeline.total == 0 ? "<p class=\"none\">No candidates yet.</p>\n" : chart(opening)
        if opening.status == .closed && opening.awaitingDecision.isEmpty && opening.recentInterviews.isEmpty {
            return out + "</section>\n"
        }
        out += "<h3>Waiting on your decision</h3>\n"
        if opening.awaitingDecision.isEmpty {
            out += "<p class=\"none\">Nobody.</p>\n"
        } else {
            out += "<table><tr><th>Candidate</th><th>Waiting</th><th>Since</th><th>Decision promised by</th></tr>\n"
            for item in opening.awaitingDecision {
                out += "<tr><td>\(e(item.candidate))</td><td class=\"num\">\(SummaryWords.days(item.daysWaiting))</td>"
                out += "<td>\(item.since == .interview ? "interview" : "submittal") \(item.waitingSince)</td><td class=\"num\">"
                if let promise = item.promisedBy {
                    out += item.promiseMissed ? "<span class=\"passed\">\(promise) (passed)</span>" : "\(promise)"
                } else {
                    out += "—"
                }
                out += "</td></tr>\n"
            }
            out += "</table>\n"
        }
        out += "<h3>Interviews in the last 14 days</h3>\n"
        if opening.recentInterviews.isEmpty {
            out += "<p class=\"none\">None.</p>\n"
        } else {
            out += "<ul>\n"
            for interview in opening.recentInterviews {
                out += "<li>\(interview.date): \(e(interview.candidate))\(e(SummaryWords.interviewers(interview.interviewers)))</li>\n"
            }
            out += "</ul>\n"
        }
        if !opening.nextSteps.isEmpty {
            out += "<h3>Our next steps</h3>\n<ul>\n"
            for step in opening.nextSteps { out += "<li>\(step.date): \(e(step.action))</li>\n" }
            out += "</ul>\n"
        }
        return out + "</section>\n"
    }

    /// A horizontal bar per stage, labelled with its count, scaled to the opening's largest stage.
    private func chart(_ opening: OpeningSummary) -> String {
        let stages = opening.pipeline.stages
        let rowHeight = 21, labelWidth = 110, barWidth = 440, countWidth = 40
        let width = labelWidth + barWidth + countWidth
        let height = stages.count * rowHeight + 4
        let largest = max(1, stages.map(\.count).max() ?? 1)
        let description = stages.map { "\($0.label): \($0.count)" }.joined(separator: ", ")
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" "
        svg += "width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"Pipeline: \(description)\">\n"
        svg += "<title>Pipeline of \(ReferenceSummaryHTML.escape(opening.id)): \(description)</title>\n"
        for (index, stage) in stages.enumerated() {
            let y = index * rowHeight + 2
            let length = stage.count == 0 ? 0 : max(3, barWidth * stage.count / largest)
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\" font-size=\"13\" fill=\"#1d2733\">\(stage.label)</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(barWidth)\" height=\"\(rowHeight - 6)\" fill=\"#f1f4f8\"/>"
            if length > 0 {
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"\(rowHeight - 6)\" "
                svg += "fill=\"\(ReferenceSummaryHTML.stageColours[index])\" stroke=\"#1d2733\" stroke-opacity=\".25\"/>"
            }
            svg += "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 15)\" font-size=\"13\" font-weight=\"600\" "
            svg += "fill=\"#1d2733\">\(stage.count)</text>\n"
        }
        return svg + "</svg>\n"
    }
}
