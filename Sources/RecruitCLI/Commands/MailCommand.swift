import ArgumentParser
import Foundation
import Recruiting

/// `recruit import mail PATH...`: activities from the agency's mail (MAIL.md).
struct ImportMailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recruit import mail",
        abstract: "Record the activities the agency's mail shows: replies, status checks, thank-you notes, invitations.",
        discussion: """
        Reads .eml files, mbox files, Maildir folders (cur/ and new/), or - for an mbox on standard input. A message \
        counts when a client-side address (a hiring manager, or anyone at a client's domain) is among its parties \
        with the agency (a recruiter, or an address at a domain of the policy's agency_domains) or a candidate, or \
        when it carries an invitation naming a candidate. Each message that counts is placed on its application(s) \
        and recorded as an interview, hm_reply, thank_you, follow_up, keep_in_mind or check_back, channel email, \
        with the Subject as the note; bodies are never stored. A message that cannot be placed for certain goes to \
        `recruit mail review`. Importing the same message again (by its Message-ID) records nothing. One \
        transaction per run; an unreadable message is reported with its file and byte position and skipped.

        Examples:
          recruit import mail ~/Mail/agency.mbox --dry-run
          recruit policy set agency_domains=agency.test && recruit import mail ~/Maildir/journal
        """)

    @Argument(help: ArgumentHelp("Files (.eml or mbox), Maildir folders, or - for an mbox on standard input.",
                                 valueName: "path"))
    var paths: [String]

    @Flag(help: "Count what would be recorded, then write nothing.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file, Maildir folder or - (an mbox on standard input)") }
        guard paths.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("- (standard input) can be given once") }
    }

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let report = try MailImport.run(connection, paths: paths, dryRun: dryRun, actor: Audit.commandLineActor,
                                        standardInput: .standardInput)
        let console = Console.current
        // Each unreadable message, up to 20; then how many more (a broken export can have thousands).
        for problem in report.problems.prefix(20) { console.err("recruit: \(problem)") }
        if report.problems.count > 20 { console.err("recruit: and \(report.problems.count - 20) more unreadable messages") }
        console.out(report.summary)
    }
}

/// `recruit mail review|assign`: the messages left for a person to place.
struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "The messages recruit import mail could not place for certain, and placing them by hand.",
        subcommands: [MailReviewCommand.self, MailAssignCommand.self])
}

struct MailReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List the messages waiting to be placed, with the reason each was not.",
        discussion: "Example: recruit mail review --format json")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("text or json.", valueName: "format"))
    var format: Format = .text

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let items = try MailReview.list(connection)
        let console = Console.current
        switch format {
        case .json:
            let objects: [[String: Any]] = items.map { item in
                ["message_id": item.identity, "reason": item.reason, "sent_at": item.sentAt ?? NSNull(),
                 "subject": item.subject ?? NSNull(), "from": item.sender ?? NSNull(), "to": item.recipients,
                 "source": item.source]
            }
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
            console.out(String(decoding: data, as: UTF8.self))
        case .text:
            if items.isEmpty { console.out("no messages to review"); return }
            console.out("\(items.count) message\(items.count == 1 ? "" : "s") to review:")
            for item in items {
                console.out("  \(item.identity)")
                console.out("    \(item.sentAt ?? "no date")  from \(item.sender ?? "nobody")  \(item.subject ?? "(no subject)")")
                console.out("    to \(item.recipients.joined(separator: ", "))")
                console.out("    why: \(item.reason)  (read from \(item.source))")
            }
            console.out("place one with: recruit mail assign MESSAGE-ID --candidate EMAIL --opening ID")
        }
    }
}

struct MailAssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Place a message of the review list on one application and record its activity.",
        discussion: "Example: recruit mail assign 'CAF1x@mail.acme.example' --candidate ana.ng@example.com --opening ACME-1042")

    @Argument(help: ArgumentHelp("The message's id as `recruit mail review` shows it.", valueName: "message-id"))
    var messageID: String
    @Option(help: ArgumentHelp("The candidate's e-mail.", valueName: "email"))
    var candidate: String
    @Option(help: ArgumentHelp("The opening id.", valueName: "id"))
    var opening: String
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        var id = messageID.trimmingCharacters(in: .whitespaces)
        if id.hasPrefix("<") && id.hasSuffix(">") { id = String(id.dropFirst().dropLast()) }
        let outcome = try MailReview.assign(connection, identity: id, candidate: candidate, opening: opening,
                                            actor: Audit.commandLineActor)
        Console.current.out(outcome)
    }
}
