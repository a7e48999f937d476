import Foundation
import Policies
import Recruiting
import Testing

/// CONTRACT.md's JSON item, as the queue's storage writes it (moved with the byte-level JSON from Policies).
@Suite("Queue items as CONTRACT.md's JSON")
struct RecommendationJSONTests {
    func item(client: String = "Acme Corp") -> Recommendation {
        Recommendation(rule: .followUp, actor: .recruiter, candidate: "ana.ng@example.com", opening: "ACME-1042",
                       client: client, hiringManager: "Dana Cho", recruiter: "sam@agency.test", due: Day("2026-11-11")!,
                       deadline: nil, overdue: false, interest: .neutral, reason: .noRoundStart, staleAfterDays: 30)
    }

    @Test("an item renders as CONTRACT.md's JSON object, keys in order, nulls explicit")
    func jsonShape() throws {
        let item = item()
        let reason = Reason.noRoundStart.description
        #expect(item.json == #"{"kind": "nudge","rule": "follow-up","actor": "recruiter","candidate": "ana.ng@example.com","opening": "ACME-1042","client": "Acme Corp","hiring_manager": "Dana Cho","recruiter": "sam@agency.test","due": "2026-11-11","deadline": null,"overdue": false,"reason": "\#(reason)"}"#)
        let pretty = Recommendation.jsonArray([item], pretty: true)
        let parsed = try JSONSerialization.jsonObject(with: Data(pretty.utf8)) as! [[String: Any]]
        #expect(parsed.count == 1 && parsed[0]["deadline"] is NSNull && parsed[0]["overdue"] as? Bool == false)
        #expect(Recommendation.jsonArray([Recommendation]()) == "[]")
    }

    @Test("JSON strings are escaped")
    func escaping() {
        let odd = item(client: "Quote \" Back\\slash\nLine\u{1}")
        #expect(odd.json.contains(#""client": "Quote \" Back\\slash\nLine\u0001""#))
    }
}
