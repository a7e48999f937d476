import Foundation
import Policies
import Testing

/// POLICY.md's worked examples A, A2, B, C and D with their exact dates (shared/examples).
@Suite struct WorkedExampleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let example: WorkedExample
        let asOf: String
        var testDescription: String { "\(example.name) as of \(asOf)" }
    }

    static let cases: [Case] = workedExamples.flatMap { e in e.expected.keys.sorted().map { Case(example: e, asOf: $0) } }

    @Test("the queue of each worked example matches expected-DATE.json", arguments: cases)
    func queueMatchesExpected(_ c: Case) {
        let items = queue(c.example.timelines, asOf: d(c.asOf), policy: c.example.policy).map(ExpectedItem.init)
        #expect(items == c.example.expected[c.asOf]!)
    }

    @Test("every worked example's items carry client, HM, recruiter and a reason naming the due day")
    func itemsCarryNamesAndReasons() {
        for c in Self.cases {
            for item in queue(c.example.timelines, asOf: d(c.asOf), policy: c.example.policy) {
                #expect(item.client == "Acme Corp")
                #expect(item.hiringManager == "Dana Cho")
                #expect(item.recruiter == "sam@agency.test")
                #expect(item.reason.description.contains(item.due.description) || item.rule == .thankYou)
            }
        }
    }

    @Test("the literals match the files in ../shared/examples when that folder is present")
    func literalsMatchSharedFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/examples")
        guard FileManager.default.fileExists(atPath: shared.path) else { return }
        for example in workedExamples {
            let folder = shared.appendingPathComponent(example.name)
            for (file, literal) in [("openings.csv", example.openings), ("applications.csv", example.applications),
                                    ("candidates.csv", example.candidates), ("activities.csv", example.activities)] {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                #expect(text.trimmingCharacters(in: .newlines) == literal, "\(example.name)/\(file)")
            }
            let policyFile = folder.appendingPathComponent("policy.json")
            if FileManager.default.fileExists(atPath: policyFile.path) {
                let policy = try JSONDecoder().decode(Policy.self, from: Data(contentsOf: policyFile))
                #expect(policy == example.policy)
            } else {
                #expect(example.policyJSON == nil)
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasPrefix("expected-") }
            #expect(Set(files.map { String($0.dropFirst(9).dropLast(5)) }) == Set(example.expected.keys))
            for file in files {
                let day = String(file.dropFirst(9).dropLast(5))
                let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file)))
                let items = (json as! [[String: Any]]).map { o in
                    ExpectedItem(kind: o["kind"] as! String, rule: o["rule"] as! String, actor: o["actor"] as! String,
                                 candidate: o["candidate"] as? String, opening: o["opening"] as? String,
                                 due: o["due"] as! String, deadline: o["deadline"] as? String,
                                 overdue: o["overdue"] as! Bool)
                }
                #expect(items == example.expected[day], "\(example.name) \(day)")
            }
        }
    }
}
