import ArgumentParser
import Foundation
import Policies
import Recruiting

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A zero-configuration tour: a private database, the bundled sample agency, and its daily queue.",
        discussion: """
        Loads the bundled sample files (3 clients, 10 openings, 40 candidates, 137 activities) into a database of \
        its own, `recruit_demo`, in recruit's private PostgreSQL under RECRUIT_HOME, so your real data is never \
        touched. It loads them twice to show that re-importing changes nothing, then prints the queue as of the \
        samples' day and one client's status summary. Run it as often as you like.
        """)

    @Option(name: .customLong("database"),
            help: ArgumentHelp("""
                Use this database instead of the private demo database (it will receive the samples): a libpq URI \
                or key=value string, or a database's name.
                """, valueName: "url"))
    var url: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day to show the queue for.", valueName: "date"))
    var asOf: String = Samples.demoDay

    /// The private server's database the tour loads the samples into.
    static let database = "recruit_demo"

    /// The sample client whose summary the tour shows: it has open, waiting and filled roles in few lines.
    static let summaryClient = "Borealis Health"

    func validate() throws {
        if Day(asOf) == nil { throw ValidationError("--as-of \(asOf) is not a date; write it as YYYY-MM-DD") }
    }

    // Over 60 lines: the demo's script, step after step as the user sees them printed.
    func run() throws {
        let console = Console.current
        let connection: Connection
        // What the follow-up commands pass as --database: the user's own value, else the demo database's name,
        // which recruit resolves against its private server.
        let target = url ?? DemoCommand.database
        if let url {
            connection = try DatabaseLocation.resolve(option: url).open()
        } else {
            let cluster = try EmbeddedPostgres.forRecruitHome()
            if !cluster.isRunning() { console.err("starting recruit's private PostgreSQL in \(cluster.home) ...") }
            try cluster.start(database: DemoCommand.database)
            connection = try Connection(conninfo: cluster.conninfo(database: DemoCommand.database))
            try Migrator.bundled().migrate(connection)
        }
        let folder = try Samples.folder().path
        console.out("Loading the sample agency (\(folder)):")
        let importer = Importer(connection: connection)
        for pass in ["first load", "second load of the same files: nothing changes"] {
            console.out("  \(pass)")
            for kind in ImportKind.allCases {
                let report = try importer.run(kind, from: .file(try Samples.file(kind).path))
                console.out("    " + report.summary.replacingOccurrences(of: folder + "/", with: ""))
            }
        }
        let day = Day(asOf)!
        console.out("")
        let queue = try QueueReport.queue(connection, asOf: day)
        QueueText(colour: console.useColour).write(queue, asOf: day, scopeNote: " · sample agency") {
            console.out(bytes: $0)
        }
        // CONTRACT.md: the tour ends with one client's status summary, as an account manager would send it.
        let clients = try PolicyStore.clientNames(connection)
        let summaryClient = clients.first { $0 == DemoCommand.summaryClient } ?? clients.first
        if let summaryClient {
            console.out("")
            console.out("Status summary for one client (recruit summary --client \"\(summaryClient)\"):")
            console.out("")
            console.out(SummaryText().render(try ClientSummary.build(connection, client: summaryClient, asOf: day)),
                        terminator: "")
        }
        console.out("")
        console.out("Next, try:")
        // Started as a path (scripts/recruit runs .build/release/recruit), `recruit` may not be on PATH.
        if let program = CommandLine.arguments.first, program.contains("/") {
            console.out("  (recruit here is \(program))")
        }
        let db = " --database " + (DatabaseLocation.isDatabaseName(target) ? target : "\"\(target)\"")
        let sample = queue.first { $0.candidate != nil }
        console.out("  recruit queue --as-of \(day) --format json\(db)      (what scripts read)")
        if let sample, let candidate = sample.candidate, let opening = sample.opening {
            console.out("  recruit explain --candidate \(candidate) --opening \(opening) --as-of \(day)\(db)")
        }
        if let summaryClient {
            console.out("  recruit summary --client \"\(summaryClient)\" --as-of \(day) --format html\(db) > summary.html")
        }
        console.out("  recruit policy show\(db)")
        console.out("  recruit user add you@agency.test --name \"Your Name\" --role admin\(db)   (prints your sign-in link)")
        console.out("  recruit serve\(db)      (the team's workspace in the browser, on http://127.0.0.1:8080/)")
        if url == nil {
            console.out("The samples live in their own database, \(DemoCommand.database), on recruit's private server (hence")
            console.out("--database \(DemoCommand.database) above); without --database, recruit uses the database recruit there, for your")
            console.out("own imports.")
        }
    }
}
