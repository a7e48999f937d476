import Foundation
import RecruitCLI
import Recruiting
import RecruitTestSupport
import Testing

/// Runs `recruit` in-process with captured output.
func recruit(_ arguments: String...) -> (status: Int32, out: String, err: String) {
    recruit(arguments)
}

/// Runs `body` with the conninfo of a fresh database holding the bundled samples, loaded by `recruit demo`.
func withSampleAgency(_ body: (String) async throws -> Void) async throws {
    try await TestDatabase.with { database in
        let demo = recruit("demo", "--database", database.conninfo)
        #expect(demo.status == 0, "\(demo.err)")
        try await body(database.conninfo)
    }
}

@Suite("recruit db")
struct DatabaseCommandTests {
    @Test("an unreachable server exits 3 with two lines that hide the password")
    func unreachableServerExitsThree() {
        let result = recruit("db", "status", "--database", "postgresql://agency:S3cr3t-pw@127.0.0.1:1/recruit?connect_timeout=3")
        #expect(result.status == 3)
        #expect(!result.err.contains("S3cr3t-pw"))
        #expect(result.err.split(separator: "\n").count == 2, "what was tried, then what to check")
        #expect(result.err.hasPrefix("recruit: cannot connect to database \"recruit\" on host 127.0.0.1, port 1"))
    }

    @Test("db migrate applies the schema once, then reports it up to date; db status lists it")
    func migrateThenStatus() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let first = recruit("db", "migrate", "--database", database.conninfo)
            #expect(first.status == 0)
            #expect(first.out.contains("applied 0001_tables_and_types.sql"))
            let second = recruit("db", "migrate", "--database", database.conninfo)
            #expect(second.status == 0)
            #expect(second.out.contains("up to date"))
            let status = recruit("db", "status", "--database", database.conninfo)
            #expect(status.status == 0)
            #expect(status.out.contains("applied  0001_tables_and_types.sql"))
        }
    }

    /// The development schema files the first release's squash replaced (RecruitingTests' fixture, read from the
    /// source tree).
    static func preSquash() throws -> [Migration] {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return try Migration.load(from: tests.appendingPathComponent("RecruitingTests/Fixtures/presquash-sql").path)
    }

    @Test("db migrate carries over a database built by the development files and says so; db status shows both sides")
    func migrateCarriesOver() async throws {
        try await TestDatabase.with(migrated: false) { database in
            try Migrator(migrations: try Self.preSquash()).migrate(try database.connect())
            let before = recruit("db", "status", "--database", database.conninfo)
            #expect(before.status == 0)
            #expect(before.out.contains(
                "applied  0013_activity_references_per_statement.sql at "))
            #expect(before.out.contains(
                " (replaced by 0001_tables_and_types.sql ... 0003_queue_derived_rows.sql at the next migrate)\n"))
            #expect(before.out.contains(
                "pending  0001_tables_and_types.sql (recorded in place of the 12 files above at the next migrate)\n"))
            let migrate = recruit("db", "migrate", "--database", database.conninfo)
            #expect(migrate.status == 0)
            // Files added after the squash (0014 on) are then applied as usual.
            let added = try Migration.bundled().dropFirst(3).map { "applied \($0.name)\n" }.joined()
            #expect(migrate.out == """
                carried over: 0001_tables_and_types.sql, 0002_import_helpers.sql, 0003_queue_derived_rows.sql recorded \
                in place of 0001_schema.sql ... 0013_activity_references_per_statement.sql (12 files)

                """ + added)
            let after = recruit("db", "status", "--database", database.conninfo)
            #expect(after.status == 0)
            let lines = after.out.split(separator: "\n")
            #expect(lines.count == 16 + (try Migration.bundled().count - 3))
            #expect(lines.dropFirst().prefix(12).allSatisfy { $0.hasPrefix("replaced 00") })
            #expect(lines.dropFirst(13).allSatisfy { $0.hasPrefix("applied  00") })
            #expect(lines[1].hasPrefix("replaced 0001_schema.sql at "))
            #expect(lines[1].contains(" (by 0001_tables_and_types.sql, 0002_import_helpers.sql, 0003_queue_derived_rows.sql on "))
            #expect(zip(lines.dropFirst(13), ["0001_tables_and_types.sql", "0002_import_helpers.sql", "0003_queue_derived_rows.sql"])
                .allSatisfy { line, file in line.hasPrefix("applied  \(file) at ") && !line.hasSuffix(")") })
            #expect(recruit("db", "migrate", "--database", database.conninfo).out.contains("up to date"))
        }
    }

    @Test("a partly migrated development database is refused with exit 3 and what to do, by db migrate and every command")
    func partlyMigratedDatabaseIsRefused() async throws {
        try await TestDatabase.with(migrated: false) { database in
            try Migrator(migrations: Array(try Self.preSquash().dropLast())).migrate(try database.connect())
            for arguments in [["db", "migrate"], ["queue", "--as-of", "2026-11-20"]] {
                let result = recruit(arguments + ["--database", database.conninfo])
                #expect(result.status == 3)
                #expect(result.out.isEmpty)
                #expect(result.err.hasPrefix("recruit: this database was built by the schema files of a development build"))
                #expect(result.err.contains("never applied: 0013_activity_references_per_statement.sql"))
                #expect(result.err.contains("Nothing was changed."))
            }
        }
    }

    @Test("a usage error exits 2")
    func usageErrorExitsTwo() {
        #expect(recruit("db", "--no-such-flag").status == 2)
        #expect(recruit("no-such-command").status == 2)
    }

    @Test("--version prints the version CHANGELOG.md's newest release names, and exits 0")
    func versionMatchesTheChangelog() throws {
        let result = recruit("--version")
        #expect(result.status == 0)
        #expect(result.out == "recruit \(RecruitVersion.current)\n")
        let changelog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("CHANGELOG.md")
        let newest = try String(contentsOf: changelog, encoding: .utf8).split(separator: "\n")
            .first { $0.hasPrefix("## [") && !$0.hasPrefix("## [Unreleased]") }
        #expect(newest?.hasPrefix("## [\(RecruitVersion.current)]") == true, "\(newest ?? "no release heading")")
    }

    @Test("--help teaches and exits 0")
    func helpExitsZero() {
        let result = recruit("--help")
        #expect(result.status == 0)
        #expect(result.out.contains("DATABASE_URL"))
    }
}
