import Foundation
import Recruiting
import RecruitTestSupport
import Testing

@Suite("Migrator")
struct MigratorTests {
    static let files = [
        Migration(version: 1, name: "0001_first.sql", sql: "CREATE TABLE first (id int); INSERT INTO first VALUES (1);"),
        Migration(version: 2, name: "0002_second.sql", sql: "CREATE TABLE second (id int); INSERT INTO second VALUES (2);"),
    ]

    @Test("migrating twice applies each file once")
    func migratingTwiceChangesNothing() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            let migrator = Migrator(migrations: Self.files)
            #expect(try migrator.migrate(connection) == ["0001_first.sql", "0002_second.sql"])
            #expect(try migrator.migrate(connection) == [])
            #expect(try connection.query("SELECT count(*) FROM first").scalar == "1")
            #expect(try migrator.status(connection).map(\.state) == [.applied, .applied])
        }
    }

    @Test("an up-to-date database gets only the new files, and one with a version unknown here is refused")
    func newFilesApplyAndUnknownVersionsAreRefused() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            #expect(try Migrator(migrations: [Self.files[0]]).migrate(connection) == ["0001_first.sql"])
            #expect(try Migrator(migrations: [Self.files[0]]).migrate(connection) == [])
            #expect(try Migrator(migrations: Self.files).migrate(connection) == ["0002_second.sql"])
            do {
                try Migrator(migrations: [Self.files[0]]).migrate(connection)
                Issue.record("a database with a newer migration was accepted")
            } catch let error as MigrationError {
                #expect(error.description.contains("0002_second.sql"))
                #expect(error.description.contains("newer recruit"))
            }
        }
    }

    @Test("racing migrators apply each file exactly once")
    func racingMigratorsApplyOnce() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let migrator = Migrator(migrations: Self.files)
            let conninfo = database.conninfo
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<6 {
                    group.addTask { try migrator.migrate(Connection(conninfo: conninfo)) }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(applied.sorted() == ["0001_first.sql", "0002_second.sql"])
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM first").scalar == "1")
            #expect(try connection.query("SELECT count(*) FROM schema_migrations").scalar == "2")
        }
    }

    @Test("a changed applied file is refused with a clear message")
    func changedFileIsRefused() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            try Migrator(migrations: Self.files).migrate(connection)
            let edited = [Self.files[0], Migration(version: 2, name: "0002_second.sql", sql: "CREATE TABLE second (id bigint);")]
            do {
                try Migrator(migrations: edited).migrate(connection)
                Issue.record("an edited migration was accepted")
            } catch let error as MigrationError {
                #expect(error.description.contains("0002_second.sql"))
                #expect(error.description.contains("changed"))
            }
            #expect(try Migrator(migrations: edited).status(connection).map(\.state) == [.applied, .changed])
        }
    }

    @Test("a failing file is rolled back with its record")
    func failingFileRollsBack() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            let broken = [Self.files[0], Migration(version: 2, name: "0002_broken.sql", sql: "CREATE TABLE half (id int); SELEC nonsense;")]
            #expect(throws: MigrationError.self) { try Migrator(migrations: broken).migrate(connection) }
            #expect(try connection.query("SELECT to_regclass('half') IS NULL").scalar == "t")
            #expect(try Migrator(migrations: broken).status(connection).map(\.state) == [.applied, .pending])
        }
    }

    @Test("the bundled schema applies and enforces its keys")
    func bundledSchemaEnforcesKeys() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            let applied = try Migrator.bundled().migrate(connection)
            #expect(applied.prefix(3) == ["0001_tables_and_types.sql", "0002_import_helpers.sql", "0003_queue_derived_rows.sql"])
            try connection.query("INSERT INTO candidates (email) VALUES ($1)", ["ana.ng@example.com"])
            // E-mail is stored lower-case, so a differently cased duplicate cannot exist.
            #expect(throws: DatabaseError.self) { try connection.query("INSERT INTO candidates (email) VALUES ($1)", ["Ana.Ng@Example.com"]) }
            #expect(throws: DatabaseError.self) { try connection.query("INSERT INTO openings (id, client_id, title, status) VALUES ('X', 1, 't', 'bogus')") }
        }
    }
}
