import ArgumentParser
import Foundation
import Recruiting

/// `recruit forget --candidate EMAIL`: erase one person's personal data (a right-to-erasure request).
struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Erase one person's personal data everywhere recruit holds it.",
        discussion: """
        Their candidate row keeps no name, phone, source, notes or address (the address becomes a random \
        erased-...@invalid placeholder); their activities keep no names or notes. What the agency counts stays: \
        their applications and the dates and kinds of their activities, so a client's summary still counts an \
        interview that happened, as "A former candidate". They leave the queue, explain, summaries and exports. \
        A salted hash of the address (never the address) keeps re-imports of old files from bringing them back: \
        the import reports their rows as erased, unless it is given --allow-erased after new consent. \
        One transaction; the audit trail records the counts and whether a reason was given, never the address.

        Example: recruit forget --candidate ana.ng@example.com --reason "asked by e-mail on 2026-12-01"
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The person's e-mail address.", valueName: "email"))
    var candidate: String
    @Option(help: ArgumentHelp("Why (kept out of the audit trail; only whether one was given is recorded).",
                               valueName: "text"))
    var reason: String?

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let report = try Erasure.forget(connection, email: candidate, reason: reason, actor: Audit.commandLineActor)
        Console.current.out("""
            forgot one candidate: their personal data is erased; \(report.applications) \
            application\(report.applications == 1 ? "" : "s") and \(report.activities) \
            activit\(report.activities == 1 ? "y" : "ies") kept without names or notes
            """)
    }
}

/// `recruit export --candidate EMAIL`: everything recruit holds about one person (an access request).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print everything recruit holds about one person, as one JSON document.",
        discussion: """
        The candidate row, every application (with its opening's title and client) and every activity on them, \
        each with all its columns; keys sorted, so the same data prints the same bytes. The export is recorded in \
        the audit trail (counts only).

        Example: recruit export --candidate ana.ng@example.com > ana.ng.json
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The person's e-mail address.", valueName: "email"))
    var candidate: String

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        Console.current.out(try PersonalRecord.json(connection, email: candidate, actor: Audit.commandLineActor))
    }
}
