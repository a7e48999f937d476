import Foundation
import RecruitCLI
import RecruitTestSupport
import Testing

/// Runs `recruit` in-process with captured output.
func recruit(_ arguments: String...) -> (status: Int32, out: String, err: String) {
    recruit(arguments)
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
            #expect(first.out.contains("applied 0001_schema.sql"))
            let second = recruit("db", "migrate", "--database", database.conninfo)
            #expect(second.status == 0)
            #expect(second.out.contains("up to date"))
            let status = recruit("db", "status", "--database", database.conninfo)
            #expect(status.status == 0)
            #expect(status.out.contains("applied  0001_schema.sql"))
        }
    }

    @Test("a usage error exits 2")
    func usageErrorExitsTwo() {
        #expect(recruit("db", "--no-such-flag").status == 2)
        #expect(recruit("no-such-command").status == 2)
    }

    @Test("--help teaches and exits 0")
    func helpExitsZero() {
        let result = recruit("--help")
        #expect(result.status == 0)
        #expect(result.out.contains("DATABASE_URL"))
    }
}
