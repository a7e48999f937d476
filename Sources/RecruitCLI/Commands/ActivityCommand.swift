import ArgumentParser
import Foundation
import Recruiting

/// `recruit activity list|delete`: correct a mistaken activity without SQL.
struct ActivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity",
        abstract: "List a candidate's activities, or delete a mistaken one.",
        subcommands: [List.self, Delete.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A candidate's activities with their ids, in timeline order.",
            discussion: "Example: recruit activity list --candidate ana.ng@example.com --opening ACME-1042")

        @Option(help: ArgumentHelp("The candidate's e-mail.", valueName: "email"))
        var candidate: String
        @Option(help: ArgumentHelp("Only this opening's activities.", valueName: "id"))
        var opening: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let rows = try ActivityEdits.list(connection, candidate: candidate, opening: opening)
            let console = Console.current
            if rows.isEmpty {
                console.out("no activities")
                return
            }
            for row in rows {
                var line = "\(row.id)\t\(row.date)\t\(row.opening)\t\(row.type)\t\(row.by ?? "-")\t\(row.channel ?? "-")"
                if let id = row.externalID { line += "\tid \(id)" }
                if let note = row.note {
                    let flat = note.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
                    line += "\t" + (flat.count > 60 ? String(flat.prefix(59)) + "…" : flat)
                }
                console.out(line)
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete one activity by its id (from recruit activity list); recorded in the audit trail.",
            discussion: "Example: recruit activity delete 1234")

        @Argument(help: ArgumentHelp("The activity's id.", valueName: "id"))
        var id: String
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let deleted = try ActivityEdits.delete(connection, id: id, actor: Audit.commandLineActor)
            Console.current.out("deleted activity \(id) (\(deleted.type) on \(deleted.date))")
        }
    }
}
