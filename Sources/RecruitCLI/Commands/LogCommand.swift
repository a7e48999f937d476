import ArgumentParser
import Foundation
import Recruiting

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record an activity, as staff do after each call or e-mail.",
        discussion: """
        The activity goes through the same checks as `recruit import activities`: a known candidate and opening, \
        a known type, dates as YYYY-MM-DD. Logging the same fact twice adds nothing. The next queue reflects it: \
        a thank-you that was due disappears, a follow-up moves the chain on.

        One message about several candidates (the queue's "N status checks: send them as one message") is logged \
        in one command: repeat --candidate and --opening in pairs (or give one opening for all the candidates). \
        It records one activity per application, all or none, and the hiring manager's weekly cap counts them \
        as one message (same day, sender and channel).

        Types: \(Vocabulary.activityType.joined(separator: ", ")).

        Examples:
          recruit log --candidate ana.ng@example.com --opening ACME-1042 --type follow_up --by recruiter
          recruit log --type follow_up --by recruiter --channel email \\
              --candidate ana.ng@example.com --opening ACME-1042 --candidate jon.bauer@example.com --opening ACME-1044
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The candidate's e-mail (repeat it, paired with --opening, for one message about several).",
                               valueName: "email"))
    var candidate: [String] = []
    @Option(help: ArgumentHelp("The opening id (one per --candidate, or one for them all).", valueName: "id"))
    var opening: [String] = []
    @Option(help: ArgumentHelp("What happened (see the list above).", valueName: "type"))
    var type: String
    @Option(help: ArgumentHelp("When (YYYY-MM-DD or an ISO 8601 date-time). Default: today.", valueName: "date"))
    var date: String?
    @Option(help: ArgumentHelp("Who acted: \(Vocabulary.party.spokenList).", valueName: "who"))
    var by: String?
    @Option(help: ArgumentHelp("Interviewers or recipients, separated by ';'.", valueName: "names"))
    var with: String?
    @Option(help: ArgumentHelp("How: \(Vocabulary.channel.spokenList).", valueName: "channel"))
    var channel: String?
    @Option(name: .customLong("decision-by"),
            help: ArgumentHelp("The decision date the client stated (hm_reply only).", valueName: "date"))
    var decisionBy: String?
    @Option(help: ArgumentHelp("The client's interest: \(Vocabulary.interest.spokenList).", valueName: "interest"))
    var interest: String?
    @Option(help: ArgumentHelp("A note to keep with the activity.", valueName: "text"))
    var note: String?

    func validate() throws {
        guard !candidate.isEmpty else { throw ValidationError("missing --candidate EMAIL") }
        guard !opening.isEmpty else { throw ValidationError("missing --opening ID") }
        guard opening.count == 1 || opening.count == candidate.count else {
            throw ValidationError("""
                \(candidate.count) --candidate but \(opening.count) --opening: give one --opening per --candidate, \
                in pairs, or one --opening for all of them
                """)
        }
    }

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let zone = try PolicyStore.load(connection).agency.timeZone
        let day = date ?? AsOfOption.today(timeZone: zone).description
        let entries = candidate.indices.map { i in
            ActivityLog.Entry(candidate: candidate[i], opening: opening.count == 1 ? opening[0] : opening[i],
                              date: day, type: type, by: by, with: with, channel: channel,
                              decisionBy: decisionBy, interest: interest, note: note)
        }
        Console.current.out(try ActivityLog.record(connection, entries, actor: Audit.commandLineActor).description)
        // A date after today is most often a typo (the year, or day and month swapped): recorded as given, but said.
        let today = AsOfOption.today(timeZone: zone).description
        let given = String(day.prefix(10))
        if date != nil, given.count == 10, given.allSatisfy({ $0.isNumber || $0 == "-" }), given > today {
            Console.current.err("recruit: warning: --date \(given) is after today (\(today)); recorded as given. If it is a mistake, record the right date and remove this one (recruit activity list / delete)")
        }
    }
}

extension Array where Element == String {
    /// The words as a sentence says them: "a, b or c".
    var spokenList: String {
        count > 1 ? dropLast().joined(separator: ", ") + " or " + last! : first ?? ""
    }
}
