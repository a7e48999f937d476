import ArgumentParser
import Policies
import Recruiting

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "One application's timeline and every rule's verdict on it, including the rules that did not fire.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The candidate's e-mail.", valueName: "email"))
    var candidate: String
    @Option(help: ArgumentHelp("The opening id.", valueName: "id"))
    var opening: String
    @OptionGroup var asOf: AsOfOption

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let policies = try PolicyStore.load(connection)
        let day = asOf.day(timeZone: policies.agency.timeZone)
        let timeline = try applicationTimeline(connection, candidate: candidate, opening: opening, asOf: day)
        let policy = policies.policy(forClient: timeline.opening.client)
        let console = Console.current
        let o = timeline.opening
        console.out("\(timeline.candidate) on \(o.id) at \(o.client) (hiring manager: \(o.hiringManager ?? o.hiringManagerEmail ?? "unknown")), as of \(day)")
        var facts = "opening \(o.status.rawValue)"
        if let filled = o.filledOn { facts += ", filled on \(filled)" }
        let row = timeline.application
        facts += "; application \(row.stage.rawValue)"
        if let date = row.stageDate { facts += " since \(date)" }
        if let submitted = row.submittedOn { facts += ", submitted \(submitted)" }
        if let decision = row.decisionBy { facts += ", decision by \(decision)" }
        if let interest = row.interest { facts += ", interest \(interest.rawValue)" }
        if let recruiter = timeline.recruiter { facts += "; recruiter \(recruiter)" }
        console.out(facts)
        console.out("")
        console.out("Timeline (activities up to \(day)):")
        if timeline.activities.isEmpty { console.out("  (none)") }
        for activity in timeline.activities {
            var line = "  \(activity.date)  \(activity.type.rawValue.padded(13))"
            if let by = activity.by { line += " by \(by.rawValue)" }
            if !activity.with.isEmpty { line += " with \(activity.with.joined(separator: "; "))" }
            if let decision = activity.decisionBy { line += ", decision by \(decision)" }
            if let interest = activity.interest { line += ", interest \(interest.rawValue)" }
            console.out(line)
        }
        let fromMail = try MailReview.sources(connection, candidate: candidate, opening: opening)
        if !fromMail.isEmpty {
            console.out("")
            console.out("From mail (recruit import mail):")
            for source in fromMail {
                console.out("  \(source.day)  \(source.type.padded(13)) message \(source.messageID)")
            }
        }
        console.out("")
        console.out("Verdicts:")
        for verdict in timeline.explain(asOf: day, policy: policy) {
            console.out("  " + verdict.description)
        }
    }
}

/// One application's timeline as of `day`, for the commands about one application (explain, draft).
/// - Throws: a ``CommandFailure`` (exit 1) that says what to check when there is no such application.
func applicationTimeline(_ connection: Connection, candidate: String, opening: String, asOf day: Day) throws -> Timeline {
    var found: Timeline?
    try TimelineReader.forEach(connection, asOf: day, scope: TimelineScope(candidate: candidate, opening: opening)) { _, timeline in
        found = timeline
    }
    guard let timeline = found else {
        throw CommandFailure(status: 1, message: "no application of \(candidate) on opening \(opening); check both with recruit queue or import it first")
    }
    return timeline
}
