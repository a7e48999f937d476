import Foundation
import RecruitTestSupport
import Testing

/// Issue 14 end to end on the bundled sample agency: presets keep the agency's holidays, and one logged message
/// about several candidates counts once against the hiring manager's weekly cap.
@Suite("Policy fixes end to end")
struct PolicyFixesTests {
    func withSamples(_ body: (String) async throws -> Void) async throws { try await withSampleAgency(body) }

    func run(_ arguments: String..., db: String) -> String {
        let result = recruit(arguments + ["--database", db])
        #expect(result.status == 0, "\(arguments): \(result.err)")
        return result.out
    }

    func queueJSON(_ db: String, _ day: String) throws -> [[String: Any]] {
        let out = run("queue", "--as-of", day, "--format", "json", db: db)
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]] ?? []
    }

    /// The due day of quinn.adams's follow-up at Cobalt Logistics: the HM's decision date is Monday 2026-11-16, so
    /// 3 business days later is 11-19 (standard) and 5 later 11-23 (patient), one more per holiday in between.
    func quinnsFollowUp(_ db: String) throws -> String? {
        try queueJSON(db, "2026-11-25").first {
            $0["candidate"] as? String == "quinn.adams@example.com" && $0["rule"] as? String == "follow-up"
        }?["due"] as? String
    }

    @Test("agency holidays and a client on patient give dates that skip the holidays, whichever order the commands ran in")
    func presetKeepsHolidaysInEitherOrder() async throws {
        var queues: [String] = []
        for presetFirst in [false, true] {
            try await withSamples { db in queues.append(try setUpAndCheck(db, presetFirst: presetFirst)) }
        }
        #expect(queues.count == 2 && queues[0] == queues[1])
    }

    /// Sets agency holidays and the client's preset in one order or the other, checks the dates, and returns the
    /// queue's JSON as of 2026-11-25 right after (before the further changes checked here).
    func setUpAndCheck(_ db: String, presetFirst: Bool) throws -> String {
        #expect(try quinnsFollowUp(db) == "2026-11-19")
        let holidays = ["policy", "set", "holidays=2026-11-18,2026-12-24", "timezone=Europe/London"]
        let preset = ["policy", "set", "--client", "Cobalt Logistics", "--preset", "patient"]
        for command in presetFirst ? [preset, holidays] : [holidays, preset] {
            let result = recruit(command + ["--database", db])
            #expect(result.status == 0, "\(result.err)")
        }
        #expect(try quinnsFollowUp(db) == "2026-11-24")
        let show = run("policy", "show", "--client", "cobalt logistics", db: db)
        #expect(show.contains("* grace_business_days          5   (agency: 3)"))
        #expect(show.contains("  holidays                     2026-11-18,2026-12-24   (from the agency)"))
        #expect(show.contains("  timezone                     Europe/London   (from the agency)"))
        #expect(show.contains("  thank_you_days               1   (standard)"))
        let queue = run("queue", "--as-of", "2026-11-25", "--format", "json", db: db)

        // A holiday the agency adds later reaches the client; the client's own list wins over it.
        _ = run("policy", "set", "holidays=2026-11-18,2026-11-19", db: db)
        #expect(try quinnsFollowUp(db) == "2026-11-25")
        _ = run("policy", "set", "--client", "Cobalt Logistics", "holidays=", db: db)
        #expect(try quinnsFollowUp(db) == "2026-11-23")
        _ = run("policy", "set", "--client", "Cobalt Logistics", "--unset", "holidays", db: db)
        #expect(try quinnsFollowUp(db) == "2026-11-25")
        return queue
    }

    @Test("logging the demo's grouped status checks as one message, with the command the text queue shows, leaves no hm-overload warning")
    func groupedMessageCountsOnce() async throws {
        try await withSamples { db in
            let text = run("queue", "--as-of", "2026-11-20", db: db)
            // The group's heading, then its items, then the command: its first line and one line per application.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let heading = try #require(lines.firstIndex { $0.contains("Ines Park at Cobalt Logistics — 6 status checks") })
            let intro = try #require(lines[heading...].firstIndex { $0.hasSuffix("then log it as one message:") })
            var command: [String] = []
            for line in lines[(intro + 1)...] {
                command += line.split(separator: " ").map(String.init).filter { $0 != "\\" }
                if !line.hasSuffix("\\") { break }
            }
            #expect(Array(command.prefix(8)) == ["recruit", "log", "--type", "follow_up", "--by", "recruiter", "--channel", "email"])
            #expect(command.filter { $0 == "--candidate" }.count == 6 && command.filter { $0 == "--opening" }.count == 6)

            let logged = recruit(Array(command.dropFirst()) + ["--date", "2026-11-20", "--database", db])
            #expect(logged.status == 0, "\(logged.err)")
            #expect(logged.out.contains("for 6 applications, as one message"))
            let warnings = try queueJSON(db, "2026-11-20").filter { $0["rule"] as? String == "hm-overload" }
            #expect(!warnings.contains { $0["hiring_manager"] as? String == "Ines Park" })
            // Logged one by one on another day of the same week, the same six are still one message a day.
            for pair in stride(from: 8, to: command.count, by: 4) {
                _ = run("log", "--type", "follow_up", "--by", "recruiter", "--channel", "email", "--date", "2026-11-19",
                        command[pair], command[pair + 1], command[pair + 2], command[pair + 3], db: db)
            }
            #expect(try queueJSON(db, "2026-11-20").filter {
                $0["rule"] as? String == "hm-overload" && $0["hiring_manager"] as? String == "Ines Park"
            }.isEmpty)
            // A phone call and the candidate's own e-mail the same day are two more messages: 4, over the cap of 3.
            _ = run("log", "--type", "phone_check", "--by", "recruiter", "--date", "2026-11-20",
                    command[8], command[9], command[10], command[11], db: db)
            _ = run("log", "--type", "follow_up", "--by", "candidate", "--channel", "email", "--date", "2026-11-20",
                    command[12], command[13], command[14], command[15], db: db)
            let over = try queueJSON(db, "2026-11-20").first {
                $0["rule"] as? String == "hm-overload" && $0["hiring_manager"] as? String == "Ines Park"
            }
            #expect(over?["reason"] as? String
                    == "Ines Park received 4 messages from 2026-11-14 to 2026-11-20, more than the weekly cap of 3")
        }
    }

    @Test("log refuses unpaired candidates and openings, and a refused entry logs none of the message")
    func logPairs() async throws {
        try await withSamples { db in
            let before = run("queue", "--as-of", "2026-11-20", "--format", "json", db: db)
            let unpaired = recruit("log", "--type", "follow_up", "--candidate", "milo.holm@example.com",
                                   "--candidate", "cara.diaz@example.com", "--opening", "COB-310", "--opening", "COB-311",
                                   "--opening", "COB-312", "--database", db)
            #expect(unpaired.status == 2 && unpaired.err.contains("2 --candidate but 3 --opening"))
            let refused = recruit("log", "--type", "follow_up", "--date", "2026-11-20", "--opening", "COB-310",
                                  "--candidate", "milo.holm@example.com", "--candidate", "nobody@example.com", "--database", db)
            #expect(refused.status == 1)
            #expect(refused.err.contains("nobody@example.com on COB-310: --candidate"))
            #expect(run("queue", "--as-of", "2026-11-20", "--format", "json", db: db) == before)
        }
    }
}

/// Every write command leaves its row in the audit trail, without personal data, and `recruit audit` lists them.
@Suite("The audit trail through the commands")
struct AuditCommandTests {
    @Test("import, log, policy set and user add each leave one audit row with counts, and recruit audit prints them")
    func writesAreAudited() async throws {
        try await withSampleAgency { db in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recruit-audit-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("candidates.csv")
            try Data("email,first_name\nnew.person@example.com,Nova\n".utf8).write(to: file)
            #expect(recruit("import", "candidates", file.path, "--database", db).status == 0)
            #expect(recruit("import", "candidates", file.path, "--dry-run", "--database", db).status == 0)
            #expect(recruit("log", "--candidate", "ana.ng@example.com", "--opening", "ACME-1042", "--type", "follow_up",
                            "--date", "2026-11-20", "--database", db).status == 0)
            #expect(recruit("policy", "set", "hm_weekly_cap=4", "--database", db).status == 0)
            #expect(recruit("user", "add", "kim@agency.test", "--name", "Kim", "--role", "manager", "--database", db).status == 0)
            let json = recruit("audit", "--format", "json", "--database", db)
            #expect(json.status == 0, "\(json.err)")
            let events = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]] ?? []
            let actions = events.compactMap { $0["action"] as? String }
            // The demo's own imports come first; then one row per write above (the dry run writes none).
            #expect(Array(actions.suffix(4)) == ["import.candidates", "activity.log", "policy.set", "user.add"])
            let imported = events.last { $0["action"] as? String == "import.candidates" }?["detail"] as? [String: String]
            #expect(imported?["inserted"] == "1" && imported?["rows"] == "1")
            #expect(events.allSatisfy { ($0["actor"] as? String)?.hasPrefix("os:") == true })
            #expect(!json.out.contains("@example.com") && !json.out.contains("Nova") && !json.out.contains("kim@"))
            let text = recruit("audit", "--since", "2000-01-01", "--database", db)
            #expect(text.status == 0 && text.out.contains("policy.set"))
            #expect(recruit("audit", "--since", "yesterday", "--database", db).status == 2)
        }
    }
}
