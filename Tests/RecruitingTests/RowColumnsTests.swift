import Foundation
import Policies
import Recruiting
import RecruitTestSupport
import Testing

@Suite("Rows read by column with typed getters, and transactions at an isolation level")
struct RowColumnsTests {
    @Test("typed getters read what the server sends, and a missing or malformed value is a malformed row with exit status 1")
    func typedGettersRefuseMalformedValues() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let row = try connection.query("""
                SELECT 42, 9007199254740993::bigint, '2026-11-20'::date::text, true, 'open', NULL, 'x', 'nonsense'
                """).onlyRow()
            #expect(try row.int(0) == 42)
            #expect(try row.int64(1) == 9_007_199_254_740_993)
            #expect(try row.day(2) == Day("2026-11-20"))
            #expect(try row.bool(3))
            #expect(try row.word(4, as: OpeningStatus.self) == .open)
            #expect(try row.optionalInt(5) == nil)
            #expect(try row.optionalDay(5) == nil)
            for read in [{ _ = try row.text(5) }, { _ = try row.int(6) }, { _ = try row.day(6) }, { _ = try row.bool(6) },
                         { _ = try row.word(7, as: OpeningStatus.self) }, { _ = try row.optionalInt(6) }] as [() throws -> Void] {
                do {
                    try read()
                    Issue.record("a malformed value was read")
                } catch let error as DatabaseError {
                    guard case .malformedRow = error else { Issue.record("not a malformed row: \(error)"); continue }
                    #expect(error.exitStatus == 1 && !error.isUnavailable)
                    #expect(error.description.contains("column"))
                }
            }
            // A streamed row reads the same way.
            try connection.forEachRow("SELECT 7, NULL::int") { (row: Row) throws in
                #expect(try row.int(0) == 7)
                #expect(throws: DatabaseError.self) { try row.int(1) }
            }
            #expect(throws: DatabaseError.self) { try connection.query("SELECT 1 WHERE false").onlyRow() }
        }
    }

    @Test("any integer and any day read back through the typed getters as they were written")
    func integersAndDaysRoundTrip() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<200 {
                let number = Int64.random(in: .min ... .max, using: &generator)
                let day = Day(year: Int.random(in: 1900...2200, using: &generator), month: Int.random(in: 1...12, using: &generator),
                              day: Int.random(in: 1...28, using: &generator))
                let row = try connection.query("SELECT $1::bigint, $2::date::text", [String(number), day.description]).onlyRow()
                #expect(try row.int64(0) == number)
                #expect(try row.day(1) == day)
            }
        }
    }

    @Test("a transaction runs at the isolation level asked for, and a nested one joins the caller's")
    func transactionIsolation() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let levels: [(IsolationLevel, String)] = [(.readCommitted, "read committed"), (.repeatableRead, "repeatable read"),
                                                      (.serializable, "serializable")]
            for (level, shown) in levels {
                let seen = try connection.transaction(isolation: level) {
                    try connection.query("SHOW transaction_isolation").scalar
                }
                #expect(seen == shown)
            }
            let nested = try connection.transaction(isolation: .repeatableRead) {
                try connection.transaction(isolation: .serializable) {
                    try connection.query("SHOW transaction_isolation").scalar
                }
            }
            #expect(nested == "repeatable read")
            #expect(!connection.isInTransaction)
        }
    }
}
