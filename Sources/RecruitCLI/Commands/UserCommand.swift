import ArgumentParser
import Foundation
import Recruiting

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Accounts of the web workspace: add, list, disable, change a role, send a new password link.",
        discussion: """
        Roles: recruiter (the agency's data, their own queue, logging activities), manager (also every \
        recruiter's queue, over-contact warnings, client summaries), admin (also imports, the policy, users). \
        A recruiter's e-mail is the recruiter named in the imports, so their Today page is that recruiter's queue.
        """,
        subcommands: [Add.self, List.self, Disable.self, RoleCommand.self, Link.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account and print a one-time link (valid 72 hours) to set its password.",
            discussion: "Example: recruit user add sam@agency.test --name \"Sam Rivera\" --role recruiter")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The person's e-mail.", valueName: "email")) var email: String
        @Option(help: ArgumentHelp("The person's name, as pages show it.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("recruiter, manager or admin.", valueName: "role")) var role: String
        @OptionGroup var link: LinkOptions

        func run() throws {
            let role = try Role.named(self.role)
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let (user, secret) = try Accounts.add(connection, email: email, name: name, role: role, by: Audit.commandLineActor)
            let console = Console.current
            console.out("added \(user.email) (\(user.name), \(user.role.rawValue))")
            console.out("one-time link to set the password, valid \(Accounts.passwordLinkHours) hours:")
            console.out("  " + link.url(for: secret))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let users = try Accounts.list(connection)
            let console = Console.current
            if users.isEmpty {
                console.out("no accounts yet: recruit user add EMAIL --name NAME --role admin")
                return
            }
            for user in users {
                let state = user.disabled ? "disabled" : user.hasPassword ? "active" : "no password yet"
                console.out("\(user.email.padded(32)) \(user.role.rawValue.padded(10)) \(state.padded(16)) \(user.name)")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: its sessions and links stop at once.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The account's e-mail.", valueName: "email")) var email: String

        func run() throws {
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let user = try Accounts.disable(connection, email: email, by: Audit.commandLineActor)
            Console.current.out("disabled \(user.email); their sessions ended")
        }
    }

    struct RoleCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "role", abstract: "Change an account's role.",
                                                        discussion: "Example: recruit user role kim@agency.test manager")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The account's e-mail.", valueName: "email")) var email: String
        @Argument(help: ArgumentHelp("recruiter, manager or admin.", valueName: "role")) var role: String

        func run() throws {
            let role = try Role.named(self.role)
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let user = try Accounts.setRole(connection, email: email, role: role, by: Audit.commandLineActor)
            Console.current.out("\(user.email) is now \(user.role.rawValue)")
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new one-time link to set the password (a forgotten one); earlier links stop working.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The account's e-mail.", valueName: "email")) var email: String
        @OptionGroup var link: LinkOptions

        func run() throws {
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let secret = try Accounts.passwordLink(connection, email: email, by: Audit.commandLineActor)
            Console.current.out("one-time link, valid \(Accounts.passwordLinkHours) hours:")
            Console.current.out("  " + link.url(for: secret))
        }
    }
}

/// Where the printed links point: the address people open the workspace at.
struct LinkOptions: ParsableArguments {
    @Option(name: .customLong("base-url"),
            help: ArgumentHelp("The workspace's address as people open it.", valueName: "url"))
    var baseURL = "http://127.0.0.1:8080"

    func url(for secret: Secret) -> String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/set-password/" + secret.text
    }
}
