import Foundation
import Recruiting
import RecruitTestSupport
import Testing

/// Issue 19: daily use as a new user meets it. No silent empty answers, messages that say what was tried and what
/// to do, commands short enough to type.
@Suite("Tried as a new user would")
struct NewUserTests {
    @Test("--recruiter that matches no recruiter is an error listing the known ones")
    func unknownRecruiter() async throws {
        try await TestDatabase.with { database in
            #expect(recruit("demo", "--database", database.conninfo).status == 0)
            let unknown = recruit("queue", "--as-of", "2026-11-20", "--recruiter", "sma@agency.test",
                                  "--database", database.conninfo)
            #expect(unknown.status == 1)
            #expect(unknown.out.isEmpty)
            #expect(unknown.err == """
                recruit: no application answers to a recruiter "sma@agency.test"; known recruiters: kim@agency.test, \
                lou@agency.test, sam@agency.test

                """)
            // Matched as the filter matches: case and spaces ignored.
            let known = recruit("queue", "--as-of", "2026-11-20", "--recruiter", " SAM@agency.test ", "--format", "json",
                                "--database", database.conninfo)
            #expect(known.status == 0, "\(known.err)")
        }
    }

    @Test("an unknown client's error quotes the known names that contain commas")
    func clientNamesWithCommasAreQuoted() async throws {
        try await TestDatabase.with { database in
            try Seed(try database.connect()).opening("A-1", client: "Acme Corp").opening("S-1", client: "Smith, Jones & Co")
            let result = recruit("queue", "--client", "Smith", "--database", database.conninfo)
            #expect(result.status == 1)
            #expect(result.err.contains(#"known clients: Acme Corp, "Smith, Jones & Co""#), "\(result.err)")
        }
    }

    @Test("the queue of a database with no data says how to import, in text and on stderr for the other formats")
    func emptyDatabaseSaysHowToImport() async throws {
        try await TestDatabase.with { database in
            let text = recruit("queue", "--database", database.conninfo)
            #expect(text.status == 0)
            #expect(!text.out.contains("Nothing is due"))
            #expect(text.out.contains("holds no applications yet"))
            #expect(text.out.contains("  recruit import openings openings.csv\n"))
            #expect(text.out.contains("recruit demo"))
            let json = recruit("queue", "--format", "json", "--database", database.conninfo)
            #expect(json.status == 0)
            #expect(json.out == "[]\n", "the JSON stays the contract's array")
            #expect(json.err.contains("holds no applications yet"))
            // With data and nothing due, the queue says so as before.
            try Seed(try database.connect()).opening("A-1").application("bo@example.com", "A-1")
            let quiet = recruit("queue", "--as-of", "2026-10-26", "--database", database.conninfo)
            #expect(quiet.out.contains("Nothing is due"), "\(quiet.out)")
        }
    }

    @Test("a mistyped command suggests the nearest one (usage error, exit 2)")
    func mistypedCommand() {
        let queue = recruit("quue")
        #expect(queue.status == 2)
        #expect(queue.err == "recruit: unknown command \"recruit quue\"; did you mean \"recruit queue\"? (recruit --help lists the commands)\n")
        let stop = recruit("db", "stpo")
        #expect(stop.status == 2)
        #expect(stop.err.contains("did you mean \"recruit db stop\"?"))
        let nothingNear = recruit("xyzzy")
        #expect(nothingNear.status == 2)
        #expect(nothingNear.err.contains("the commands are demo, queue, draft, template, summary, import, profile, activity, log, explain, policy, serve, user, audit, forget, export, retention, backup, restore, db, mail"))
        #expect(recruit("summary", "--help").status == 0, "known commands are left to the parser")
    }

    @Test("a server that cannot be reached: the message says what was tried (never the password) and what to check")
    func unreachableServerSaysWhatWasTried() {
        let tcp = recruit("queue", "--database", "postgresql://agency:S3cr3t-pw@127.0.0.1:1/agency_db?connect_timeout=3")
        #expect(tcp.status == 3)
        #expect(!tcp.err.contains("S3cr3t-pw"))
        #expect(tcp.err.hasPrefix("""
            recruit: cannot connect to database "agency_db" on host 127.0.0.1, port 1, as user "agency": 
            """), "\(tcp.err)")
        #expect(tcp.err.contains("\ncheck that PostgreSQL is running there and accepts connections"))
        #expect(tcp.err.contains("in --database"))
        let socket = recruit("queue", "--database", "host=/nonexistent/run port=5999 dbname=recruit user=sam")
        #expect(socket.status == 3)
        #expect(socket.err.contains(#"database "recruit" on socket /nonexistent/run/.s.PGSQL.5999, as user "sam""#),
                "\(socket.err)")
        #expect(socket.err.contains("unix_socket_directories"))
    }

    /// Runs the built `recruit` with `RECRUIT_HOME` set and no other database configured (but `DATABASE_URL` when
    /// given).
    private func run(_ arguments: [String], home: String, databaseURL: String? = nil) throws
        -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: builtRecruit!)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["DATABASE_URL"] = databaseURL
        environment["RECRUIT_HOME"] = home
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test("--database NAME is that database on DATABASE_URL's server; a name the server lacks says so and what to check",
          .enabled(if: builtRecruit != nil))
    func databaseNameOnTheConfiguredServer() async throws {
        try await TestDatabase.with { database in
            let home = "\(NSTemporaryDirectory())recruit-unused-\(UUID().uuidString)"
            // DATABASE_URL names another database of the same server: the bare name replaces it.
            let url = database.conninfo.replacingOccurrences(of: database.name, with: "postgres")
            let found = try run(["db", "status", "--database", database.name], home: home, databaseURL: url)
            #expect(found.status == 0, "\(found.err)")
            #expect(found.out.hasPrefix("database: ") && found.out.contains("/\(database.name)\n"), "\(found.out)")
            let missing = try run(["db", "status", "--database", "no_such_db_19"], home: home, databaseURL: url)
            #expect(missing.status == 3)
            #expect(missing.err.contains(#"cannot connect to database "no_such_db_19" on "#), "\(missing.err)")
            #expect(missing.err.contains("check the database and user names in --database and DATABASE_URL"),
                    "\(missing.err)")
            #expect(!FileManager.default.fileExists(atPath: home), "no private server was started")
        }
    }

    @Test("the private server: the demo says it starts one only when it does, its follow-ups are short and work, db stop names the cluster it stopped and says not running the second time",
          .enabled(if: builtRecruit != nil), .timeLimit(.minutes(3)))
    func privateServer() throws {
        // As root, a RECRUIT_HOME the postgres user cannot reach puts the cluster under /var/lib/recruit.
        let parent = "\(NSTemporaryDirectory())recruit-private-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let home = parent + "/home"
        let cluster = try EmbeddedPostgres(folder: home)
        defer {
            cluster.destroy()
            try? FileManager.default.removeItem(atPath: parent)
        }
        if geteuid() == 0 { #expect(cluster.home.hasPrefix("/var/lib/recruit/cluster-")) }

        let notYet = try run(["db", "stop"], home: home)
        #expect(notYet.status == 0)
        #expect(notYet.out == "recruit's private PostgreSQL in \(cluster.home) is not running\n")

        let first = try run(["demo"], home: home)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.err.contains("starting recruit's private PostgreSQL in \(cluster.home)"))
        #expect(first.out.contains("  recruit queue --as-of 2026-11-20 --format json --database recruit_demo "))
        #expect(first.out.contains("  recruit policy show --database recruit_demo\n"))
        #expect(first.out.contains("  recruit serve --database recruit_demo "), "the demo points at the web workspace")
        let second = try run(["demo"], home: home)
        #expect(second.status == 0, "\(second.err)")
        #expect(!second.err.contains("starting"), "the server was running: \(second.err)")

        // The short form of a follow-up command reaches the demo's database.
        let queue = try run(["queue", "--as-of", "2026-11-20", "--format", "json", "--database", "recruit_demo"], home: home)
        #expect(queue.status == 0, "\(queue.err)")
        #expect(queue.out.contains("\"rule\" : \"thank-you\"") || queue.out.contains("\"rule\": \"thank-you\""))

        let stopped = try run(["db", "stop"], home: home)
        #expect(stopped.status == 0, "\(stopped.err)")
        #expect(stopped.out == "stopped recruit's private PostgreSQL in \(cluster.home)\n")
        let again = try run(["db", "stop"], home: home)
        #expect(again.out == "recruit's private PostgreSQL in \(cluster.home) is not running\n")
    }
}

/// Issue 19: people and roles by name in the queue's text, CSV and calendar; the JSON keeps its contract.
@Suite("The queue names people and roles")
struct QueueNamesTests {
    @Test("text, CSV and ICS show the candidate's name and the opening's title beside the e-mail and id; JSON is unchanged")
    func namesBesideIds() async throws {
        try await TestDatabase.with { database in
            #expect(recruit("demo", "--database", database.conninfo).status == 0)
            let args = ["queue", "--as-of", "2026-11-20", "--recruiter", "sam@agency.test", "--database", database.conninfo]
            let text = recruit(args)
            #expect(text.status == 0, "\(text.err)")
            #expect(text.out.contains("""
                      follow-up        Bea Weiss · Data Analyst
                        bea.weiss@example.com · ACME-1043 · recruiter · due 2026-11-03 OVERDUE

                """), "\(text.out)")
            #expect(text.out.contains("  hm-overload      Priya Shah\n    recruiter · due 2026-11-20\n"),
                    "an item about a hiring manager names them as before")

            let csv = recruit(args + ["--format", "csv"])
            let lines = csv.out.components(separatedBy: "\r\n")
            #expect(lines.first == "kind,rule,actor,candidate,candidate_name,opening,opening_title,client,hiring_manager,recruiter,due,deadline,overdue,reason")
            #expect(lines.contains { $0.hasPrefix("nudge,follow-up,recruiter,bea.weiss@example.com,Bea Weiss,ACME-1043,Data Analyst,Acme Corp,Priya Shah,") })

            let ics = recruit(args + ["--format", "ics"])
            #expect(ics.out.replacingOccurrences(of: "\r\n ", with: "").contains(
                "SUMMARY:follow-up (recruiter): Bea Weiss · Data Analyst (bea.weiss@example.com / ACME-1043)\r\n"),
                "\(ics.out)")

            let json = recruit(args + ["--format", "json"])
            #expect(!json.out.contains("Bea Weiss") && !json.out.contains("Data Analyst"), "the JSON keeps its fields")
        }
    }

    @Test("a name or title with a line break stays on its line; a candidate without a name is shown by e-mail")
    func awkwardNames() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Seed(connection).opening("RD-1").application("eve@example.com", "RD-1").application("noname@example.com", "RD-1")
                .activity("eve@example.com", "RD-1", "2026-11-02", "interview", by: "client")
                .activity("noname@example.com", "RD-1", "2026-11-02", "interview", by: "client")
            try connection.query("UPDATE openings SET title = $1", ["R&D\nLead"])
            try connection.query("UPDATE candidates SET first_name = $1, last_name = 'Stone' WHERE email = 'eve@example.com'",
                                 ["Eve\nMarie"])
            let text = recruit("queue", "--as-of", "2026-11-03", "--database", database.conninfo)
            #expect(text.status == 0, "\(text.err)")
            #expect(text.out.contains(" Eve Marie Stone · R&D Lead\n"), "\(text.out)")
            #expect(text.out.contains(" noname@example.com · R&D Lead\n"), "\(text.out)")
            #expect(text.out.contains("      RD-1 · candidate · due"), "\(text.out)")
        }
    }
}
