import ArgumentParser
import Foundation
import Logging
import Recruiting
import RecruitWeb

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the team's web workspace: accounts, roles, the Today page, one-click logging.",
        discussion: """
        The workspace runs on the same database as every command (--database, DATABASE_URL, PG*, else the \
        private one). Create the first admin with `recruit user add EMAIL --name NAME --role admin`: it prints a \
        one-time link to set a password. The server logs one line per request and stops cleanly on Ctrl-C or \
        SIGTERM.

        Behind a proxy that serves it over HTTPS, pass --secure-cookies so browsers send the session cookie only \
        over TLS (and links made for calendars, share links and new users start with https), and --trust-proxy so \
        that failed sign-ins are throttled by the address the proxy reports (the last X-Forwarded-For entry) \
        rather than the proxy's own. Do not pass --trust-proxy when browsers reach the server directly: anyone \
        could then claim any address.

        Example: recruit serve --bind 0.0.0.0 --port 8080
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The address to listen on (0.0.0.0 for every interface).", valueName: "address"))
    var bind = "127.0.0.1"
    @Option(help: ArgumentHelp("The port to listen on.", valueName: "port"))
    var port = 8080
    @Flag(help: "Mark cookies Secure: the workspace is reached through a TLS proxy.")
    var secureCookies = false
    @Flag(help: "Take the client's address from the last X-Forwarded-For entry (only behind a proxy that sets it).")
    var trustProxy = false
    @Option(help: ArgumentHelp("Requests served at once, each with a database connection.", valueName: "n"))
    var connections = 8

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port (0-65535)") }
        guard (1...64).contains(connections) else { throw ValidationError("--connections takes 1 to 64") }
    }

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        var logger = Logger(label: "recruit.web")
        logger.logLevel = .info
        let server = WebServer(connection: connection,
                               options: .init(bind: bind, port: port, secureCookies: secureCookies, trustProxy: trustProxy,
                                              connections: connections),
                               logger: logger)
        let console = Console.current
        let bind = self.bind
        let failure = Locked<Error?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run { port in
                    console.err("recruit serve: listening on http://\(bind):\(port)/ (Ctrl-C stops)")
                }
            } catch {
                failure.value = error
            }
            done.signal()
        }
        done.wait()
        if let error = failure.value {
            throw CommandFailure(status: 1, message: "the web workspace stopped: \(error)")
        }
    }
}

/// A value shared between the command's thread and the server's task.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
