import ArgumentParser
import Foundation
import Recruiting

/// `recruit backup FILE`: the whole database in pg_dump's custom format.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write the whole database to a file (pg_dump's custom format).",
        discussion: """
        The configured database (the private one included) goes to FILE, written beside it under a hidden name \
        and renamed when complete, so FILE is never half-written; it is readable by you only, since it holds \
        personal data. pg_dump is found where the server programs are (RECRUIT_PG_BIN, PATH, \
        /usr/lib/postgresql/<version>/bin).

        Example: recruit backup ~/backups/recruit-2026-12-06.dump
        """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("Where to write the backup.", valueName: "file"))
    var file: String

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let report = try DatabaseBackup.backup(connection, to: file)
        try Audit.record(connection, actor: Audit.commandLineActor, action: "database.backup",
                         detail: ["bytes": "\(report.bytes)"])
        Console.current.out("backed up \(report.target) to \(report.path) (\(BackupCommand.size(report.bytes))) "
                            + "in \(String(format: "%.1f", report.seconds)) s")
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / 1_048_576)
            : String(format: "%.0f kB", (Double(bytes) / 1_024).rounded(.up))
    }
}

/// `recruit restore FILE [--replace]`: a backup back into the configured database, all or nothing.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Load a backup made by recruit backup into the database, all or nothing.",
        discussion: """
        The database must be empty (a new one, or just migrated) unless --replace is given, which replaces \
        everything it holds. One transaction: a truncated or foreign file, or any failure, leaves the database \
        as it was. The schema is then brought up to date, as every command does.

        Examples:
          recruit restore ~/backups/recruit-2026-12-06.dump --database recruit_copy
          recruit restore ~/backups/recruit-2026-12-06.dump --replace
        """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The backup to load.", valueName: "file"))
    var file: String
    @Flag(help: "Replace everything the database holds.")
    var replace = false

    func run() throws {
        let location = DatabaseLocation.resolve(option: database.url)
        let connection = try location.open(migrate: false)
        let report = try DatabaseBackup.restore(connection, from: file, replace: replace)
        let restored = try location.open()
        try Audit.record(restored, actor: Audit.commandLineActor, action: "database.restore",
                         detail: ["bytes": "\(report.bytes)", "replaced": replace ? "allowed" : "no"])
        let counts = try restored.query("""
            SELECT (SELECT count(*) FROM candidates WHERE erased_at IS NULL), (SELECT count(*) FROM applications),
                   (SELECT count(*) FROM activities)
            """).rows[0].map { $0 ?? "0" }
        Console.current.out("restored \(report.path) (\(BackupCommand.size(report.bytes))) into \(report.target) "
                            + "in \(String(format: "%.1f", report.seconds)) s: \(counts[0]) candidates, "
                            + "\(counts[1]) applications, \(counts[2]) activities")
    }
}
