import ArgumentParser
import Foundation
import Policies
import Recruiting

struct DraftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Print a ready draft of the message one queue item calls for.",
        discussion: """
        The draft is the one recruit queue --drafts writes for the item: who it is from and to, the subject and \
        the text, with gaps marked [add: ...] where only you can add the value. When the application has several \
        items that day, --rule picks one. --format eml prints the .eml file itself.
          recruit draft --candidate ana.ng@example.com --opening ACME-1042 --as-of 2026-11-20
          recruit draft --candidate ana.ng@example.com --opening ACME-1042 --rule thank-you --format eml > ana.eml
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, eml }

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The candidate's e-mail.", valueName: "email"))
    var candidate: String
    @Option(help: ArgumentHelp("The opening id.", valueName: "id"))
    var opening: String
    @Option(help: ArgumentHelp("The item's rule, when the application has several (recruit queue shows them).",
                               valueName: "rule"))
    var rule: String?
    @OptionGroup var asOf: AsOfOption
    @Option(help: "text (as a mail program shows it) or eml (the RFC 5322 file).")
    var format: Format = .text

    func validate() throws {
        if let rule, Rule(rawValue: rule.lowercased()) == nil {
            throw ValidationError("--rule \(rule) is not a rule; the rules are \(Rule.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let policies = try PolicyStore.load(connection)
        let day = asOf.day(timeZone: policies.agency.timeZone)
        let timeline = try applicationTimeline(connection, candidate: candidate, opening: opening, asOf: day)
        let items = timeline.recommendations(asOf: day, policy: policies.policy(forClient: timeline.opening.client))
            .filter { item in rule.map { item.rule.rawValue == $0.lowercased() } ?? true }
            .filter { $0.rule != .hmOverload }
        guard let item = items.first else {
            throw CommandFailure(status: 1, message: rule.map { "no \($0) item for this application on \(day); recruit explain --candidate \(candidate) --opening \(opening) says why" }
                                 ?? "nothing is due for this application on \(day), so there is no message to draft; recruit explain says why")
        }
        if items.count > 1 {
            throw CommandFailure(status: 2, message: "this application has \(items.count) items on \(day) (\(items.map(\.rule.rawValue).joined(separator: ", "))); pick one with --rule")
        }
        let drafter = try Drafter.load(connection, asOf: day, timeZone: policies.agency.timeZone)
        let draft = drafter.draft(item, candidateName: timeline.candidateName)
        let console = Console.current
        switch format {
        case .text: console.out(draft.text, terminator: "")
        case .eml: draft.eml.withUnsafeBytes { console.out(bytes: $0) }
        }
    }
}

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Show or change the message templates drafts are made from.",
        discussion: """
        A template is plain text: a first line "Subject: ...", a blank line, then the body, with mustache tags \
        for the message's facts: {{candidate}}, {{#decision_date}}...{{/decision_date}} (shown only when known), \
        {{^decision_date}}...{{/decision_date}} (when not). Values are inserted as they are, not HTML-escaped. \
        Mark what only a person can add as [add: ...].
          recruit template show follow-up > follow-up.txt
          recruit template set follow-up follow-up.txt
          recruit template reset follow-up
        """,
        subcommands: [List.self, Show.self, Set.self, Reset.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the templates, and which ones the agency changed.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let changed = try DraftTemplateStore.changed(connection)
            for name in DraftTemplateName.allCases {
                Console.current.out("\(changed.contains(name) ? "*" : " ") \(name.rawValue.padded(26)) \(name.purpose)")
            }
            Console.current.out("(* = changed by the agency; recruit template show NAME prints one with its fields)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the template in force (the agency's, else the default).",
            discussion: "  recruit template show thank-you\n  recruit template show thank-you --fields")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The template: a rule's name or one of recruit template list.", valueName: "rule"))
        var name: String
        @Flag(help: "Print the fields the template may use instead.")
        var fields = false

        func run() throws {
            let template = try templateName(name)
            if fields {
                Console.current.out(template.fields.list)
                return
            }
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let text = try DraftTemplateStore.template(template, connection).template.text
            Console.current.out(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store FILE as the agency's template (checked first; a refused one changes nothing).",
            discussion: "  recruit template set follow-up follow-up.txt\n  recruit template set follow-up - < follow-up.txt")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The template.", valueName: "rule"))
        var name: String
        @Argument(help: ArgumentHelp("The template's text (- reads stdin).", valueName: "file"))
        var file: String

        func run() throws {
            let template = try templateName(name)
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let read = FileManager.default.contents(atPath: file) else {
                    throw CommandFailure(status: 1, message: "cannot read \(file); check the path")
                }
                data = read
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure(status: 1, message: "\(file) is not UTF-8 text; save it as UTF-8")
            }
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            do {
                try DraftTemplateStore.set(template, text: text, actor: Audit.commandLineActor, connection)
            } catch let error as DraftTemplateError {
                throw CommandFailure(status: 1, message: "\(file), \(error.description); the template in force is unchanged")
            }
            Console.current.out("template \(template.rawValue) saved; the next drafts use it")
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Go back to the default template.",
            discussion: "  recruit template reset follow-up")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The template.", valueName: "rule"))
        var name: String

        func run() throws {
            let template = try templateName(name)
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let removed = try DraftTemplateStore.reset(template, actor: Audit.commandLineActor, connection)
            Console.current.out(removed ? "template \(template.rawValue) is the default again"
                                : "template \(template.rawValue) was the default already")
        }
    }
}

private func templateName(_ text: String) throws -> DraftTemplateName {
    do {
        return try DraftTemplateName.named(text)
    } catch {
        throw CommandFailure(status: 2, message: error.description)
    }
}
