import ArgumentParser
import Foundation
import Recruiting

/// The `recruit` command line: parses, runs, and turns errors into CONTRACT.md's exit statuses
/// (0 done, 1 input refused, 2 usage, 3 database unreachable or not migrated).
public enum RecruitCLI {
    /// Runs one invocation and returns its exit status. Output goes to `Console.current`.
    public static func main(_ arguments: [String]) -> Int32 {
        let console = Console.current
        // `recruit import KIND FILE` takes a CSV kind; `recruit import mail PATH...` is a command of its own, with
        // its own arguments, parsed here so that `import`'s arguments stay as they are.
        if arguments.count >= 2, arguments[0] == "import", arguments[1] == "mail" {
            return run(ImportMailCommand.self, Array(arguments.dropFirst(2)), console: console)
        }
        if let mistyped = CommandSuggestion.failure(for: arguments) {
            console.err("recruit: \(mistyped.message)")
            return mistyped.status
        }
        return run(RecruitCommand.self, arguments, console: console)
    }

    /// Parses and runs one command as a root, with `main`'s handling of failures and exit statuses.
    static func run<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String], console: Console) -> Int32 {
        do {
            var command = try type.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let failure as CommandFailure {
            console.err("recruit: \(failure.message)")
            return failure.status
        } catch {
            let code = type.exitCode(for: error)
            let message = type.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { console.out(message) }
                return 0
            }
            if let exit = error as? ExitCode { return exit.rawValue }
            if !message.isEmpty { console.err(message) }
            // ArgumentParser says 64 (EX_USAGE) for a usage error; CONTRACT.md says 2.
            return code == .validationFailure ? 2 : code.rawValue
        }
    }
}

/// An error already worded for the user, with its exit status.
struct CommandFailure: Error {
    let status: Int32
    let message: String

    /// Maps what the layers below throw to CONTRACT.md's statuses and one-line messages.
    init(_ error: Error) {
        switch error {
        case let error as DatabaseError:
            status = error.isUnavailable ? 3 : 1
            message = error.description
        case let error as EmbeddedPostgresError:
            status = 3
            message = error.description
        case let error as CannotConnect:
            status = 3
            message = error.description
        case let error as MigrationError:
            status = 3
            message = error.description
        case let error as AccountError:
            status = 1
            message = error.description
        case let error as CommandFailure:
            self = error
            return
        default:
            status = 1
            message = String(describing: error)
        }
    }

    init(status: Int32, message: String) {
        self.status = status
        self.message = message
    }
}

/// Runs a command body, rewording any error as a `CommandFailure`.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw CommandFailure(error)
    }
}
