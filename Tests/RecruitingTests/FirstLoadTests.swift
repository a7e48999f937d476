import Foundation
import PropertyBased
import Recruiting
import RecruitTestSupport
import Testing

/// A first candidates file goes straight into the empty table (FirstLoad.swift, issue 20) when nothing can differ
/// from the general import; otherwise the general import does it, and the result is the same either way.
@Suite("recruit import: a first candidates file loaded straight into the empty table")
struct FirstLoadTests {
    /// Every stored column but the timestamps and the id, in id order. (A first load given up has drawn ids that
    /// are not given back, as any rolled-back insert does: the general way's ids then start later, in the same order.)
    static func candidates(_ connection: Connection) throws -> [[String?]] {
        try connection.query("""
            SELECT email, first_name, last_name, phone, source, recruiter, notes FROM candidates ORDER BY id
            """).rows
    }

    /// A CSV cell: quoted when it must be, or when `quote` says so (a quoted empty cell is '' to COPY, not NULL).
    static func cell(_ text: String, quote: Bool) -> String {
        let needs = text.contains { ",\"\n\r".contains($0) } || text.hasPrefix(" ") || text.hasSuffix(" ")
        return needs || quote ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    @Test("for any candidates file, the rows and counts are those of the general import")
    func sameAsGeneralImport() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let text = Gen.element(of: ["", " ", "  ", "Ann", " Ann ", "Van  Dam", "Zoë", "a,b", "say \"hi\"", "two\nlines",
                                        "+1 555 0100", " x", "y "]).map { $0 ?? "" }
            // Mostly clean, distinct addresses; some written in capitals, with spaces, or named twice.
            let email = Gen.element(of: ["clean", "clean", "clean", "upper", "spaced", "repeat"]).map { $0 ?? "clean" }
            let row = zip(email, text, text, text, Gen.element(of: [false, true]).map { $0 ?? false })
            await propertyCheck(count: 60, input: row.array(of: 1...8), Gen.int(in: 0...2)) { rows, layout in
                let columns = [["email", "first_name", "last_name", "notes"], ["notes", "email", "phone"],
                               ["email", "source", "recruiter", "first_name"]][layout]
                let addresses = rows.enumerated().map { index, row in
                    switch row.0 {
                    case "upper": return "Person\(index)@Example.com"
                    case "spaced": return " person\(index)@example.com "
                    case "repeat": return "person0@example.com"
                    default: return "person\(index)@example.com"
                    }
                }
                var lines = [columns.joined(separator: ",")]
                for (address, (_, first, second, third, quote)) in zip(addresses, rows) {
                    var others = [first, second, third].makeIterator()
                    lines.append(columns.map { $0 == "email" ? Self.cell(address, quote: quote) : Self.cell(others.next()!, quote: quote) }
                        .joined(separator: ","))
                }
                let file = lines.joined(separator: "\n") + "\n"
                try connection.execute(script: "TRUNCATE candidates RESTART IDENTITY")
                let direct = try ImportFixture.load(.candidates, file, into: connection)
                let directRows = try FirstLoadTests.candidates(connection)
                try connection.execute(script: "TRUNCATE candidates RESTART IDENTITY")
                // --skip-invalid takes the general way; every row here is valid, so it leaves none out.
                let general = try ImportFixture.load(.candidates, file, into: connection,
                                                     options: ImportOptions(skipInvalid: true))
                #expect(general.loadedDirectly == false)
                #expect(try FirstLoadTests.candidates(connection) == directRows, "\(file)")
                #expect(direct.counts == general.counts)
                #expect(direct.rows == general.rows)
                #expect(direct.rejected == 0 && general.rejected == 0)
                // The direct way is taken exactly when every address is stored as written, once.
                let plain = addresses.allSatisfy { $0 == $0.lowercased() && !$0.hasPrefix(" ") } && Set(addresses).count == addresses.count
                #expect(direct.loadedDirectly == plain, "\(file)")
            }
        }
    }

    @Test("a clean first file is loaded directly; cells with spaces or blank are stored as the general import stores them")
    func cleanFileLoadsDirectly() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let report = try ImportFixture.load(.candidates, """
                email,first_name,last_name,phone,source,recruiter,notes
                ann@example.com, Ann ,,"",referral,sam@agency.test,"  "
                bo@example.com,Bo,Li,555-0100, ,,"  keep  this "
                """, into: connection)
            #expect(report.loadedDirectly)
            #expect(report.rows == 2)
            #expect(report.counts == [.init(table: "candidates", inserted: 2)])
            #expect(try FirstLoadTests.candidates(connection) == [
                ["ann@example.com", "Ann", nil, nil, "referral", "sam@agency.test", nil],
                ["bo@example.com", "Bo", "Li", "555-0100", nil, nil, "  keep  this "],
            ])
        }
    }

    @Test("the general import takes over for a stored candidate, an erased address or an opening column")
    func generalWhenTheTableOrFileDoesNotQualify() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)  // openings and one candidate
            let second = try ImportFixture.load(.candidates, "email\ncy@example.com\n", into: connection)
            #expect(second.loadedDirectly == false)
            #expect(second.main == .init(table: "candidates", inserted: 1))

            try connection.execute(script: "TRUNCATE candidates RESTART IDENTITY")
            let submitted = try ImportFixture.load(.candidates, "email,opening\ndi@example.com,ACME-1042\n", into: connection)
            #expect(submitted.loadedDirectly == false)
            #expect(submitted.counts == [.init(table: "candidates", inserted: 1), .init(table: "applications", inserted: 1)])

            // An empty table, but an erased address on the list: the general way leaves it out.
            try Erasure.forget(connection, email: "di@example.com", reason: nil, actor: "test")
            try connection.execute(script: "TRUNCATE candidates RESTART IDENTITY")
            let again = try ImportFixture.load(.candidates, "email\ndi@example.com\nev@example.com\n", into: connection)
            #expect(again.loadedDirectly == false)
            #expect(again.erased == 1)
            #expect(try connection.query("SELECT string_agg(email, ' ') FROM candidates").scalar == "ev@example.com")
        }
    }

    @Test("a bad address in a first file is refused with its line and column, and nothing is written")
    func badRowRefusedWithLine() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            #expect {
                try ImportFixture.load(.candidates, "email,first_name\nann@example.com,Ann\nnot-an-address,Bo\n",
                                       into: connection)
            } throws: { error in
                guard case let ImportError.refused(_, problems, _, _) = error else { return false }
                return problems.map(\.line) == [3] && problems.first?.column == "email"
            }
            #expect(try connection.query("SELECT count(*) FROM candidates").scalar == "0")
        }
    }
}
