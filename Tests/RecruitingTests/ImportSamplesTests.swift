import Foundation
import Recruiting
import RecruitTestSupport
import Testing

@Suite("bundled sample files")
struct ImportSamplesTests {
    @Test("the samples import cleanly in order, then a second import changes nothing")
    func samplesImport() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let importer = Importer(connection: connection)
            for kind in ImportKind.allCases {
                let report = try importer.run(kind, from: .file(try Samples.file(kind).path))
                #expect(report.rejected == 0 && report.unknownColumns.isEmpty)
                #expect(report.main.inserted == report.rows, "\(kind): every row is new")
            }
            let counts = try connection.query("""
                SELECT (SELECT count(*) FROM clients), (SELECT count(*) FROM openings), (SELECT count(*) FROM candidates),
                       (SELECT count(*) FROM activities), (SELECT count(*) FROM activities WHERE occurred_on > $1::date)
                """, [Samples.demoDay]).rows[0]
            #expect(counts[0] == "3" && counts[1] == "10" && counts[2] == "40")
            #expect((Int(counts[3] ?? "0") ?? 0) >= 120)
            #expect(counts[4] == "0", "nothing happens after the demo day")
            let before = try ImportFixture.fingerprint(connection)
            for kind in ImportKind.allCases {
                let again = try importer.run(kind, from: .file(try Samples.file(kind).path))
                #expect(again.main.inserted == 0 && again.main.updated == 0)
            }
            #expect(try ImportFixture.fingerprint(connection) == before)
        }
    }
}
