import ArgumentParser
import Recruiting

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Set up and inspect the database.",
        subcommands: [Migrate.self, Status.self, Stop.self]
    )

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the numbered schema files that are not applied yet (safe to run again).")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let location = DatabaseLocation.resolve(option: database.url)
            let connection = try location.open(migrate: false)
            let console = Console.current
            var carried = false
            let applied = try Migrator.bundled().migrate(connection) { carryOver in
                console.out(carryOver.description)
                carried = true
            }
            if applied.isEmpty && !carried {
                console.out("schema is up to date (\(connection.target))")
            } else {
                for name in applied { console.out("applied \(name)") }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the schema files and whether each is applied.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try DatabaseLocation.resolve(option: database.url).open(migrate: false)
            let statuses = try Migrator.bundled().status(connection)
            let console = Console.current
            console.out("database: \(connection.target)")
            for status in statuses {
                let when = status.appliedAt.map { " at \($0)" } ?? ""
                let note = status.note.map { " (\($0))" } ?? ""
                console.out("\(status.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(status.name)\(when)\(note)")
            }
            if statuses.contains(where: { $0.state == .changed }) {
                throw CommandFailure(status: 3, message: "an applied schema file has changed since it was applied; restore it")
            }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop recruit's private PostgreSQL server (it starts again on the next command).")

        func run() throws {
            guard case let .embedded(home) = DatabaseLocation.resolve(option: nil) else {
                throw CommandFailure(status: 2, message: "a database is configured (DATABASE_URL or PG*); recruit only stops its own private server")
            }
            // As root the cluster may live elsewhere than RECRUIT_HOME (see EmbeddedPostgres): name the real one.
            let cluster = try EmbeddedPostgres(folder: home)
            guard cluster.isRunning() else {
                Console.current.out("recruit's private PostgreSQL in \(cluster.home) is not running")
                return
            }
            try cluster.stop()
            Console.current.out("stopped recruit's private PostgreSQL in \(cluster.home)")
        }
    }
}
