import Policies
import Recruiting
import RecruitTestSupport
import Testing

@Suite("COPY TO STDOUT read from bytes")
struct CopyOutTests {
    /// Everything COPY's text format escapes or could confuse: tabs, newlines, backslashes, text that looks like
    /// an escape or like NULL, control characters, non-ASCII, and a long value.
    static let hostile: [String?] = [
        "plain",
        "tab\there", "line\nbreak\r\nand\rreturn", "back\\slash\\", "\\N", "\\\\N", "\\x41 \\101 \\t",
        "\u{1}\u{8}\u{B}\u{C}\u{1F}\u{7F}", "emoji 👩🏽‍💻 and 日本語", "", " ", nil,
        "'); DROP TABLE candidates;--",
        String(repeating: "x\t\\", count: 300_000),
    ]

    @Test("hostile strings and NULLs round-trip through COPY TO STDOUT parsing")
    func hostileStringsRoundTrip() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.query("CREATE TABLE t (id int, body text, other text)")
            for (index, text) in Self.hostile.enumerated() {
                try connection.query("INSERT INTO t VALUES ($1, $2, $2)", [String(index), text])
            }
            var row = CopyTextRow()
            var read: [String?] = []
            let rows = try connection.copyOut("COPY (SELECT id, body, other FROM t ORDER BY id) TO STDOUT") { bytes in
                row.split(bytes)
                #expect(row.count == 3)
                #expect(row.int64(0) == Int64(read.count))
                #expect(row.isNull(1) == (Self.hostile[read.count] == nil))
                #expect(row.string(2) == row.string(1))
                read.append(row.string(1))
            }
            #expect(rows == Self.hostile.count)
            #expect(read == Self.hostile)
        }
    }

    @Test("dates, integers and enum labels are read without text")
    func typedFields() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            var row = CopyTextRow()
            try connection.copyOut("""
                COPY (SELECT DATE '2026-11-20', NULL::date, DATE '2024-02-29', 9223372036854775807::bigint, -7,
                             'hm_reply'::activity_type, NULL::party, 'top'::interest_level, 'x') TO STDOUT
                """) { bytes in
                row.split(bytes)
                #expect(row.day(0) == Day(year: 2026, month: 11, day: 20))
                #expect(row.day(1) == nil && row.isNull(1))
                #expect(row.day(2) == Day(year: 2024, month: 2, day: 29))
                #expect(row.int64(3) == Int64.max)
                #expect(row.int64(4) == -7)
                #expect(row.label(5, CopyLabels<ActivityType>()) == .hmReply)
                #expect(row.label(6, CopyLabels<Party>()) == nil)
                #expect(row.label(7, CopyLabels<Interest>()) == .top)
                #expect(row.int64(8) == nil && row.day(8) == nil)
            }
        }
    }

    @Test("a throwing body cancels the COPY and leaves the connection usable")
    func throwingBodyCancels() async throws {
        struct Enough: Error {}
        try await TestDatabase.with { database in
            let connection = try database.connect()
            var seen = 0
            #expect(throws: Enough.self) {
                try connection.copyOut("COPY (SELECT g FROM generate_series(1, 1000000) g) TO STDOUT") { _ in
                    seen += 1
                    if seen == 10 { throw Enough() }
                }
            }
            #expect(seen == 10)
            #expect(try connection.query("SELECT 41 + 1").scalar == "42")
        }
    }

    @Test("a server error part way is thrown and the connection stays usable")
    func serverErrorPartWay() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            var seen = 0
            #expect(throws: DatabaseError.self) {
                try connection.copyOut("COPY (SELECT 1 / (g - 50000) FROM generate_series(1, 100000) g) TO STDOUT") { _ in
                    seen += 1
                }
            }
            #expect(try connection.query("SELECT 'still here'").scalar == "still here")
            #expect(throws: DatabaseError.self) { try connection.copyOut("COPY (SELECT * FROM missing) TO STDOUT") { _ in } }
            #expect(try connection.query("SELECT 'still here'").scalar == "still here")
        }
    }

    @Test("a stream left part way is cancelled and the connection stays usable")
    func abandonedStream() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            do {
                let stream = try connection.copyOutStream("COPY (SELECT g FROM generate_series(1, 1000000) g) TO STDOUT")
                var row = CopyTextRow()
                row.split(try #require(try stream.next()))
                #expect(row.int64(0) == 1)
                stream.abandon()
                #expect(try stream.next() == nil)
            }
            #expect(try connection.query("SELECT 'still here'").scalar == "still here")
        }
    }
}
