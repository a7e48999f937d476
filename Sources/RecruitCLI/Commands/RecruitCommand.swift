import ArgumentParser
import Recruiting

/// `recruit`: the daily follow-up queue for a staffing agency, on PostgreSQL.
struct RecruitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recruit",
        abstract: "Follow-up discipline for staffing agencies: who should write, call or wait today.",
        discussion: """
        With no database configured, recruit runs its own private PostgreSQL under RECRUIT_HOME \
        (default ~/.local/share/recruit). Set DATABASE_URL (or pass --database) to use a shared server; \
        libpq's PG* variables work too.

        Exit status: 0 done, 1 input refused, 2 usage error, 3 database unreachable or not migrated.
        """,
        version: "recruit \(RecruitVersion.current)",
        subcommands: [DemoCommand.self, QueueCommand.self, DraftCommand.self, TemplateCommand.self, SummaryCommand.self, ImportCommand.self, ProfileCommand.self, ActivityCommand.self, LogCommand.self, ExplainCommand.self, PolicyCommand.self, ServeCommand.self, UserCommand.self, AuditCommand.self, ForgetCommand.self, ExportCommand.self, RetentionCommand.self, BackupCommand.self, RestoreCommand.self, DBCommand.self, MailCommand.self]
    )
}

/// Options every command that touches the database takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database"),
            help: ArgumentHelp("""
                A libpq URI or key=value string (overrides DATABASE_URL), or a database's name on the server \
                DATABASE_URL or PG* name, else on recruit's private server (--database recruit_demo: the demo's).
                """, valueName: "url"))
    var url: String?
}
