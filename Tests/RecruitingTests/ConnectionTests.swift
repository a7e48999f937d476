import Foundation
import Recruiting
import RecruitTestSupport
import Testing

@Suite("Connection over libpq against a real server")
struct ConnectionTests {
    static let hostile: [String] = [
        "'); DROP TABLE candidates;--",
        "O'Brien \"quoted\" \\backslash\\ $1 $$dollar$$",
        "emoji 👩🏽‍💻 and 日本語 and ünïcödé",
        "line\nbreak\r\nand\ttab",
        ",comma,\"csv\"\nquote",
        "",
        String(repeating: "x", count: 1_048_576),
    ]

    @Test("hostile strings round-trip verbatim through parameters")
    func hostileStringsRoundTripThroughParameters() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.query("CREATE TABLE t (id int, body text)")
            for (index, text) in Self.hostile.enumerated() {
                try connection.query("INSERT INTO t VALUES ($1, $2)", [String(index), text])
            }
            let rows = try connection.query("SELECT body FROM t ORDER BY id").rows.map { $0[0] }
            #expect(rows == Self.hostile.map { Optional($0) })
            #expect(try connection.query("SELECT count(*) FROM candidates").scalar == "0", "the candidates table survived")
        }
    }

    @Test("hostile strings round-trip verbatim through COPY")
    func hostileStringsRoundTripThroughCopy() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.query("CREATE TABLE t (id int, body text)")
            let stored = try connection.copyIn("COPY t (id, body) FROM STDIN (FORMAT csv)") { writer in
                for (index, text) in Self.hostile.enumerated() {
                    // CSV quoting; an empty quoted field is an empty string, not NULL.
                    let quoted = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    try writer.write("\(index),\(quoted)\n")
                }
            }
            #expect(stored == Self.hostile.count)
            let rows = try connection.query("SELECT body FROM t ORDER BY id").rows.map { $0[0] }
            #expect(rows == Self.hostile.map { Optional($0) })
        }
    }

    @Test("a NUL character is refused before it reaches the server")
    func nulCharacterIsRefused() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            #expect(throws: DatabaseError.self) { try connection.query("SELECT $1::text", ["a\u{0}b"]) }
        }
    }

    @Test("a throwing transaction leaves nothing behind")
    func throwingTransactionRollsBack() async throws {
        struct Boom: Error {}
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.query("CREATE TABLE t (v text)")
            #expect(throws: Boom.self) {
                try connection.transaction {
                    try connection.query("INSERT INTO t VALUES ($1)", ["lost"])
                    throw Boom()
                }
            }
            #expect(try connection.query("SELECT count(*) FROM t").scalar == "0")
            // The connection is usable afterwards and a successful body commits.
            try connection.transaction { try connection.query("INSERT INTO t VALUES ($1)", ["kept"]) }
            #expect(try connection.query("SELECT v FROM t").scalar == "kept")
        }
    }

    @Test("a server error swallowed inside a transaction fails the commit")
    func swallowedServerErrorFailsCommit() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.query("CREATE TABLE t (v int PRIMARY KEY)")
            #expect(throws: DatabaseError.self) {
                try connection.transaction {
                    try connection.query("INSERT INTO t VALUES (1)")
                    _ = try? connection.query("INSERT INTO t VALUES (1)")
                }
            }
            #expect(try connection.query("SELECT count(*) FROM t").scalar == "0")
        }
    }

    @Test("server errors carry SQLSTATE, detail and constraint")
    func serverErrorsCarryFields() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.query("INSERT INTO clients (name) VALUES ($1)", ["Acme Corp"])
            do {
                try connection.query("INSERT INTO clients (name) VALUES ($1)", ["  acme   CORP "])
                Issue.record("a duplicate client name was accepted")
            } catch let DatabaseError.server(error) {
                #expect(error.sqlState == "23505")
                #expect(error.constraint == "clients_name_key")
                #expect(error.detail?.contains("already exists") == true)
            }
        }
    }

    @Test("a failing COPY is aborted and stores nothing")
    func failingCopyStoresNothing() async throws {
        struct ReaderFailed: Error {}
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.query("CREATE TABLE t (v text)")
            #expect(throws: ReaderFailed.self) {
                try connection.copyIn("COPY t FROM STDIN (FORMAT csv)") { writer in
                    try writer.write("first\nsecond\n")
                    throw ReaderFailed()
                }
            }
            #expect(try connection.query("SELECT count(*) FROM t").scalar == "0")
            // Malformed CSV: the server's error, with its SQLSTATE; the connection stays usable.
            do {
                try connection.copyIn("COPY t FROM STDIN (FORMAT csv)") { try $0.write("\"unterminated\n") }
                Issue.record("an unterminated quote was accepted")
            } catch let DatabaseError.server(error) {
                #expect(error.sqlState == "22P04")
            }
            #expect(try connection.query("SELECT count(*) FROM t").scalar == "0")
        }
    }

    @Test("streaming reads deliver every row in order and can stop early")
    func streamingReads() async throws {
        struct Enough: Error {}
        try await TestDatabase.with { database in
            let connection = try database.connect()
            var seen = 0
            var sum = 0
            try connection.forEachRow("SELECT g, 'row ' || g FROM generate_series(1, $1::int) AS g", ["50000"]) { row in
                seen += 1
                sum += Int(row[0]!)!
                #expect(row[1] == "row \(seen)")
            }
            #expect(seen == 50_000)
            #expect(sum == 50_000 * 50_001 / 2)
            var stopped = 0
            #expect(throws: Enough.self) {
                try connection.forEachRow("SELECT g FROM generate_series(1, 10000000) AS g") { _ in
                    stopped += 1
                    if stopped == 10 { throw Enough() }
                }
            }
            #expect(stopped == 10)
            #expect(try connection.query("SELECT 1").scalar == "1", "the connection is usable after a cancelled stream")
        }
    }

    @Test("an unreachable server gives a one-line error without the password")
    func unreachableServerHidesPassword() throws {
        do {
            _ = try Connection(conninfo: "postgresql://agency:S3cr3t-pw@127.0.0.1:1/recruit?connect_timeout=3")
            Issue.record("connected to port 1")
        } catch let error as DatabaseError {
            #expect(error.isUnavailable)
            let text = error.description
            #expect(!text.contains("S3cr3t-pw"))
            #expect(!text.contains("\n"))
            #expect(text.contains("127.0.0.1"))
        }
    }

    @Test("a password the server rejects is never repeated")
    func rejectedPasswordIsNotRepeated() async throws {
        try await TestDatabase.with { database in
            let bad = database.conninfo + " user='no_such_role' password='Hunter2-secret'"
            do {
                _ = try Connection(conninfo: bad)
                Issue.record("a missing role connected")
            } catch let error as DatabaseError {
                #expect(error.isUnavailable)
                #expect(!error.description.contains("Hunter2-secret"))
            }
        }
    }
}
