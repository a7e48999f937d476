import Foundation

/// One numbered SQL file of `sql/`, e.g. `0001_schema.sql`.
package struct Migration: Sendable, Equatable {
    package let version: Int
    package let name: String
    package let sql: String

    package init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The migrations shipped with recruit (the `sql/` folder, bundled as a resource), in order.
    package static func bundled() throws -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "sql", withExtension: nil) else {
            throw MigrationError.filesMissing(folder: "sql/ (bundled resource)")
        }
        return try load(from: folder.path)
    }

    /// Reads `NNNN_name.sql` files from a folder, in version order. Other files are ignored.
    package static func load(from folder: String) throws -> [Migration] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var migrations: [Migration] = []
        for file in names where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw MigrationError.badFileName(file)
            }
            let text = try String(contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: file, sql: text))
        }
        migrations.sort { $0.version < $1.version }
        for (first, second) in zip(migrations, migrations.dropFirst()) where first.version == second.version {
            throw MigrationError.duplicateVersion(first.name, second.name)
        }
        return migrations
    }
}

/// What `recruit db status` shows for one migration.
package struct MigrationStatus: Sendable, Equatable {
    /// `replaced`: a file that a squash took the place of, applied before the database was carried over (its record is
    /// kept in `schema_migrations_replaced`).
    package enum State: String, Sendable { case applied, pending, changed, unknown, replaced }
    package let version: Int
    package let name: String
    package let state: State
    package let appliedAt: String?
    /// What else to know about it, e.g. which files replaced it.
    package let note: String?

    package init(version: Int, name: String, state: State, appliedAt: String?, note: String? = nil) {
        self.version = version
        self.name = name
        self.state = state
        self.appliedAt = appliedAt
        self.note = note
    }
}

/// What a carry-over did: recorded a squash's files in place of the files they replace.
package struct CarryOver: Sendable, Equatable {
    package let squash: Squash

    /// One line for people, as `recruit db migrate` prints it.
    package var description: String {
        "carried over: \(squash.files.joined(separator: ", ")) recorded in place of \(squash.replacedRange)"
    }
}

package enum MigrationError: Error, Sendable, CustomStringConvertible {
    case filesMissing(folder: String)
    case badFileName(String)
    case duplicateVersion(String, String)
    /// A file applied earlier has different content now.
    case changedAfterApply(name: String, appliedAt: String)
    /// The database has a migration this program does not know (a newer recruit migrated it).
    case unknownApplied(version: Int, name: String)
    case failed(name: String, underlying: DatabaseError)
    /// The database was built by files a squash replaced, but not by all of them, or not by them as they were.
    case cannotCarryOver(squash: Squash, missing: [String], changed: [String])

    package var description: String {
        switch self {
        case let .filesMissing(folder):
            return "the schema files are missing (\(folder)); reinstall recruit"
        case let .badFileName(name):
            return "migration file \(name) is not named NNNN_description.sql"
        case let .duplicateVersion(first, second):
            return "migration files \(first) and \(second) have the same number"
        case let .changedAfterApply(name, appliedAt):
            return """
            migration \(name) was applied to this database on \(appliedAt) but the file has changed since. \
            Applied migrations must never be edited: restore the file and put the change in a new numbered file.
            """
        case let .unknownApplied(version, name):
            return "this database has migration \(version) (\(name)) that this recruit does not know; use a newer recruit"
        case let .failed(name, underlying):
            return "migration \(name) failed and was rolled back: \(underlying)"
        case let .cannotCarryOver(squash, missing, changed):
            var problems: [String] = []
            if !missing.isEmpty { problems.append("never applied: \(missing.joined(separator: ", "))") }
            if !changed.isEmpty { problems.append("applied from an edited file: \(changed.joined(separator: ", "))") }
            return """
            this database was built by the schema files of a development build of recruit, which this recruit \
            carries over only when all of \(squash.replacedRange) were applied unchanged; \
            \(problems.joined(separator: "; ")). Nothing was changed. Bring the database up to \
            \(squash.replaces.last?.name ?? "the last of them") with a recruit built before the squash \
            (CHANGELOG.md names its last commit) and run this recruit again, or import your data into a new database.
            """
        }
    }
}

/// Applies numbered SQL files in order, each once, recording version, name and checksum in `schema_migrations`.
/// Each file and its record commit in one transaction under `pg_advisory_xact_lock`, so racing migrators apply
/// each file exactly once; a file whose checksum differs from the recorded one is refused.
///
/// A database built by files that a ``Squash`` replaced is carried over first, in one transaction under the same
/// lock: only when every replaced file is recorded with its checksum, it runs the squash's `carryOver` SQL, moves
/// the replaced files' records to `schema_migrations_replaced` (with the names of the files that replaced them) and
/// records the squash's files as applied. Its rows stay as they are. Files after the squash then apply as usual.
package struct Migrator: Sendable {
    package let migrations: [Migration]
    /// The squashes whose replaced files this migrator recognises (only those whose files are all in `migrations`).
    package let squashes: [Squash]
    /// The advisory lock key: any fixed number, shared by every recruit.
    static let lockKey = "7215438930125560843"

    package init(migrations: [Migration], squashes: [Squash] = []) {
        self.migrations = migrations
        let names = Set(migrations.map(\.name))
        self.squashes = squashes.filter { $0.files.allSatisfy(names.contains) }
    }

    /// The bundled files, which carry over a database built by the development files before the first release.
    package static func bundled() throws -> Migrator {
        try Migrator(migrations: Migration.bundled(), squashes: [.firstRelease])
    }

    /// Applies what is pending, after carrying over a database built by files a squash replaced.
    /// - Parameter carriedOver: told of each carry-over done now.
    /// - Returns: the names of the files applied now (empty when the schema was up to date). A carry-over applies
    ///   no file: its squash's files are recorded, not run, and are not in this list.
    @discardableResult
    package func migrate(_ connection: Connection, carriedOver: (CarryOver) -> Void = { _ in }) throws -> [String] {
        if try isCurrent(connection) { return [] }
        for squash in squashes {
            if let done = try carryOver(squash, connection) { carriedOver(done) }
        }
        var applied: [String] = []
        for migration in migrations {
            let ran = try connection.transaction { () throws -> Bool in
                try lockAndPrepare(connection)
                let recorded = try connection.query(
                    "SELECT checksum, applied_at::text FROM schema_migrations WHERE version = $1", [String(migration.version)])
                let checksum = try self.checksum(of: migration, connection)
                if let row = recorded.rows.first {
                    guard row[0] == checksum else {
                        throw MigrationError.changedAfterApply(name: migration.name, appliedAt: row[1] ?? "?")
                    }
                    return false
                }
                do {
                    try connection.execute(script: migration.sql)
                } catch let error as DatabaseError {
                    throw MigrationError.failed(name: migration.name, underlying: error)
                }
                try connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [String(migration.version), migration.name, checksum])
                return true
            }
            if ran { applied.append(migration.name) }
        }
        try refuseUnknown(connection)
        return applied
    }

    /// Carries a database built by `squash`'s replaced files over to its files, in one transaction under the lock.
    /// - Returns: nil when the database has none of the replaced files recorded (a fresh database, one built by the
    ///   squash's files, or one already carried over).
    /// - Throws: `MigrationError.cannotCarryOver` when some replaced files are recorded but not all, or not with
    ///   their checksums; nothing is changed then.
    private func carryOver(_ squash: Squash, _ connection: Connection) throws -> CarryOver? {
        try connection.transaction { () throws -> CarryOver? in
            try lockAndPrepare(connection)
            var recorded: [String: (version: Int, checksum: String)] = [:]
            for row in try connection.query("SELECT version, name, checksum FROM schema_migrations").rows {
                recorded[try row.text(1)] = (try row.int(0), try row.text(2))
            }
            guard squash.replaces.contains(where: { recorded[$0.name] != nil }) else { return nil }
            let missing = squash.replaces.filter { recorded[$0.name] == nil }.map(\.name)
            let changed = squash.replaces.filter { old in
                recorded[old.name].map { $0.version != old.version || $0.checksum != old.checksum } ?? false
            }.map(\.name)
            guard missing.isEmpty, changed.isEmpty else {
                throw MigrationError.cannotCarryOver(squash: squash, missing: missing, changed: changed)
            }
            let name = "carry-over to \(squash.files.joined(separator: ", "))"
            do {
                try connection.execute(script: squash.carryOver)
                try connection.execute(script: """
                    CREATE TABLE IF NOT EXISTS schema_migrations_replaced (
                        version     integer NOT NULL,
                        name        text PRIMARY KEY,
                        checksum    text NOT NULL,
                        applied_at  timestamptz NOT NULL,
                        replaced_by text NOT NULL,
                        replaced_at timestamptz NOT NULL DEFAULT now()
                    )
                    """)
            } catch let error as DatabaseError {
                throw MigrationError.failed(name: name, underlying: error)
            }
            let replacedBy = squash.files.joined(separator: ", ")
            for old in squash.replaces {
                try connection.query("""
                    WITH moved AS (DELETE FROM schema_migrations WHERE version = $1 AND name = $2
                                   RETURNING version, name, checksum, applied_at)
                    INSERT INTO schema_migrations_replaced (version, name, checksum, applied_at, replaced_by)
                    SELECT version, name, checksum, applied_at, $3 FROM moved
                    """, [String(old.version), old.name, replacedBy])
            }
            for file in squash.files {
                guard let migration = migrations.first(where: { $0.name == file }) else { continue }
                try connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [String(migration.version), migration.name, try checksum(of: migration, connection)])
            }
            return CarryOver(squash: squash)
        }
    }

    /// True when every file is recorded as applied with its checksum and no other version is: the usual case, said
    /// in one round trip (every command migrates first). Anything else is left to ``migrate(_:carriedOver:)``'s
    /// careful way, which also says what is wrong.
    private func isCurrent(_ connection: Connection) throws -> Bool {
        guard !migrations.isEmpty,
              try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").scalar == "t" else {
            return false
        }
        let files = migrations.indices.map { "($\($0 * 2 + 1)::integer, $\($0 * 2 + 2)::text)" }
        let current = try connection.query("""
            SELECT bool_and(m.checksum IS NOT DISTINCT FROM encode(sha256(convert_to(f.sql, 'UTF8')), 'hex'))
            FROM (VALUES \(files.joined(separator: ", "))) AS f (version, sql)
            FULL JOIN schema_migrations m ON m.version = f.version
            """, migrations.flatMap { [String($0.version), $0.sql] }).scalar
        return current == "t"
    }

    /// Every known file and every recorded version, with its state. On a carried-over database the replaced files
    /// come first, as `replaced`; on one still to be carried over, they are listed as recorded (applied, or changed
    /// when their checksum is not the released one), and the squash's files as pending, with a note.
    package func status(_ connection: Connection) throws -> [MigrationStatus] {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").scalar == "t"
        var result: [MigrationStatus] = []
        if try connection.query("SELECT to_regclass('schema_migrations_replaced') IS NOT NULL").scalar == "t" {
            for row in try connection.query("""
                SELECT version, name, applied_at::text, replaced_by, replaced_at::text
                FROM schema_migrations_replaced ORDER BY version, name
                """).rows {
                result.append(MigrationStatus(version: try row.int(0), name: try row.text(1), state: .replaced,
                                              appliedAt: row[2], note: "by \(row[3] ?? "?") on \(row[4] ?? "?")"))
            }
        }
        var recorded: [Int: (name: String, checksum: String, appliedAt: String)] = [:]
        var pendingCarryOver: [String: Squash] = [:]
        var carriable: [String: Int] = [:]  // per squash (its first file): replaced files recorded as released
        if exists {
            let released = Dictionary(squashes.flatMap { squash in squash.replaces.map { ($0.name, ($0, squash)) } },
                                      uniquingKeysWith: { first, _ in first })
            for row in try connection.query(
                "SELECT version, name, checksum, applied_at::text FROM schema_migrations ORDER BY version").rows {
                let version = try row.int(0)
                let name = try row.text(1)
                if let (old, squash) = released[name], old.version == version {
                    let same = row[2] == old.checksum
                    result.append(MigrationStatus(version: version, name: name, state: same ? .applied : .changed,
                                                  appliedAt: row[3], note: "replaced by \(squash.fileRange) at the next migrate"))
                    for file in squash.files { pendingCarryOver[file] = squash }
                    if same { carriable[squash.files[0], default: 0] += 1 }
                } else {
                    recorded[version] = (name, try row.text(2), try row.text(3))
                }
            }
        }
        for migration in migrations {
            if let record = recorded.removeValue(forKey: migration.version) {
                let same = try checksum(of: migration, connection) == record.checksum
                result.append(MigrationStatus(version: migration.version, name: migration.name,
                                              state: same ? .applied : .changed, appliedAt: record.appliedAt))
            } else {
                let note = pendingCarryOver[migration.name].map { squash in
                    carriable[squash.files[0]] == squash.replaces.count
                        ? "recorded in place of the \(squash.replaces.count) files above at the next migrate"
                        : "cannot carry over the files above: \(squash.replaces.count) unchanged ones are needed; see recruit db migrate"
                }
                result.append(MigrationStatus(version: migration.version, name: migration.name, state: .pending,
                                              appliedAt: nil, note: note))
            }
        }
        for (version, record) in recorded.sorted(by: { $0.key < $1.key }) {
            result.append(MigrationStatus(version: version, name: record.name, state: .unknown, appliedAt: record.appliedAt))
        }
        return result
    }

    private func lockAndPrepare(_ connection: Connection) throws {
        try connection.query("SELECT pg_advisory_xact_lock($1::bigint)", [Migrator.lockKey])
        try connection.execute(script: """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
    }

    /// SHA-256 of the file's text, computed by the server (no crypto library needed on the client).
    private func checksum(of migration: Migration, _ connection: Connection) throws -> String {
        try connection.query("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", [migration.sql]).scalar ?? ""
    }

    private func refuseUnknown(_ connection: Connection) throws {
        let known = Set(migrations.map(\.version))
        for row in try connection.query("SELECT version, name FROM schema_migrations ORDER BY version").rows {
            let version = try row.int(0)
            if !known.contains(version) {
                throw MigrationError.unknownApplied(version: version, name: try row.text(1))
            }
        }
    }
}
