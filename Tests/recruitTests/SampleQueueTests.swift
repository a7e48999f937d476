import Foundation
import RecruitTestSupport
import Testing

/// The bundled samples' queue, checked against the stories worked by hand in docs/samples.md, and against reviewed
/// snapshots of the whole queue on other days (Tests/recruitTests/Fixtures/samples-queue/).
@Suite("The bundled samples' queue")
struct SampleQueueTests {
    struct Expected: Sendable, CustomStringConvertible {
        let rule, candidate, opening, due: String
        let deadline: String?
        var description: String { "\(rule) \(candidate) \(opening) due \(due)" }
    }

    /// docs/samples.md, "Which rows exercise which rule (as of 2026-11-20)".
    static let demoDay: [Expected] = [
        Expected(rule: "thank-you", candidate: "ana.ng@example.com", opening: "ACME-1042", due: "2026-11-19", deadline: "2026-11-20"),
        Expected(rule: "follow-up", candidate: "ben.okafor@example.com", opening: "ACME-1043", due: "2026-11-18", deadline: nil),
        Expected(rule: "follow-up", candidate: "cara.diaz@example.com", opening: "COB-311", due: "2026-11-17", deadline: nil),
        Expected(rule: "follow-up", candidate: "quinn.adams@example.com", opening: "COB-311", due: "2026-11-19", deadline: nil),
        Expected(rule: "phone-check", candidate: "dev.patel@example.com", opening: "BORE-202", due: "2026-11-18", deadline: nil),
        Expected(rule: "check-back", candidate: "eli.moreau@example.com", opening: "COB-310", due: "2026-11-02", deadline: nil),
        Expected(rule: "check-back", candidate: "fay.wong@example.com", opening: "BORE-202", due: "2026-11-11", deadline: nil),
        Expected(rule: "keep-in-mind", candidate: "gus.silva@example.com", opening: "ACME-1044", due: "2026-11-17", deadline: "2026-11-19"),
        Expected(rule: "attrition-check", candidate: "hana.kim@example.com", opening: "BORE-201", due: "2026-11-08", deadline: nil),
        Expected(rule: "too-early", candidate: "jon.bauer@example.com", opening: "ACME-1042", due: "2026-11-10", deadline: nil),
        Expected(rule: "too-many", candidate: "kai.tanaka@example.com", opening: "COB-310", due: "2026-11-12", deadline: nil),
        Expected(rule: "check-back", candidate: "kai.tanaka@example.com", opening: "COB-310", due: "2026-11-03", deadline: nil),
        Expected(rule: "after-decision", candidate: "lea.fischer@example.com", opening: "BORE-202", due: "2026-11-09", deadline: nil),
    ]

    static let snapshotDays = ["2026-11-13", "2026-11-20", "2026-11-27"]
    static let snapshots = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("samples-queue")

    func queue(_ db: String, _ day: String) throws -> [[String: Any]] {
        let result = recruit("queue", "--as-of", day, "--format", "json", "--database", db)
        #expect(result.status == 0, "\(result.err)")
        return try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]] ?? []
    }

    @Test("on the demo day every story of docs/samples.md comes out with its dates")
    func demoDayStories() async throws {
        try await TestDatabase.with { database in
            #expect(recruit("demo", "--database", database.conninfo).status == 0)
            let items = try queue(database.conninfo, "2026-11-20")
            for story in Self.demoDay {
                let match = items.first {
                    $0["rule"] as? String == story.rule && $0["candidate"] as? String == story.candidate
                        && $0["opening"] as? String == story.opening
                }
                #expect(match?["due"] as? String == story.due, "\(story)")
                #expect((match?["deadline"] as? String) == story.deadline, "\(story)")
            }
            let overload = items.first { $0["rule"] as? String == "hm-overload" }
            #expect(overload?["hiring_manager"] as? String == "Priya Shah")
            #expect((overload?["reason"] as? String)?.contains("4 messages") == true)
        }
    }

    @Test("the whole queue matches its reviewed snapshot on several days", arguments: snapshotDays)
    func snapshot(_ day: String) async throws {
        try await TestDatabase.with { database in
            #expect(recruit("demo", "--database", database.conninfo).status == 0)
            let result = recruit("queue", "--as-of", day, "--format", "json", "--database", database.conninfo)
            let expected = try String(contentsOf: Self.snapshots.appendingPathComponent("queue-\(day).json"), encoding: .utf8)
            #expect(result.out == expected, "recruit queue --as-of \(day) differs from Fixtures/samples-queue/queue-\(day).json")
        }
    }
}
