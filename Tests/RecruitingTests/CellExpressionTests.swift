import Foundation
import Recruiting
import RecruitTestSupport
import Testing

/// The importer's cell expressions were made cheaper for million-row files (issue 4): each must read every cell
/// exactly as its earlier form did, which these tests keep beside it and compare on the server, cell by cell.
@Suite("recruit import: the faster cell expressions read every cell as the earlier ones did")
struct CellExpressionTests {
    /// The day expression before the plain-day lists: a regular expression for `YYYY-MM-DD`, else the parser.
    static let earlierDay = #"CASE WHEN s.c_x ~ '^\s*[1-9]\d{3}-((0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)\s*$' "#
        + #"THEN btrim(s.c_x)::date WHEN btrim(coalesce(s.c_x, '')) = '' THEN NULL "#
        + #"ELSE recruit_parse_day(s.c_x, current_setting('recruit.import_zone')) END"#

    /// Every year-month-day spelling the fast path could get wrong: years at the edges and leap or not, months and
    /// days one past every edge, and cells that only look like dates.
    static var cells: [String?] {
        var cells: [String?] = [nil, "", " ", "   ", "\t", "2026-11-20", " 2026-11-20", "2026-11-20 ", "\t2026-11-20",
                                "2026-11-20\t", "03/04/2026", "2026/11/20", "20261120", "2026-1-20", "2026-11-2",
                                "2026-11-200", "12026-11-20", "+2026-11-20", "2026-11-20T14:30:00Z",
                                "2026-11-20T23:30:00-05:00", "2026-11-20 14:30", "2026-11-2a", "a026-11-20", "2026_11-20",
                                "2026-11_20", "2O26-11-20", "1999-12-31", "0000-01-01",
                                "0999-12-31", "1000-01-01", "9999-12-31", "2026-11-20x", "x", "--", "2026--11-20"]
        for year in ["0999", "1000", "1900", "2000", "2024", "2026", "9999"] {
            for month in 0...13 {
                for day in 0...32 {
                    cells.append("\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)")
                }
            }
        }
        return cells
    }

    /// A PostgreSQL array literal of `cells` (NULL elements as NULL).
    static func arrayLiteral(_ cells: [String?]) -> String {
        "{" + cells.map { cell in
            cell.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" } ?? "NULL"
        }.joined(separator: ",") + "}"
    }

    /// The cells for which `earlier` and `now` (expressions over `s.c_x`) differ, as `cell: earlier / now`.
    private func differences(_ connection: Connection, earlier: String, now: String, cells: [String?]) throws -> [String] {
        try connection.query("""
            SELECT format('%L: %s / %s', s.c_x, (\(earlier)), (\(now)))
            FROM (SELECT unnest($1::text[]) AS c_x) s
            WHERE (\(earlier)) IS DISTINCT FROM (\(now))
            """, [Self.arrayLiteral(cells)]).rows.map { $0[0] ?? "" }
    }

    @Test("a day cell: the plain-day lists accept and refuse exactly what the regular expression and the parser did")
    func daySameAsBefore() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.query("SELECT set_config('recruit.import_zone', 'America/New_York', false)")
            let cells = Self.cells
            #expect(try differences(connection, earlier: Self.earlierDay, now: Cell.day("x"), cells: cells) == [])
            // The fast path itself: taken for plain days, never for a day that does not exist every year.
            let plain = try connection.query("""
                SELECT s.c_x FROM (SELECT unnest($1::text[]) AS c_x) s WHERE \(Cell.plainDay("x")) ORDER BY 1
                """, [Self.arrayLiteral(cells)]).rows.map { $0[0] ?? "" }
            #expect(plain.contains("2026-11-20") && plain.contains("1000-01-01") && plain.contains("9999-12-31"))
            #expect(plain.contains("2026-12-31") && plain.contains("2026-04-30") && plain.contains("2026-02-28"))
            for never in ["2024-02-29", "2026-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
                          "0999-12-31", " 2026-11-20", "03/04/2026", "2026/11/20"] {
                #expect(!plain.contains(never), "\(never) must not be cast directly")
            }
            // Each of the six years from 1000 on: 365 days (no February 29, whether leap or not).
            let years = ["1000", "1900", "2000", "2024", "2026", "9999"]
            #expect(Set(plain.filter { years.contains(String($0.prefix(4))) }).count == 6 * 365)
        }
    }

    @Test("given, and the e-mail check without lower(): the same verdict on every cell")
    func givenAndEmailSameAsBefore() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let cells: [String?] = Self.cells + ["a@b", " a@b ", "@b", "a@", " @b", "a@ ", "A@B.COM", "İ@x", "a b@c", "  x  ",
                                                  "\u{00A0}", "\u{00A0}a", " a", "a ", "@", "ab@@cd", "a@b@c", "' '", "''"]
            #expect(try differences(connection, earlier: "btrim(coalesce(s.c_x, '')) <> ''", now: Cell.given("x"),
                                    cells: cells) == [])
            #expect(try differences(connection, earlier: "(nullif(lower(btrim(s.c_x)), '')) NOT LIKE '%_@_%'",
                                    now: "(\(Cell.text("x"))) NOT LIKE '%_@_%'", cells: cells) == [])
        }
    }

    @Test("a word of a closed vocabulary, a names cell and a note: the same value as before from every cell")
    func wordsNamesAndNotesSameAsBefore() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let vocabularies = [Vocabulary.openingStatus, Vocabulary.stage, Vocabulary.interest, Vocabulary.activityType,
                                Vocabulary.party, Vocabulary.channel]
            var cells: [String?] = [nil, "", " ", "bogus", "On Hold", "on-hold", " on_hold ", "ON_HOLD", "Thank You",
                                    "thank-you", "in person", "Hm_Reply", "hm reply ", "  top", "Top"]
            for words in vocabularies {
                cells += words + words.map { $0.uppercased() } + words.map { " " + $0 } + words.map { $0 + " " }
                    + words.map { $0.replacingOccurrences(of: "_", with: " ") } + words.map { $0 + "x" }
            }
            for words in vocabularies {
                #expect(try differences(connection, earlier: Cell.label("x"), now: Cell.word("x", words), cells: cells) == [])
            }
            let earlierNames = #"CASE WHEN btrim(coalesce(s.c_x, '')) = '' THEN '{}'::text[] "#
                + #"WHEN strpos(s.c_x, ';') = 0 THEN ARRAY[regexp_replace(btrim(s.c_x), '\s+', ' ', 'g')] "#
                + #"ELSE recruit_split_names(s.c_x) END"#
            let texts: [String?] = cells + ["Dana Cho", " Dana  Cho ", "Dana Cho; Lee Park", ";", " ; ", "a;;b", "\tx"]
            #expect(try differences(connection, earlier: earlierNames, now: Cell.names("x"), cells: texts) == [])
            #expect(try differences(connection, earlier: "CASE WHEN btrim(s.c_x) <> '' THEN s.c_x END", now: Cell.note("x"),
                                    cells: texts) == [])
        }
    }
}
