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

        --drafts DIR also writes a ready draft of every message as an .eml file in DIR (made if missing; refused \
        if it already holds .eml files), for a mail program to open and send: one per item, and one for each \
        group of status checks to one hiring manager. The templates: recruit template list.
          recruit queue --recruiter sam@agency.test --drafts ~/drafts/today
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
    @Option(help: ArgumentHelp("Also write a draft of every message as an .eml file in this folder.", valueName: "dir"))
    var drafts: String?

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        // The connection (and the ones the queue read on) closes after the output, not before.
        defer { withExtendedLifetime(connection) {} }
        QueueReport.connectAhead(connection, scope: TimelineScope(client: client, recruiter: recruiter))
        if let recruiter { try Recruiters.check(recruiter, connection) }
        let policies = try PolicyStore.load(connection)
        let day = asOf.day(timeZone: policies.agency.timeZone)
        let clientName = try client.map { try PolicyStore.clientName($0, connection) }
        let queue = try QueueReport.queue(connection, asOf: day,
                                          scope: TimelineScope(client: clientName, recruiter: recruiter),
                                          policies: policies, candidateNames: format != .json)
        let console = Console.current
        // The drafts first: when they cannot be written, nothing has been printed either. The text output reads
        // the queue in the order the drafts found (its items are not merged again).
        var places: [QueueItems.Place]?
        if let drafts {
            let drafter = try Drafter.load(connection, asOf: day, timeZone: policies.agency.timeZone)
            let count: Int
            if format == .text {
                (count, places) = try QueueDrafts.writeKeepingOrder(queue, drafter: drafter, to: drafts)
            } else {
                count = try QueueDrafts.write(queue, drafter: drafter, to: drafts)
            }
            console.err("recruit: wrote \(count) \(count == 1 ? "draft" : "drafts") to \(drafts)")
        }
        // An empty database: say how to fill it (on stderr for the formats scripts read).
        let howToImport = try queue.count == 0 && !QueueReport.hasApplications(connection)
            ? QueueCommand.howToImport(connection.target) : nil
        if let howToImport, format != .text { console.err("recruit: " + howToImport.joined(separator: "\n")) }
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
            if let howToImport {
                QueueText(colour: console.useColour).write(queue, places: places, asOf: day, scopeNote: note,
                                                           nothingDue: howToImport, to: write)
            } else {
                QueueText(colour: console.useColour).write(queue, places: places, asOf: day, scopeNote: note, to: write)
            }
        }
    }

    /// What an empty database's queue says instead of "Nothing is due".
    static func howToImport(_ target: String) -> [String] {
        [
            "The database (\(target)) holds no applications yet, so there is nothing to follow up.",
            "Import your exports, in this order (recruit import --help describes the columns):",
            "  recruit import openings openings.csv",
            "  recruit import candidates candidates.csv",
            "  recruit import applications applications.csv",
            "  recruit import activities activities.csv",
            "or run recruit demo to see a sample agency's queue.",
        ]
    }
}
