import ArgumentParser
import Foundation
import Policies
import Recruiting

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "One client's status summary, fit to send to that client.",
        discussion: """
        Per opening: status, days open, the pipeline by stage, the candidates waiting on the client's decision \
        (days waiting, the decision date promised, flagged once passed), interviews in the last 14 days and the \
        agency's next steps; then the filled roles with their time to fill, and how fast the client replies \
        beside the agency's median. It holds nothing the client should not see: no over-contact warnings, no other \
        client's data, no candidate e-mail addresses or phone numbers (candidates appear by name).

        Formats: text, md (Markdown), html (one self-contained page with a pipeline chart, prints on A4 or \
        Letter), json. With --all --out DIR, one file per client, named from the client's name.
        """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @Option(help: ArgumentHelp("The client (name, case-insensitive).", valueName: "name"))
    var client: String?
    @Flag(help: "Every client, one file each (needs --out).")
    var all = false
    @Option(help: ArgumentHelp("Write the summaries as files into this folder (created if missing).", valueName: "dir"))
    var out: String?
    @Option(help: "Output format: text, md, html or json.")
    var format: SummaryFormat = .text

    func validate() throws {
        if all && client != nil { throw ValidationError("give either --client NAME or --all, not both") }
        if !all && client == nil { throw ValidationError("say which client: --client NAME, or --all --out DIR for every client") }
        if all && out == nil { throw ValidationError("--all writes one file per client: add --out DIR") }
    }

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let policies = try PolicyStore.load(connection)
        let day = asOf.day(timeZone: policies.agency.timeZone)
        let console = Console.current
        let clients: [String]
        if let client {
            clients = [try PolicyStore.clientName(client, connection)]
        } else {
            clients = try PolicyStore.clientNames(connection)
        }
        guard let out else {
            console.out(try format.render(ClientSummary.build(connection, client: clients[0], asOf: day)),
                        terminator: "")
            return
        }
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(status: 1, message: "cannot create the folder \(out): \(error.localizedDescription)")
        }
        let names = SummaryFiles.fileNames(for: clients, extension: format.fileExtension)
        // Every client's reply figures come from one pass over the agency's activities, read once for all.
        let replies = clients.count > 1 ? try AgencyReplies.read(connection, asOf: day) : nil
        for (client, name) in zip(clients, names) {
            let summary = try ClientSummary.build(connection, client: client, asOf: day, replies: replies)
            let file = folder.appendingPathComponent(name)
            try SummaryFiles.writeAtomically(try format.render(summary), to: file)
            console.out("wrote \(file.path) (\(client))")
        }
        if clients.isEmpty { console.err("no clients yet; import openings first") }
    }
}

extension SummaryFormat: ExpressibleByArgument {}
