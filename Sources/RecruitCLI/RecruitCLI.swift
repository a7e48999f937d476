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
            return mistyped.exitStatus
        }
        return run(RecruitCommand.self, arguments, console: console)
    }

    /// Parses and runs one command as a root. What parsing refuses (and `--help`, `--version`) ArgumentParser
    /// words, a usage error with CONTRACT.md's 2; an error the command throws is one line after `recruit: `, with
    /// the exit status the error declares (``ExitStatusError``), else 1.
    static func run<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String], console: Console) -> Int32 {
        var command: ParsableCommand
        do {
            command = try type.parseAsRoot(arguments)
        } catch {
            return parserFailure(type, error, console: console)
        }
        do {
            try command.run()
            return 0
        } catch let error as ExitStatusError {
            console.err("recruit: \(error.description)")
            return error.exitStatus
        } catch let error where isArgumentParsers(error) {
            // `--help` runs a help command that throws; so may a command's own ValidationError or ExitCode.
            return parserFailure(type, error, console: console)
        } catch {
            console.err("recruit: \(String(describing: error))")
            return 1
        }
    }

    /// Whether ArgumentParser made `error` (its public ValidationError, ExitCode and CleanExit, or its own internal
    /// ones for a help request).
    private static func isArgumentParsers(_ error: Error) -> Bool {
        String(reflecting: Swift.type(of: error)).hasPrefix("ArgumentParser.")
    }

    /// ArgumentParser's words and status for what it throws (a help text is output, status 0).
    private static func parserFailure<Command: ParsableCommand>(_ type: Command.Type, _ error: Error,
                                                                console: Console) -> Int32 {
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

/// An error already worded for the user, with its exit status.
struct CommandFailure: ExitStatusError {
    let exitStatus: Int32
    let message: String

    var description: String { message }

    init(status: Int32, message: String) {
        self.exitStatus = status
        self.message = message
    }
}
