import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `recruit backup FILE` and `recruit restore FILE`: the whole database in pg_dump's custom format, and back.
///
/// Backup runs `pg_dump --format=custom` into a hidden file beside FILE (created with mode 0600: it holds personal
/// data) and renames it to FILE only when pg_dump succeeded and the file is on disk, so FILE is never half-written.
///
/// Restore is all-or-nothing, in one transaction of `psql --single-transaction`: first every object of the `public`
/// schema is dropped (the database recruit migrated), then the archive's SQL (`pg_restore --no-owner
/// --no-privileges` to a file) runs. This was chosen over `pg_restore --single-transaction --clean`, which drops only
/// what the archive names (a newer table would survive and break the next migration), and over restoring into a new
/// database and renaming it, which needs CREATEDB, no other session on the old database, and a server-side rename a
/// hosted database may refuse. The archive is read whole by pg_restore before anything is sent, so a truncated or
/// foreign file is refused with the database untouched. Its SQL goes to a file that is unlinked as soon as it is
/// open (psql reads it from its standard input): nothing with personal data is left in /tmp, and if recruit is
/// killed, psql still reads a whole file and commits all of it, or nothing.
package enum DatabaseBackup {
    /// What a backup or restore did.
    package struct Report: Sendable {
        /// The database, as `Connection.target` says it (never a password).
        package let target: String
        package let path: String
        package let bytes: Int
        package let seconds: Double
    }

    /// Writes the database of `connection` to `path`.
    /// - Throws: ``BackupError``; FILE is untouched when it throws.
    package static func backup(_ connection: Connection, to path: String) throws -> Report {
        let start = Date()
        let pgDump = try program("pg_dump")
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let partial = (folder as NSString).appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BackupError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var done = false
        defer {
            close(descriptor)
            if !done { unlink(partial) }
        }
        let (arguments, extra) = try connectionArguments(connection)
        let said = try runCapturing(pgDump, ["--format=custom", "--no-password", "--file=\(partial)"] + arguments,
                                    input: nil, output: nil, extra: extra)
        guard said.status == 0 else {
            throw BackupError.programFailed(program: "pg_dump", output: scrub(said.text, connection))
        }
        guard fsync(descriptor) == 0 else {
            throw BackupError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        fstat(descriptor, &info)
        guard rename(partial, path) == 0 else {
            throw BackupError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        done = true
        return Report(target: connection.target, path: path, bytes: Int(info.st_size), seconds: Date().timeIntervalSince(start))
    }

    /// Replaces the database of `connection` with the archive at `path`, in one transaction.
    /// - Parameter replace: allow a database that holds data (else only an empty or fresh one is restored into).
    /// - Throws: ``BackupError``; the database is as it was when it throws.
    package static func restore(_ connection: Connection, from path: String, replace: Bool) throws -> Report {
        let start = Date()
        let archive = open(path, O_RDONLY | O_CLOEXEC)
        guard archive >= 0 else { throw BackupError.cannotRead(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        fstat(archive, &info)
        var magic = [UInt8](repeating: 0, count: 5)
        let got = read(archive, &magic, 5)
        close(archive)
        guard got == 5, magic == Array("PGDMP".utf8) else {
            throw BackupError.notABackup(path: path, reason: "it does not start like a pg_dump custom-format archive")
        }
        let pgRestore = try program("pg_restore")
        let psql = try program("psql")
        if !replace, let holding = try tablesWithRows(connection).first {
            throw BackupError.notEmpty(target: connection.target, table: holding)
        }

        // The archive as SQL, in a file no other process can open (unlinked at once).
        let script = try anonymousFile()
        defer { close(script) }
        let restored = try runCapturing(pgRestore, ["--no-owner", "--no-privileges", "--file=-", path], input: nil,
                                        output: script, extra: [:])
        guard restored.status == 0 else {
            throw BackupError.notABackup(path: path, reason: restored.text)
        }
        lseek(script, 0, SEEK_SET)
        let (arguments, extra) = try connectionArguments(connection)
        let loaded = try runCapturing(psql, ["--no-psqlrc", "--quiet", "--no-password", "--single-transaction",
                                             "--set=ON_ERROR_STOP=1", "--command=\(dropEverything)", "--file=-"]
                                            + arguments, input: script, output: nil, extra: extra)
        guard loaded.status == 0 else {
            throw BackupError.programFailed(program: "psql", output: scrub(loaded.text, connection))
        }
        return Report(target: connection.target, path: path, bytes: Int(info.st_size), seconds: Date().timeIntervalSince(start))
    }

    /// The tables of the `public` schema that hold rows, but for the ones a fresh database fills by itself (the
    /// migrations' record, the agency's empty policy, the erasure salt).
    static func tablesWithRows(_ connection: Connection) throws -> [String] {
        let tables = try connection.query("""
            SELECT tablename FROM pg_tables WHERE schemaname = 'public'
              AND tablename NOT IN ('schema_migrations', 'agency_policy', 'erasure_salt')
            ORDER BY tablename
            """).rows.compactMap { $0[0] }
        return try tables.filter { table in
            try connection.query("SELECT EXISTS (SELECT FROM public.\(quoteIdentifier(table)))").scalar == "t"
        }
    }

    /// Drops every table, view, sequence, routine and type of the `public` schema (none of an extension's), in one
    /// statement: the first of the restore's transaction. The statements are made up front, before any runs.
    static let dropEverything = """
        DO $$
        DECLARE
            statements text[];
            statement text;
        BEGIN
            statements := ARRAY(SELECT format('DROP VIEW IF EXISTS public.%I CASCADE', viewname)
                                FROM pg_views WHERE schemaname = 'public')
                || ARRAY(SELECT format('DROP TABLE IF EXISTS public.%I CASCADE', tablename)
                         FROM pg_tables WHERE schemaname = 'public')
                || ARRAY(SELECT format('DROP SEQUENCE IF EXISTS public.%I CASCADE', sequencename)
                         FROM pg_sequences WHERE schemaname = 'public')
                || ARRAY(SELECT format('DROP ROUTINE IF EXISTS %s CASCADE', p.oid::regprocedure)
                         FROM pg_proc p
                         WHERE p.pronamespace = 'public'::regnamespace
                           AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e'))
                || ARRAY(SELECT format('DROP TYPE IF EXISTS public.%I CASCADE', t.typname)
                         FROM pg_type t
                         LEFT JOIN pg_class c ON c.oid = t.typrelid
                         WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r', 'm', 'c')
                           AND (c.oid IS NULL OR c.relkind = 'c')
                           AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e'));
            FOREACH statement IN ARRAY statements LOOP
                EXECUTE statement;
            END LOOP;
        END
        $$
        """

    // MARK: - Running the client programs

    private static func program(_ name: String) throws -> String {
        guard let path = PostgresServerPrograms.locate(program: name) else { throw BackupError.programMissing(name) }
        return path
    }

    /// `--dbname=...` without the password, which travels in `PGPASSWORD` instead (never on a command line, where
    /// other users of the machine could read it); nothing for libpq's own defaults and `PG*` variables.
    private static func connectionArguments(_ connection: Connection) throws -> ([String], [String: String]) {
        guard let conninfo = connection.conninfo, !conninfo.isEmpty else { return ([], [:]) }
        let settings = try Connection.settings(in: conninfo)
        var extra: [String: String] = [:]
        if let password = settings.first(where: { $0.key == "password" })?.value { extra["PGPASSWORD"] = password }
        let text = settings.filter { $0.key != "password" }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return "\(key)='\(escaped)'"
        }.joined(separator: " ")
        return (["--dbname=\(text)"], extra)
    }

    /// Runs a program with its standard error (and output, when `output` is nil) in an unlinked file, and returns
    /// the last lines it wrote.
    private static func runCapturing(_ executable: String, _ arguments: [String], input: Int32?, output: Int32?,
                                     extra: [String: String]) throws -> (status: Int32, text: String) {
        let log = try anonymousFile()
        defer { close(log) }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(null) }
        let status = try ServerProgram.run(executable, arguments, input: input ?? null, output: output ?? log,
                                           error: log, extra: extra)
        let size = lseek(log, 0, SEEK_END)
        let keep = min(Int(max(size, 0)), 8_192)
        var bytes = [UInt8](repeating: 0, count: keep)
        let got = pread(log, &bytes, keep, off_t(Int(size) - keep))
        let text = String(decoding: bytes.prefix(max(got, 0)), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).suffix(6).joined(separator: "\n")
        return (status, lines.isEmpty ? "it exited with status \(status)" : lines)
    }

    /// A read-write file in the temporary folder that has no name any more (mode 0600 while it had one).
    private static func anonymousFile() throws -> Int32 {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder as NSString).appendingPathComponent("recruit-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw BackupError.cannotWrite(path: folder, reason: String(cString: strerror(errno)))
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return descriptor
    }

    private static func scrub(_ text: String, _ connection: Connection) -> String {
        let secrets = (try? Connection.secrets(in: connection.conninfo)) ?? []
        return Connection.scrub(text, secrets)
    }
}

/// Why a backup or restore failed. Nothing was changed: no backup file written, the database as it was.
package enum BackupError: Error, Sendable, CustomStringConvertible {
    case programMissing(String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case notABackup(path: String, reason: String)
    case notEmpty(target: String, table: String)
    case programFailed(program: String, output: String)

    package var description: String {
        switch self {
        case let .programMissing(name):
            return "\(name) is not installed (it comes with PostgreSQL's client programs): "
                + "\(PostgresServerPrograms.installCommand), or set RECRUIT_PG_BIN to the folder that has it"
        case let .cannotWrite(path, reason):
            return "cannot write the backup to \(path): \(reason); nothing was written. Choose a folder you can write to"
        case let .cannotRead(path, reason):
            return "cannot read \(path): \(reason); the database was not changed"
        case let .notABackup(path, reason):
            return "\(path) is not a whole backup made by recruit backup (pg_dump's custom format): \(reason)\n"
                + "the database was not changed; check the file (a copy cut short, or another kind of file)"
        case let .notEmpty(target, table):
            return "the database \(target) already holds data (table \(table) has rows); nothing was changed. "
                + "Restore into an empty database, or add --replace to replace everything it holds"
        case let .programFailed(program, output):
            return "\(program) failed; nothing was changed:\n\(output)"
        }
    }
}
