import ArgumentParser
import Policies
import Recruiting

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "The daily queue: nudges due today, over-contact warnings, keep-in-mind notes.",
        discussion: """
        Run it each morning. Every item says why, with the dates it used. --as-of replays any past day exactly: \
        activities dated after it are ignored.

        Formats: text (for people; colour on a terminal unless NO_COLOR is set), json (CONTRACT.md's array, \
        stdout only), csv (the same fields), ics (an RFC 5545 calendar of to-dos, one per item on its due date).
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv, ics }

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @Option(help: ArgumentHelp("Only this client's openings (name, case-insensitive).", valueName: "name"))
    var client: String?
    @Option(help: ArgumentHelp("Only items of this recruiter (the application's, else the candidate's, else the opening's).",
                               valueName: "who"))
    var recruiter: String?
    @Option(help: "Output format: text, json, csv or ics.")
    var format: Format = .text

    func run() throws {
        try reportingFailures {
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            // The connection (and the ones the queue read on) closes after the output, not before.
            defer { withExtendedLifetime(connection) {} }
            QueueReport.connectAhead(connection, scope: TimelineScope(client: client, recruiter: recruiter))
            let policies = try PolicyStore.load(connection)
            let day = asOf.day(timeZone: policies.agency.timeZone)
            let clientName = try client.map { try PolicyStore.clientName($0, connection) }
            let queue = try QueueReport.queue(connection, asOf: day,
                                              scope: TimelineScope(client: clientName, recruiter: recruiter),
                                              policies: policies)
            let console = Console.current
            // Every format is streamed from the compact queue in chunks: a whole agency's queue as items and then as
            // one String would take gigabytes.
            let write = { (bytes: UnsafeRawBufferPointer) in console.out(bytes: bytes) }
            switch format {
            case .json:
                queue.writeJSON(pretty: true, write)
                console.out("")
            case .csv:
                QueueCSV.write(queue, to: write)
            case .ics:
                QueueCalendar.write(queue, asOf: day, to: write)
            case .text:
                var note = ""
                if let clientName { note += " · \(clientName)" }
                if let recruiter { note += " · \(recruiter)" }
                QueueText(colour: console.useColour).write(queue, asOf: day, scopeNote: note, to: write)
            }
        }
    }
}
