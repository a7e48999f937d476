import Foundation
@testable import Recruiting
import RecruitTestSupport
import Testing

/// The profile's rewriting of cells in the bytes (ProfileCells, issue 18) against the SQL rewrite of staging it
/// replaced, kept here as the reference: random cells, both ways through PostgreSQL's own CSV reader, row for row.
@Suite("Profile cells rewritten on the way in")
struct ProfileCellsTests {
    /// The SQL rewrite of staging that ImportTransform ran before the cells were rewritten in the bytes (the
    /// reference): each changed column's expression over the row `s`, and the parameters.
    static func reference(kind: ImportKind, header: CSVHeader, profile: ImportProfile) throws -> (sets: [(column: String, sql: String)], parameters: [String]) {
        var sets: [(column: String, sql: String)] = []
        var parameters: [String] = []
        func parameter(_ value: String) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        let columns = Set(kind.columns.map(\.name))
        func derivedWord(_ column: String) throws -> String? {
            guard let rule = profile.derived[column], header.has(rule.from), columns.contains(column) else { return nil }
            let words = parameter(try jsonObjectText(rule.values))
            return "CASE WHEN \(Cell.given(rule.from)) THEN coalesce(\(words)::jsonb ->> lower(btrim(s.c_\(rule.from))), \(words)::jsonb ->> '*') END"
        }
        var done: Set<String> = []
        for (column, map) in profile.values.sorted(by: { $0.key < $1.key }) where header.has(column) {
            let words = parameter(try jsonObjectText(map))
            let own = "CASE WHEN \(Cell.given(column)) THEN coalesce(\(words)::jsonb ->> lower(btrim(s.c_\(column))), \(words)::jsonb ->> '*', s.c_\(column)) ELSE s.c_\(column) END"
            sets.append(("c_\(column)", try derivedWord(column).map { "coalesce(\($0), \(own))" } ?? own))
            done.insert(column)
        }
        for column in profile.derived.keys.sorted() where !done.contains(column) {
            guard let word = try derivedWord(column) else { continue }
            sets.append(("c_\(column)", "CASE WHEN \(Cell.given(column)) THEN s.c_\(column) ELSE \(word) END"))
        }
        if let format = profile.dateFormat {
            let pattern = parameter(format.pattern)
            let replacement = parameter(format.replacement)
            let fixed = format.fixedWidth.map { fixed in (parameter(fixed.like), parameter(fixed.like + " __:__%"), fixed) }
            for column in ImportTransform.dateColumns(kind) where header.has(column) {
                let regex = #"WHEN s.c_\#(column) ~ \#(pattern) THEN regexp_replace(regexp_replace(s.c_\#(column), \#(pattern), \#(replacement)), '-0(\d\d)', '-\1', 'g')"#
                var sql = "CASE "
                if let fixed {
                    sql += "WHEN s.c_\(column) LIKE \(fixed.0) OR s.c_\(column) LIKE \(fixed.1) THEN "
                        + "substr(s.c_\(column), \(fixed.2.year), 4) || '-' || substr(s.c_\(column), \(fixed.2.month), 2) || '-' || substr(s.c_\(column), \(fixed.2.day), 2) "
                }
                sets.append(("c_\(column)", sql + regex + " ELSE s.c_\(column) END"))
            }
        }
        return (sets, parameters)
    }

    /// A random cell for `column`: words of the profile in any case and spacing, unknown words, blanks, dates of
    /// every shape the formats meet (and some they do not), with quotes, delimiters and line breaks.
    static func cell(_ column: String, _ profile: ImportProfile, _ rng: inout SplitMix) -> String? {
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
        func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
        let words = Array((profile.values[column] ?? [:]).keys) + Array(profile.derived.values.flatMap(\.values.keys))
        switch number(0...9) {
        case 0: return nil
        case 1: return pick(["", " ", "   ", "\"\""])
        case 2...4 where !words.isEmpty:
            var word = pick(words)
            if word == "*" { word = "Anything" }
            if rng.next() % 2 == 0 { word = word.uppercased() }
            return pick(["", " ", "  "]) + word + pick(["", " ", "\t"])
        case 5, 6:
            let month = number(0...13), day = number(0...32), year = number(1990...2031)
            let m = rng.next() % 2 == 0 ? String(format: "%02d", month) : "\(month)"
            let d = rng.next() % 2 == 0 ? String(format: "%02d", day) : "\(day)"
            let separator = pick(["/", "/", "/", "-", ".", "//"])
            let body = pick(["\(m)\(separator)\(d)\(separator)\(year)", "\(d)\(separator)\(m)\(separator)\(year)",
                             "\(year)\(separator)\(m)\(separator)\(d)", "\(year)\(m)\(d)"])
            let time = pick(["", " 09:15 AM", " 9:15 PM", " 11:05", "T14:30:00", " 14:30:00.250", " 9:15 a.m.", " 09:15 AMX",
                             " 9:155", "  3:04 pm  ", " 09:15 junk", " 12:00:00,5 PM"])
            return pick(["", " ", "\n"]) + body + time + pick(["", " ", "x"])
        case 7: return pick(["ab/cd/efgh", " 3/04/2026", "03/04/2026 09:15 garbage", "０３/０４/２０２６", "é1/02/2026",
                             "2026-11-20", "11/10/2026, with \"quotes\"", "line\nbreak", "a,b;c|d", "Ärger", "=?x?="])
        default: return pick(["Coffee Chat", "Sam Reed", "email", "phone", "Placed", "x"])
        }
    }

    /// `value` as a CSV field (nil: an empty unquoted field, NULL to COPY).
    static func csv(_ value: String?, _ delimiter: Character) -> String {
        guard let value else { return "" }
        if value == "\"\"" { return value }
        if value.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    @Test("a profile's words, derived columns and dates come out of the bytes as the SQL rewrite of staging made them, for random cells of every bundled profile and date format")
    func sameAsTheSQLRewrite() async throws {
        var profiles: [(ImportKind, ImportProfile)] = try ImportProfile.bundledNames().map { name in
            let profile = try ImportProfile.load(name)
            return (profile.kind!, profile)
        }
        for (index, format) in ["MM/DD/YYYY hh:mm A", "DD/MM/YYYY", "DD.MM.YYYY HH:mm", "YYYY-MM-DD", "YYYYMMDD", "DD-MM-YYYY"].enumerated() {
            let delimiter: CSVDelimiter = [.comma, .semicolon, .tab, .pipe][index % 4]
            profiles.append((.activities, ImportProfile(flags: delimiter, dateFormat: try DateFormat(format), padShortRows: false)))
        }
        try await TestDatabase.with { database in
            let connection = try database.connect()
            var rng = SplitMix(state: 20261206)
            for (kind, profile) in profiles {
                let delimiter = profile.delimiter ?? .comma
                let separator = Character(Unicode.Scalar(delimiter.byte))
                // The header: the profile's own names for the columns it maps, ours for the rest of the kind's.
                var names = kind.columns.map(\.name)
                for (written, column) in profile.columns { if let at = names.firstIndex(of: column) { names[at] = written } }
                names.append("Unmapped")
                let headerLine = names.map { Self.csv($0, separator) }.joined(separator: String(separator))
                let header = try CSVHeader(line: headerLine, kind: kind, file: "random", delimiter: delimiter, profile: profile)
                let lineEnd = rng.next() % 2 == 0 ? "\r\n" : "\n"
                var text = headerLine + lineEnd
                for _ in 0..<400 {
                    text += header.fields.map { field in
                        Self.csv(Self.cell(field.column?.name ?? "", profile, &rng), separator)
                    }.joined(separator: String(separator)) + lineEnd
                }
                if rng.next() % 2 == 0 { text.removeLast() }  // no line break at the end ("\r\n" is one Character)
                let staging = header.fields.map(\.stagingName) + kind.columns.filter { !header.has($0.name) }.map(\.stagingName)
                let options = delimiter == .comma ? "" : ", DELIMITER E'\\\(delimiter == .tab ? "t" : String(separator))'"
                try connection.execute(script: """
                    DROP TABLE IF EXISTS raw, bytes;
                    CREATE TABLE raw (line bigint GENERATED ALWAYS AS IDENTITY, \(staging.map { "\($0) text" }.joined(separator: ", ")));
                    CREATE TABLE bytes (LIKE raw INCLUDING ALL);
                    """)
                let copyNames = header.fields.map(\.stagingName).joined(separator: ", ")
                _ = try connection.copyIn("COPY raw (\(copyNames)) FROM STDIN (FORMAT csv, HEADER true\(options))") { try $0.write(text) }
                // Through the bytes, in chunks of every size (records split anywhere).
                let transform = ImportTransform(kind: kind, header: header, profile: profile).cells(delimiter: delimiter.byte)
                guard let transform else { continue }  // a profile that only names headers
                var cells = transform.cells
                let appended = transform.appended
                let input = Array(text.utf8)
                var output: [UInt8] = []
                var at = 0
                while at < input.count {
                    let size = 1 + Int(rng.next() % 97)
                    output += cells.rewrite(Array(input[at..<min(input.count, at + size)]))
                    at += size
                }
                output += cells.finish()
                _ = try connection.copyIn("COPY bytes (\((header.fields.map(\.stagingName) + appended).joined(separator: ", "))) FROM STDIN (FORMAT csv, HEADER true\(options))") {
                    try $0.write(output)
                }
                // The reference: the SQL rewrite of the raw table.
                let reference = try Self.reference(kind: kind, header: header, profile: profile)
                let values = Dictionary(reference.sets.map { ($0.column, $0.sql) }, uniquingKeysWith: { first, _ in first })
                try connection.query("CREATE TEMP TABLE expected AS SELECT s.line, " + staging.map { "\(values[$0] ?? "s.\($0)") AS \($0)" }.joined(separator: ", ")
                                     + " FROM raw s", reference.parameters)
                let differences = try connection.query("""
                    SELECT e.line, \(staging.map { "coalesce(e.\($0), 'NULL') || ' / ' || coalesce(b.\($0), 'NULL')" }.joined(separator: " || ' | ' || "))
                    FROM expected e JOIN bytes b ON b.line = e.line
                    WHERE (\(staging.map { "e.\($0)" }.joined(separator: ", "))) IS DISTINCT FROM (\(staging.map { "b.\($0)" }.joined(separator: ", ")))
                    LIMIT 5
                    """).rows
                #expect(differences.isEmpty, "\(profile.name) \(profile.dateFormat?.text ?? ""): \(differences)")
                #expect(try connection.query("SELECT (SELECT count(*) FROM expected) = (SELECT count(*) FROM bytes) AND (SELECT count(*) FROM bytes) = 400").scalar == "t")
                try connection.execute(script: "DROP TABLE expected")
            }
        }
    }
}
