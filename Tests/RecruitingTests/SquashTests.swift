import Foundation
import Policies
import Recruiting
import RecruitTestSupport
import Testing

/// The first release's schema files (`sql/0001`-`0003`) replace the development files `0001`-`0013`, kept here as a
/// fixture (`Fixtures/presquash-sql`, not shipped). A database built by the development files is carried over:
/// every row kept, the schema brought to exactly what a fresh database gets.
@Suite("The squashed schema and the carry-over of databases built by the development files")
struct SquashTests {
    /// The development files 0001-0013, as they were applied.
    static func preSquash() throws -> [Migration] {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try Migration.load(from: folder.appendingPathComponent("presquash-sql").path)
    }

    /// The squashed files alone, with their squash: files added later (0014 on) are `laterFilesFollowTheSquash`'s
    /// business, so that these tests say the same whatever comes after.
    static func squashOnly() throws -> Migrator {
        try Migrator(migrations: Migration.bundled().filter { Squash.firstRelease.files.contains($0.name) },
                     squashes: [.firstRelease])
    }

    /// The tables whose rows must survive a carry-over (every table of the schema).
    static let tables = ["clients", "hiring_managers", "openings", "candidates", "applications", "activities",
                         "agency_policy", "client_policies", "application_timelines"]

    /// Builds a database the old way (the development files) and fills it: the sample agency and some policies.
    static func buildTheOldWay(_ connection: Connection, also extra: [Migration] = []) throws {
        #expect(try Migrator(migrations: try preSquash() + extra).migrate(connection).count == 12 + extra.count)
        let importer = Importer(connection: connection)
        for kind in ImportKind.allCases { _ = try importer.run(kind, from: .file(try Samples.file(kind).path)) }
        try connection.query("UPDATE agency_policy SET settings = $1::jsonb", [#"{"timezone": "Europe/Berlin"}"#])
        try connection.query("""
            INSERT INTO client_policies (client_id, settings) SELECT id, $1::jsonb FROM clients WHERE name = $2
            """, [#"{"thank_you_days": 2}"#, "Acme Corp"])
    }

    /// Each table's row count and a digest of all its rows, in a fixed order.
    static func contents(_ connection: Connection) throws -> [String: String] {
        var result: [String: String] = [:]
        for table in tables {
            // The names come from the constant list above; no value is interpolated.
            result[table] = try connection.query("""
                SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-')
                FROM \(table) t
                """).scalar
        }
        return result
    }

    /// `pg_dump --schema-only` of a database, without the migrator's bookkeeping tables and the random key of the
    /// `\restrict` lines newer pg_dumps write.
    static func schema(of database: TestDatabase) throws -> String {
        let pgDump = try #require(PostgresServerPrograms.locate(program: "pg_dump"),
                                  "pg_dump not found (apt-get install -y postgresql)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pgDump)
        process.arguments = ["--schema-only", "--exclude-table=schema_migrations",
                             "--exclude-table=schema_migrations_replaced", "--dbname=\(database.conninfo)"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let dump = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(pgDump): \(String(decoding: complaint, as: UTF8.self))")
        return String(decoding: dump, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }
            .joined(separator: "\n")
    }

    /// The first lines where two dumps differ, for a failure message.
    static func difference(_ first: String, _ second: String) -> String {
        let a = first.split(separator: "\n", omittingEmptySubsequences: false)
        let b = second.split(separator: "\n", omittingEmptySubsequences: false)
        guard let line = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset
                ?? (a.count == b.count ? nil : min(a.count, b.count)) else { return "the same" }
        let excerpt = { (lines: [Substring]) in lines[line..<min(lines.count, line + 6)].joined(separator: "\n") }
        return "from line \(line + 1):\n--- carried over\n\(excerpt(a))\n--- fresh\n\(excerpt(b))"
    }

    @Test("the fixture holds the very files the squash replaces (names, versions, checksums), and none is bundled")
    func fixtureMatchesTheSquash() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            let old = try Self.preSquash()
            var listed: [Squash.Replaced] = []
            for migration in old {
                let checksum = try connection.query("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')",
                                                    [migration.sql]).scalar ?? ""
                listed.append(Squash.Replaced(version: migration.version, name: migration.name, checksum: checksum))
            }
            #expect(listed == Squash.firstRelease.replaces)
            let bundled = try Migration.bundled()
            #expect(bundled.prefix(3).map(\.name) == Squash.firstRelease.files)
            #expect(bundled.prefix(3).map(\.version) == [1, 2, 3])
            // The replaced files' numbers are never used again: the next file is 0014.
            #expect(bundled.dropFirst(3).allSatisfy { $0.version >= 14 })
            #expect(Set(bundled.map(\.name)).isDisjoint(with: old.map(\.name)))
            #expect(try Migrator.bundled().squashes == [Squash.firstRelease])
        }
    }

    @Test("a database built by the old files keeps every row when carried over, and its schema is a fresh one's (pg_dump --schema-only)")
    func carriedOverEqualsFresh() async throws {
        try await TestDatabase.with(migrated: false) { old in
            let connection = try old.connect()
            try Self.buildTheOldWay(connection)
            let before = try Self.contents(connection)
            #expect(before["activities"]?.hasPrefix("137 rows") == true)
            #expect(before["application_timelines"]?.hasPrefix("45 rows") == true)
            #expect(before["client_policies"]?.hasPrefix("1 rows") == true)
            let day = Day(year: 2026, month: 11, day: 20)
            // The queue as the squashed files alone can give it: without the candidates' names, which 0014 adds.
            let queueBefore = Array(try QueueReport.queue(connection, asOf: day, workers: 1, candidateNames: false))

            var carried: [CarryOver] = []
            let applied = try Self.squashOnly().migrate(connection) { carried.append($0) }
            #expect(applied == [])
            #expect(carried.map(\.squash) == [Squash.firstRelease])
            #expect(try Self.contents(connection) == before)
            #expect(Array(try QueueReport.queue(connection, asOf: day, workers: 1, candidateNames: false)) == queueBefore)

            // The bookkeeping: the squashed files recorded, the old records kept beside them.
            #expect(try connection.query("SELECT name FROM schema_migrations ORDER BY version").rows.map { $0[0] ?? "" }
                    == Squash.firstRelease.files)
            let replaced = try connection.query("""
                SELECT version, name, checksum, replaced_by FROM schema_migrations_replaced ORDER BY version
                """).rows
            #expect(replaced.map { Squash.Replaced(version: Int($0[0] ?? "") ?? 0, name: $0[1] ?? "", checksum: $0[2] ?? "") }
                    == Squash.firstRelease.replaces)
            #expect(Set(replaced.map { $0[3] ?? "" }) == [Squash.firstRelease.files.joined(separator: ", ")])
            // Carried over once: the next migrations find it current.
            #expect(try Self.squashOnly().migrate(connection) { _ in Issue.record("carried over twice") } == [])
            #expect(try Self.squashOnly().status(connection).allSatisfy { $0.state == .applied || $0.state == .replaced })

            try await TestDatabase.with(migrated: false) { fresh in
                #expect(try Self.squashOnly().migrate(try fresh.connect()) == Squash.firstRelease.files)
                let carriedSchema = try Self.schema(of: old)
                let freshSchema = try Self.schema(of: fresh)
                #expect(carriedSchema.contains("CREATE TABLE public.application_timelines"))
                #expect(carriedSchema == freshSchema, "\(Self.difference(carriedSchema, freshSchema))")
            }
        }
    }

    @Test("the old files' schema differs from the squashed one by the dropped indexes only")
    func onlyTheDroppedIndexesDiffer() async throws {
        try await TestDatabase.with(migrated: false) { old in
            try Migrator(migrations: try Self.preSquash()).migrate(try old.connect())
            try await TestDatabase.with(migrated: false) { fresh in
                try Self.squashOnly().migrate(try fresh.connect())
                let oldLines = Set(try Self.schema(of: old).split(separator: "\n"))
                let freshLines = Set(try Self.schema(of: fresh).split(separator: "\n"))
                #expect(freshLines.subtracting(oldLines).isEmpty)
                let gone = oldLines.subtracting(freshLines).filter { !$0.hasPrefix("--") }
                #expect(gone == [
                    "CREATE INDEX candidates_recruiter_covering_idx ON public.candidates USING btree (lower(btrim(recruiter))) INCLUDE (id, email, recruiter) WHERE (recruiter IS NOT NULL);",
                    "CREATE INDEX candidates_recruiter_idx ON public.candidates USING btree (recruiter);",
                ])
            }
        }
    }

    @Test("a database with only some of the old files, or an edited one, is refused with what to do, and left as it was")
    func partialOrEditedDatabasesAreRefused() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            try Migrator(migrations: Array(try Self.preSquash().prefix(10))).migrate(connection)
            let recorded = try connection.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version").rows
            do {
                try Self.squashOnly().migrate(connection)
                Issue.record("a partly migrated database was carried over")
            } catch let error as MigrationError {
                let message = error.description
                #expect(message.contains("never applied: 0012_drop_unread_recruiter_indexes.sql, 0013_activity_references_per_statement.sql"))
                #expect(message.contains("Nothing was changed"))
                #expect(message.contains("with a recruit built before the squash"))
            }
            #expect(try connection.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version").rows == recorded)
            #expect(try connection.query("SELECT to_regclass('schema_migrations_replaced') IS NULL").scalar == "t")
            #expect(try connection.query("SELECT to_regclass('candidates_recruiter_covering_idx') IS NOT NULL").scalar == "t")
            let status = try Self.squashOnly().status(connection)
            #expect(status.map(\.state) == Array(repeating: .applied, count: 10) + [.pending, .pending, .pending])
            #expect(status.last?.note == "cannot carry over the files above: 12 unchanged ones are needed; see recruit db migrate")
        }
        try await TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            try Migrator(migrations: try Self.preSquash()).migrate(connection)
            try connection.query("UPDATE schema_migrations SET checksum = md5(checksum) WHERE version = $1", ["11"])
            do {
                try Self.squashOnly().migrate(connection)
                Issue.record("a database built by an edited file was carried over")
            } catch let error as MigrationError {
                #expect(error.description.contains("applied from an edited file: 0011_timeline_rows_for_every_application.sql"))
                #expect(!error.description.contains("never applied"))
            }
            #expect(try connection.query("SELECT count(*) FROM schema_migrations").scalar == "12")
            #expect(try Self.squashOnly().status(connection).filter { $0.state == .changed }.map(\.name)
                    == ["0011_timeline_rows_for_every_application.sql"])
        }
    }

    @Test("racing migrators carry an old database over exactly once")
    func racingCarryOvers() async throws {
        try await TestDatabase.with(migrated: false) { database in
            try Self.buildTheOldWay(try database.connect())
            let before = try Self.contents(try database.connect())
            let conninfo = database.conninfo
            let migrator = try Self.squashOnly()
            let carryOvers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await onOwnThread {
                            var count = 0
                            let applied = try migrator.migrate(try Connection(conninfo: conninfo)) { _ in count += 1 }
                            #expect(applied == [])
                            return count
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(carryOvers == 1)
            let connection = try database.connect()
            #expect(try Self.contents(connection) == before)
            #expect(try connection.query("SELECT count(*) FROM schema_migrations_replaced").scalar == "12")
        }
    }

    @Test("a later file (0014 on) applies after the squashed files, on fresh, carried-over and already-extended databases alike")
    func laterFilesFollowTheSquash() async throws {
        // Files added to sql/ after the squash, if any, then one more written against the development files' final
        // schema, as a file of another branch would be.
        let bundled = try Migration.bundled()
        let added = bundled.filter { !Squash.firstRelease.files.contains($0.name) }
        let next = max(14, (bundled.map(\.version).max() ?? 0) + 1)
        let number = String(repeating: "0", count: max(0, 4 - String(next).count)) + String(next)
        let later = Migration(version: next, name: "\(number)_squash_test_later.sql", sql: """
            ALTER TABLE openings ADD COLUMN squash_test_location text;
            CREATE INDEX openings_squash_test_location_idx ON openings (squash_test_location);
            CREATE OR REPLACE FUNCTION recruit_later(earlier anyelement, later anyelement) RETURNS anyelement
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS 'SELECT $2';
            """)
        let after = added.map(\.name) + [later.name]
        let migrator = Migrator(migrations: bundled + [later], squashes: [.firstRelease])
        try await TestDatabase.with(migrated: false) { fresh in
            #expect(try migrator.migrate(try fresh.connect()) == Squash.firstRelease.files + after)
            let freshSchema = try Self.schema(of: fresh)
            // Built the old way, carried over, then the later files.
            try await TestDatabase.with(migrated: false) { old in
                let connection = try old.connect()
                try Self.buildTheOldWay(connection)
                var carried = 0
                #expect(try migrator.migrate(connection) { _ in carried += 1 } == after)
                #expect(carried == 1)
                let schema = try Self.schema(of: old)
                #expect(schema == freshSchema, "\(Self.difference(schema, freshSchema))")
            }
            // Built the old way with the later files on top (their branch merged first), then carried over: they stay
            // applied.
            try await TestDatabase.with(migrated: false) { extended in
                let connection = try extended.connect()
                try Self.buildTheOldWay(connection, also: added + [later])
                let before = try Self.contents(connection)
                var carried = 0
                #expect(try migrator.migrate(connection) { _ in carried += 1 } == [])
                #expect(carried == 1)
                #expect(try Self.contents(connection) == before)
                #expect(try migrator.status(connection).filter { $0.state != .replaced }.map(\.name)
                        == Squash.firstRelease.files + after)
                let schema = try Self.schema(of: extended)
                #expect(schema == freshSchema, "\(Self.difference(schema, freshSchema))")
            }
        }
    }

    @Test("db status lists a carried-over database's old files as replaced, then the squashed files as applied")
    func statusOfACarriedOverDatabase() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            try Migrator(migrations: try Self.preSquash()).migrate(connection)
            let waiting = try Self.squashOnly().status(connection)
            #expect(waiting.map(\.state) == Array(repeating: .applied, count: 12) + [.pending, .pending, .pending])
            #expect(waiting.first?.note == "replaced by 0001_tables_and_types.sql ... 0003_queue_derived_rows.sql at the next migrate")
            #expect(waiting.last?.note == "recorded in place of the 12 files above at the next migrate")
            try Self.squashOnly().migrate(connection)
            let status = try Self.squashOnly().status(connection)
            #expect(status.map(\.state) == Array(repeating: .replaced, count: 12) + [.applied, .applied, .applied])
            #expect(status.map(\.name) == Squash.firstRelease.replaces.map(\.name) + Squash.firstRelease.files)
            #expect(status.first?.note?.hasPrefix("by 0001_tables_and_types.sql, 0002_import_helpers.sql") == true)
            #expect(status.allSatisfy { $0.appliedAt != nil })
        }
    }
}
