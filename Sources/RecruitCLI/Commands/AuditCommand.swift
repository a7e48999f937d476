import ArgumentParser
import Foundation
import Recruiting

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Who changed what: the audit trail of imports, logged activities, policy changes, accounts and sign-ins.",
        discussion: """
        One line per event: when (UTC), who (os:NAME for a command, user:ID for someone signed in to the \
        workspace, web or a link's kind for visitors), what, and its counts or ids. The trail never holds personal \
        data (no names, e-mail addresses, notes or passwords), and nothing in recruit changes or deletes it.

        Example: recruit audit --since 2026-11-01 --format json
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("Only events on or after this day (YYYY-MM-DD) or moment (ISO 8601).", valueName: "when"))
    var since: String?
    @Option(help: ArgumentHelp("text or json.", valueName: "format"))
    var format: Format = .text

    func validate() throws {
        if let since, since.range(of: #"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$"#,
                                  options: .regularExpression) == nil {
            throw ValidationError("--since \(since) is not a date; write YYYY-MM-DD or an ISO 8601 moment")
        }
    }

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let events = try Audit.events(connection, since: since)
        let console = Console.current
        switch format {
        case .json:
            let objects: [[String: Any]] = try events.map { event in
                ["at": event.at, "actor": event.actor, "action": event.action,
                 "detail": try JSONSerialization.jsonObject(with: Data(event.detail.utf8))]
            }
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
            console.out(String(decoding: data, as: UTF8.self))
        case .text:
            if events.isEmpty { console.out(since.map { "no events since \($0)" } ?? "no events yet") }
            for event in events {
                console.out("\(event.at)  \(event.actor.padded(12)) \(event.action.padded(20)) \(event.detail)")
            }
        }
    }
}
