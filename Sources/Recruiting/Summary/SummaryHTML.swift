import Foundation
import Mustache
import Policies

/// A client's summary as one self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched), readable
/// on screen and printed on A4 or Letter: `recruit summary --format html`, and the same page in the web workspace.
///
/// The page is the template `Resources/templates/summary.mustache`, which escapes every name, title, id and
/// number it shows (`{{...}}`, with ``HTMLText``); this type only computes the values (words, dates, the chart's
/// coordinates) and never joins strings of HTML.
public struct SummaryHTML: Sendable {
    public init() {}

    public func render(_ summary: ClientSummary) -> String {
        SummaryHTML.template.render(Page(summary))
    }

    /// The bundled template, read once. A template that is missing or does not parse is a defect of the build
    /// itself, caught by the tests that render summaries.
    static let template: MustacheTemplate = {
        guard let url = Bundle.module.url(forResource: "summary", withExtension: "mustache", subdirectory: "templates")
        else { fatalError("recruit's summary template is missing from the Recruiting bundle") }
        HTMLText.register()
        do {
            return try MustacheTemplate(string: String(contentsOf: url, encoding: .utf8))
        } catch {
            fatalError("recruit's summary template does not parse: \(error)")
        }
    }()

    /// One colour per stage, in `Pipeline.stages` order; chosen to stay distinct in greyscale print too.
    static let stageColours = ["#9db4cf", "#3b6ea5", "#e0a030", "#2e8b57", "#b0b0b0", "#d9d9d9"]

    // The template's values. Each is plain text (the template escapes it) or a number; an absent optional is an
    // empty section. Names differ between levels so an absent value never picks up an outer one of the same name.

    struct Page {
        let client: String
        let asOf: String
        let glance: String?
        /// The one line for a client with nothing on record; `nil` otherwise.
        let emptyClient: String?
        let openings: [Opening]
        let filled: Filled?
        let responsivenessNote = SummaryWords.responsivenessNote
        let you: Figure
        let agency: Figure

        init(_ summary: ClientSummary) {
            client = summary.client
            asOf = "\(summary.asOf)"
            glance = SummaryWords.atAGlance(summary)
            emptyClient = summary.openings.isEmpty && summary.filledRoles.isEmpty ? SummaryWords.emptyClient : nil
            openings = summary.openings.map(Opening.init)
            filled = summary.filledRoles.isEmpty ? nil : Filled(roles: summary.filledRoles.map(FilledRow.init))
            let r = summary.responsiveness
            you = Figure(r.clientMedianDays, samples: r.clientSamples)
            agency = Figure(r.agencyMedianDays, samples: r.agencySamples)
        }
    }

    struct Figure {
        let median: String
        let replies: String

        init(_ median: Double?, samples: Int) {
            self.median = median.map(SummaryWords.days) ?? "not enough data"
            replies = SummaryWords.replies(samples)
        }
    }

    struct Opening {
        let id: String
        let title: String
        /// The status as a CSS class (`on_hold`) and in words (`on hold`).
        let status: String
        let statusWords: String
        let daysOpen: String?
        let hiringManager: String?
        /// `nil` when the opening has no candidates yet.
        let chart: Chart?
        /// `nil` for a closed opening with nobody waiting and no recent interview: only its pipeline is shown.
        let details: Details?

        init(_ opening: OpeningSummary) {
            id = opening.id
            title = opening.title
            status = opening.status.rawValue
            statusWords = SummaryWords.status(opening.status)
            daysOpen = SummaryWords.daysOpen(opening)
            hiringManager = opening.hiringManager
            chart = opening.pipeline.total == 0 ? nil : Chart(opening.pipeline)
            let quiet = opening.status == .closed && opening.awaitingDecision.isEmpty && opening.recentInterviews.isEmpty
            details = quiet ? nil : Details(opening)
        }
    }

    /// A horizontal bar per stage, labelled with its count, scaled to the opening's largest stage.
    struct Chart {
        static let rowHeight = 21, labelWidth = 110, barWidth = 440, countWidth = 40

        let width = Chart.labelWidth + Chart.barWidth + Chart.countWidth
        let height: Int
        /// "Submitted: 0, Interviewing: 5, ...", for the chart's label and title.
        let description: String
        let bars: [Bar]

        init(_ pipeline: Pipeline) {
            let stages = pipeline.stages
            height = stages.count * Chart.rowHeight + 4
            description = stages.map { "\($0.label): \($0.count)" }.joined(separator: ", ")
            let largest = max(1, stages.map(\.count).max() ?? 1)
            bars = stages.enumerated().map { index, stage in
                let length = stage.count == 0 ? 0 : max(3, Chart.barWidth * stage.count / largest)
                return Bar(top: index * Chart.rowHeight + 2, label: stage.label, count: stage.count,
                           fill: length == 0 ? nil : Fill(length: length, colour: SummaryHTML.stageColours[index]))
            }
        }
    }

    struct Bar {
        let labelX = Chart.labelWidth - 8
        let barX = Chart.labelWidth
        let trackWidth = Chart.barWidth
        let barHeight = Chart.rowHeight - 6
        let countX = Chart.labelWidth + Chart.barWidth + 8
        let textY: Int
        let barY: Int
        let label: String
        let count: Int
        /// The stage's bar over its track; `nil` when the stage is empty.
        let fill: Fill?

        init(top: Int, label: String, count: Int, fill: Fill?) {
            textY = top + 15
            barY = top + 3
            self.label = label
            self.count = count
            self.fill = fill
        }
    }

    struct Fill {
        let length: Int
        let colour: String
    }

    struct Details {
        let waiting: Waiting?
        let interviews: Interviews?
        let nextSteps: NextSteps?

        init(_ opening: OpeningSummary) {
            waiting = opening.awaitingDecision.isEmpty ? nil : Waiting(rows: opening.awaitingDecision.map(WaitingRow.init))
            interviews = opening.recentInterviews.isEmpty
                ? nil : Interviews(items: opening.recentInterviews.map(InterviewItem.init))
            nextSteps = opening.nextSteps.isEmpty ? nil : NextSteps(steps: opening.nextSteps.map(StepItem.init))
        }
    }

    struct Waiting { let rows: [WaitingRow] }

    struct WaitingRow {
        let candidate: String
        let days: String
        /// "interview 2026-07-27".
        let since: String
        let promise: Promise?

        init(_ item: AwaitingDecision) {
            candidate = item.candidate
            days = SummaryWords.days(item.daysWaiting)
            since = "\(item.since == .interview ? "interview" : "submittal") \(item.waitingSince)"
            promise = item.promisedBy.map { Promise(day: "\($0)", missed: item.promiseMissed) }
        }
    }

    struct Promise {
        let day: String
        let missed: Bool
    }

    struct Interviews { let items: [InterviewItem] }

    struct InterviewItem {
        let date: String
        let candidate: String
        /// " with Ana Ng, Bo Li", or nothing.
        let interviewers: String

        init(_ interview: RecentInterview) {
            date = "\(interview.date)"
            candidate = interview.candidate
            interviewers = SummaryWords.interviewers(interview.interviewers)
        }
    }

    struct NextSteps { let steps: [StepItem] }

    struct StepItem {
        let date: String
        let action: String

        init(_ step: NextStep) {
            date = "\(step.date)"
            action = step.action
        }
    }

    struct Filled { let roles: [FilledRow] }

    struct FilledRow {
        let id: String
        let title: String
        let openedOn: String
        let filledOn: String
        let timeToFill: String
        let hired: String

        init(_ role: FilledRole) {
            id = role.id
            title = role.title
            openedOn = role.openedOn.map { "\($0)" } ?? "—"
            filledOn = role.filledOn.map { "\($0)" } ?? "—"
            timeToFill = role.daysToFill.map(SummaryWords.days) ?? "—"
            hired = role.hired ?? "—"
        }
    }
}
