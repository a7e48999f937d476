import Foundation

/// One numbered SQL file of `sql/`, e.g. `0001_schema.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The migrations shipped with recruit (the `sql/` folder, bundled as a resource), in order.
    public static func bundled() throws -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "sql", withExtension: nil) else {
            throw MigrationError.filesMissing(folder: "sql/ (bundled resource)")
        }
        return try load(from: folder.path)
    }

    /// Reads `NNNN_name.sql` files from a folder, in version order. Other files are ignored.
    public static func load(from folder: String) throws -> [Migration] {
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
public struct MigrationStatus: Sendable, Equatable {
    public enum State: String, Sendable { case applied, pending, changed, unknown }
    public let version: Int
    public let name: String
    public let state: State
    public let appliedAt: String?
}

public enum MigrationError: Error, Sendable, CustomStringConvertible {
    case filesMissing(folder: String)
    case badFileName(String)
    case duplicateVersion(String, String)
    /// A file applied earlier has different content now.
    case changedAfterApply(name: String, appliedAt: String)
    /// The database has a migration this program does not know (a newer recruit migrated it).
    case unknownApplied(version: Int, name: String)
    case failed(name: String, underlying: DatabaseError)

    public var description: String {
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
        }
    }
}

/// Applies numbered SQL files in order, each once, recording version, name and checksum in `schema_migrations`.
/// Each file and its record commit in one transaction under `pg_advisory_xact_lock`, so racing migrators apply
/// each file exactly once; a file whose checksum differs from the recorded one is refused.
public struct Migrator: Sendable {
    public let migrations: [Migration]
    /// The advisory lock key: any fixed number, shared by every recruit.
    static let lockKey = "7215438930125560843"

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    public static func bundled() throws -> Migrator { try Migrator(migrations: Migration.bundled()) }

    /// Applies what is pending.
    /// - Returns: the names of the files applied now (empty when the schema was up to date).
    @discardableResult
    public func migrate(_ connection: Connection) throws -> [String] {
        if try isCurrent(connection) { return [] }
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

    /// True when every file is recorded as applied with its checksum and no other version is: the usual case, said
    /// in one round trip (every command migrates first). Anything else is left to ``migrate(_:)``'s careful way,
    /// which also says what is wrong.
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

    /// True when every file is recorded as applied (it does not compare checksums; `migrate` does).
    public func isUpToDate(_ connection: Connection) throws -> Bool {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").scalar == "t"
        guard exists else { return migrations.isEmpty }
        let versions = Set(try connection.query("SELECT version FROM schema_migrations").rows.compactMap { $0[0].flatMap(Int.init) })
        return migrations.allSatisfy { versions.contains($0.version) }
    }

    /// Every known file and every recorded version, with its state.
    public func status(_ connection: Connection) throws -> [MigrationStatus] {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").scalar == "t"
        var recorded: [Int: (name: String, checksum: String, appliedAt: String)] = [:]
        if exists {
            for row in try connection.query("SELECT version, name, checksum, applied_at::text FROM schema_migrations").rows {
                guard let version = row[0].flatMap(Int.init) else { continue }
                recorded[version] = (row[1] ?? "", row[2] ?? "", row[3] ?? "")
            }
        }
        var result: [MigrationStatus] = []
        for migration in migrations {
            if let record = recorded.removeValue(forKey: migration.version) {
                let same = try checksum(of: migration, connection) == record.checksum
                result.append(MigrationStatus(version: migration.version, name: migration.name,
                                              state: same ? .applied : .changed, appliedAt: record.appliedAt))
            } else {
                result.append(MigrationStatus(version: migration.version, name: migration.name, state: .pending, appliedAt: nil))
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
            if let version = row[0].flatMap(Int.init), !known.contains(version) {
                throw MigrationError.unknownApplied(version: version, name: row[1] ?? "")
            }
        }
    }
}
