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

    /// Table `t`: row `id` holds `hostile[id]` in both `body` and `other`.
    static func storeHostile(_ connection: Connection) throws {
        try connection.query("CREATE TABLE t (id int, body text, other text)")
        for (index, text) in hostile.enumerated() {
            try connection.query("INSERT INTO t VALUES ($1, $2, $2)", [String(index), text])
        }
    }

    @Test("binary COPY: hostile strings and NULLs come through as stored, with the header and trailer skipped")
    func binaryHostileStrings() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.storeHostile(connection)
            var row = CopyBinaryRow()
            var read: [String?] = []
            var trailers = 0
            let messages = try connection.copyOut(
                "COPY (SELECT id, body, other FROM t ORDER BY id) TO STDOUT (FORMAT binary)") { bytes in
                guard try row.split(bytes) else { trailers += 1; return }
                #expect(row.count == 3)
                #expect(row.int64(0) == Int64(read.count))
                #expect(row.isNull(1) == (Self.hostile[read.count] == nil))
                #expect(row.string(2) == row.string(1))
                read.append(row.string(1))
            }
            #expect(messages == Self.hostile.count + 1 && trailers == 1)
            #expect(read == Self.hostile)
            // No rows at all: the header and the trailer (in one message or two) and nothing else.
            var empty = CopyBinaryRow()
            var rows = 0
            _ = try connection.copyOut("COPY (SELECT 1 WHERE false) TO STDOUT (FORMAT binary)") { bytes in
                if try empty.split(bytes) { rows += 1 }
            }
            #expect(rows == 0)
        }
    }

    @Test("binary COPY: dates (either side of 2000 and infinity), integers and enum labels")
    func binaryTypedFields() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            var row = CopyBinaryRow()
            var rows = 0
            _ = try connection.copyOut("""
                COPY (SELECT DATE '2026-11-20', NULL::date, DATE '2024-02-29', DATE '2000-01-01', DATE '1999-12-31',
                             DATE '1970-01-01', DATE 'infinity', DATE '-infinity', 9223372036854775807::bigint, -7,
                             'hm_reply'::activity_type, NULL::party, 'top'::interest_level, 'x', -2147483648)
                      TO STDOUT (FORMAT binary)
                """) { bytes in
                guard try row.split(bytes) else { return }
                rows += 1
                #expect(row.day(0) == Day(year: 2026, month: 11, day: 20))
                #expect(row.day(1) == nil && row.isNull(1))
                #expect(row.day(2) == Day(year: 2024, month: 2, day: 29))
                #expect(row.day(3) == Day(year: 2000, month: 1, day: 1))
                #expect(row.day(4) == Day(year: 1999, month: 12, day: 31))
                #expect(row.day(5) == Day(ordinal: 0))
                #expect(row.day(6) == nil && row.day(7) == nil && !row.isNull(6))
                #expect(row.int64(8) == Int64.max)
                #expect(row.int64(9) == -7)
                #expect(row.label(10, CopyLabels<ActivityType>()) == .hmReply)
                #expect(row.label(11, CopyLabels<Party>()) == nil)
                #expect(row.label(12, CopyLabels<Interest>()) == .top)
                #expect(row.label(13, CopyLabels<Interest>()) == nil && row.day(13) == nil && row.int64(13) == nil)
                #expect(row.int64(14) == Int64(Int32.min))
            }
            #expect(rows == 1)
        }
    }

    @Test("binary COPY: bytes that are not the format are refused, not misread")
    func binaryMalformed() throws {
        let header = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
        let cases: [[UInt8]] = [
            Array("1\tplain text\n".utf8),                      // COPY's text format
            header + [0, 1, 0, 0, 0, 9, 0x41],                   // a field longer than its row
            header + [0, 1, 0, 0, 0, 1, 0x41, 0x42],             // a byte after the last field
            header + [0, 2, 0, 0, 0, 1, 0x41],                   // a field missing
            header + [0],                                        // half a field count
        ]
        for bytes in cases {
            var row = CopyBinaryRow()
            #expect(throws: DatabaseError.self, "\(bytes)") {
                _ = try bytes.withUnsafeBytes { try row.split($0) }
            }
        }
        var row = CopyBinaryRow()
        let good = header + [0, 2, 0, 0, 0, 2, 0x41, 0x42, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(try good.withUnsafeBytes { try row.split($0) })
        #expect(row.string(0) == "AB" && row.isNull(1))
        #expect(try [UInt8]([0xFF, 0xFF]).withUnsafeBytes { try row.split($0) } == false, "the trailer")
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
}
