import Foundation
import Policies
import Recruiting
@testable import RecruitWeb
import RecruitTestSupport
import Testing

/// `recruit serve` driven as its users drive it: a real server on a real database, requests over loopback and a
/// headless Chromium (Debian's, through Selenium), from the Python checks in Tests/browser. The server's today is
/// fixed to the samples' demo day, 2026-11-20, so the pages show the same queue whatever day the tests run.
@Suite("The web workspace, end to end")
struct WebWorkspaceTests {
    static let demoDay = Day(year: 2026, month: 11, day: 20)

    /// The people of the tests: one of each role, and one whose sign-ins the throttle test spends.
    static let people: [(key: String, email: String, name: String, role: Role)] = [
        ("recruiter", "lou@agency.test", "Lou Lane", .recruiter),
        ("manager", "mia@agency.test", "Mia <b>\"Manager\"</b> O'Neil", .manager),
        ("admin", "ada@agency.test", "Ada Admin", .admin),
        ("throttled", "tia@agency.test", "Tia Tries", .recruiter),
    ]
    static let password = "correct horse battery staple"

    @Test("sign-in, Today, Done, Why, Team, roles on every route, CSRF, logout, hostile names, throttling, in Chromium and over HTTP")
    func workspace() async throws {
        try await TestDatabase.with { database in
            let demo = recruit("demo", "--database", database.conninfo)
            try #require(demo.status == 0, "\(demo.err)")
            try Self.addHostileData(database)
            let connection = try database.connect()
            var people: [String: [String: String]] = [:]
            for person in Self.people {
                let (_, link) = try Accounts.add(connection, email: person.email, name: person.name, role: person.role, by: "test")
                _ = try Accounts.setPassword(connection, link: link, password: Self.password)
                people[person.key] = ["email": person.email, "password": Self.password, "role": person.role.rawValue]
            }
            let (_, pending) = try Accounts.add(connection, email: "new@agency.test", name: "New Person", role: .recruiter, by: "test")

            let server = WebServer(connection: try database.connect(),
                                   options: .init(port: 0, connections: 4, fixedToday: Self.demoDay))
            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            let serving = Task { try await server.run { portSink.yield($0) } }
            defer { serving.cancel() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recruit-web-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let routes = server.routeTable.map { ["method": $0.method.rawValue, "path": $0.path, "access": $0.access.description] }
            let setup: [String: Any] = [
                "url": "http://127.0.0.1:\(port)", "routes": routes, "people": people,
                "pendingLink": "/set-password/\(pending.text)",
                "screenshots": ProcessInfo.processInfo.environment["RECRUIT_SCREENSHOTS"] ?? folder.path,
                "result": folder.appendingPathComponent("result.json").path,
                // For the checks that change the data from outside the server, as another `recruit` command does.
                "recruit": builtRecruit ?? "", "database": database.conninfo,
            ]
            let setupFile = folder.appendingPathComponent("setup.json")
            try JSONSerialization.data(withJSONObject: setup).write(to: setupFile)

            let (status, output) = try Self.runChecks(setup: setupFile.path)
            #expect(status == 0, "\(output)")

            // The item pressed Done on in the browser is gone from `recruit queue` too, and its activity is there.
            let resultData = try Data(contentsOf: folder.appendingPathComponent("result.json"))
            let done = try #require(try JSONSerialization.jsonObject(with: resultData) as? [String: String])
            let queue = recruit("queue", "--as-of", "2026-11-20", "--format", "json", "--database", database.conninfo)
            let items = try JSONSerialization.jsonObject(with: Data(queue.out.utf8)) as? [[String: Any]] ?? []
            #expect(!items.contains { $0["candidate"] as? String == done["candidate"] && $0["opening"] as? String == done["opening"]
                && $0["rule"] as? String == done["rule"] }, "\(done)")
            let logged = try connection.query("""
                SELECT count(*) FROM activities act JOIN applications a ON a.id = act.application_id
                JOIN candidates c ON c.id = a.candidate_id
                WHERE c.email = $1 AND a.opening_id = $2 AND act.occurred_on = '2026-11-20' AND act.type = 'follow_up'
                """, [done["candidate"], done["opening"]]).scalar
            #expect(logged == "1")
            // Sign-ins and failures are in the audit trail, without the e-mail addresses or passwords.
            let audit = try Audit.events(connection)
            #expect(audit.contains { $0.action == "sign_in" } && audit.contains { $0.action == "sign_in.failed" })
            #expect(audit.contains { $0.action == "activity.log" })
            #expect(!audit.contains { "\($0.actor) \($0.detail)".contains("@") || $0.detail.contains(Self.password) })
        }
    }

    /// An opening, client and hiring manager whose names are HTML and SQL, with an application of Mia's on it.
    static func addHostileData(_ database: TestDatabase) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recruit-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            ("openings", #"""
                opening,client,title,hiring_manager,hiring_manager_email,status,recruiter
                EVIL-1,"<script>alert('client')</script> & ""Sons""","<img src=x onerror=alert(1)> Lead","Robert'); DROP TABLE candidates;--",evil@client.example,open,mia@agency.test
                EVIL-2,Glued Marks Ltd,Analyst,"\#u{600}<img src=x onerror=alert(3)>",glued@client.example,open,mia@agency.test
                """#),
            ("candidates", #"""
                email,first_name,last_name,recruiter
                x.evil@example.com,"<script>alert(""name"")</script>",O'Hara,mia@agency.test
                """#),
            ("activities", #"""
                candidate,opening,date,type,by,with,note
                x.evil@example.com,EVIL-1,2026-11-19,interview,client,"<b>Bold</b> Interviewer","</textarea><script>alert('note')</script>"
                x.evil@example.com,EVIL-2,2026-11-19,interview,client,,
                """#),
        ]
        for (kind, text) in files {
            let file = folder.appendingPathComponent("\(kind).csv")
            try Data(text.utf8).write(to: file)
            let result = recruit("import", kind, file.path, "--database", database.conninfo)
            try #require(result.status == 0, "\(kind): \(result.err)")
        }
    }

    /// Runs Tests/browser's checks with pytest and returns its status and output.
    static func runChecks(setup: String) throws -> (Int32, String) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             root.appendingPathComponent("Tests/browser").path]
        var environment = ProcessInfo.processInfo.environment
        environment["RECRUIT_WEB_SETUP"] = setup
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
