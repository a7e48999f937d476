import Foundation
import RecruitCLI
import RecruitTestSupport
import Testing

/// The worked examples A, A2, B, C and D of POLICY.md as files (a copy of the project's `examples/`): each folder's
/// CSV files go through `recruit import`, its `policy.json` through `recruit policy set`, and `recruit queue --as-of
/// DATE --format json` must give every `expected-DATE.json` (compared on all fields but the reason's wording).
@Suite("Worked examples end to end through the commands")
struct WorkedExampleTests {
    static let examples: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("examples")

    /// Every folder holding CSV files, e.g. `A/1-interview`, `B`.
    static let folders: [String] = {
        let enumerator = FileManager.default.enumerator(atPath: examples.path)
        var folders = Set<String>()
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix("openings.csv") { folders.insert((path as NSString).deletingLastPathComponent) }
        }
        return folders.sorted()
    }()

    static let compared = ["kind", "rule", "actor", "candidate", "opening", "client", "hiring_manager", "recruiter",
                           "due", "deadline", "overdue"]

    @Test("every worked example gives its expected queue on every day", arguments: folders)
    func workedExample(_ folder: String) async throws {
        let directory = Self.examples.appendingPathComponent(folder)
        try await TestDatabase.with { database in
            for kind in ["openings", "candidates", "applications", "activities"] {
                let result = recruit("import", kind, directory.appendingPathComponent("\(kind).csv").path,
                                     "--database", database.conninfo)
                #expect(result.status == 0, "\(folder)/\(kind).csv: \(result.err)")
            }
            let policyFile = directory.appendingPathComponent("policy.json")
            if let data = try? Data(contentsOf: policyFile) {
                let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                var assignments: [String] = []
                for (key, value) in object {
                    if let list = value as? [String] { assignments.append("\(key)=\(list.joined(separator: ","))") } else { assignments.append("\(key)=\(value)") }
                }
                let result = recruit(["policy", "set", "--database", database.conninfo] + assignments)
                #expect(result.status == 0, "\(result.err)")
            }
            let expectations = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasPrefix("expected-") && $0.hasSuffix(".json") }.sorted()
            #expect(!expectations.isEmpty)
            for file in expectations {
                let day = String(file.dropFirst("expected-".count).dropLast(".json".count))
                let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(file))) as! [[String: Any]]
                let result = recruit("queue", "--as-of", day, "--format", "json", "--database", database.conninfo)
                #expect(result.status == 0, "\(result.err)")
                let actual = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as! [[String: Any]]
                #expect(Self.project(actual) == Self.project(expected), "\(folder) as of \(day)")
                for item in actual {
                    let reason = item["reason"] as? String ?? ""
                    #expect(reason.contains(item["due"] as? String ?? "?") || reason.contains("20"), "the reason states dates: \(reason)")
                }
            }
        }
    }

    static func project(_ items: [[String: Any]]) -> [[String: String]] {
        items.map { item in
            Dictionary(uniqueKeysWithValues: compared.map { key in (key, item[key].map { "\($0)" } ?? "<missing>") })
        }
    }
}

func recruit(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
    let console = Console(capturing: true)
    let status = Console.$current.withValue(console) { RecruitCLI.main(arguments) }
    return (status, console.standardOutput, console.standardError)
}
