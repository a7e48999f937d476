import ArgumentParser
import Foundation
import Recruiting

/// `recruit profile list|show`: the bundled import profiles (docs/import-profiles.md).
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "List and show the import profiles for ATS exports.",
        discussion: """
        A profile reads an ATS's export as one of recruit's files: recruit import activities notes.csv --profile bullhorn-notes
        """,
        subcommands: [List.self, Show.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the bundled profiles: name, kind, what they read.",
            discussion: "Example: recruit profile list")

        func run() throws {
            let console = Console.current
            for name in ImportProfile.bundledNames() {
                let profile = try ImportProfile.load(name)
                let kind = profile.kind?.rawValue ?? "any"
                console.out("\(name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(kind.padding(toLength: 13, withPad: " ", startingAt: 0)) \(profile.description)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a bundled profile's JSON (a start for a profile of your own).",
            discussion: "Example: recruit profile show bullhorn-notes > my-notes.json")

        @Argument(help: ArgumentHelp("A bundled profile's name (recruit profile list).", valueName: "name"))
        var name: String

        func run() throws {
            guard let text = ImportProfile.bundledText(name) else {
                throw CommandFailure(status: 1, message: "no bundled profile \"\(name)\"; use one of: \(ImportProfile.bundledNames().joined(separator: ", "))")
            }
            Console.current.out(text, terminator: "")
        }
    }
}
