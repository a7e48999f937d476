import Foundation
import Recruiting
import RecruitTestSupport
import Testing

/// `recruit summary` end to end: what a client may and may not see, in every format.
@Suite("Summary command")
struct SummaryCommandTests {
    static let formats = ["text", "md", "html", "json"]

    func withSamples(_ body: (String) async throws -> Void) async throws { try await withSampleAgency(body) }

    func summary(_ db: String, _ arguments: String...) -> (status: Int32, out: String, err: String) {
        recruit(["summary", "--as-of", "2026-11-20", "--database", db] + arguments)
    }

    /// Every candidate e-mail and name in the sample files, with the client of each application.
    static func sampleApplications() throws -> [(email: String, name: String, opening: String)] {
        func rows(_ kind: ImportKind) throws -> [[String]] {
            let text = try String(contentsOf: Samples.file(kind), encoding: .utf8)
            let lines: [Substring] = Array(text.split(separator: "\n").dropFirst())
            return lines.map { line in line.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        var names: [String: String] = [:]
        for row in try rows(.candidates) { names[row[0]] = row[1] + " " + row[2] }
        var result: [(email: String, name: String, opening: String)] = []
        for row in try rows(.applications) { result.append((row[0], names[row[0]] ?? "?", row[1])) }
        return result
    }

    /// Text that looks like an e-mail address or a phone number (7 or more digits, allowing the usual
    /// separators), which a client summary must never hold. Dates (YYYY-MM-DD) are not phone numbers.
    static func personalData(in text: String) -> [String] {
        // The page's own CSS (@page, @media) and SVG geometry (viewBox="0 0 590 148") are not personal data.
        let withoutDates = text
            .replacingOccurrences(of: #"(?s)<style>.*?</style>"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"viewBox="[^"]*""#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"\b\d{4}-\d{2}-\d{2}\b"#, with: "DATE", options: .regularExpression)
        var found: [String] = []
        for pattern in [#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+"#, #"@"#, #"\+?\d[\d\s().-]{5,}\d"#] {
            var range = withoutDates.startIndex..<withoutDates.endIndex
            while let match = withoutDates.range(of: pattern, options: .regularExpression, range: range) {
                let digits = withoutDates[match].filter(\.isNumber).count
                if pattern.hasPrefix(#"\+?"#) && digits < 7 { range = match.upperBound..<withoutDates.endIndex; continue }
                found.append(String(withoutDates[match]))
                range = match.upperBound..<withoutDates.endIndex
            }
        }
        return found
    }

    @Test("a client's summary in every format names only that client's openings and candidates, by name")
    func clientIsolation() async throws {
        try await withSamples { db in
            let applications = try Self.sampleApplications()
            let mine = Set(applications.filter { $0.opening.hasPrefix("BORE-") }.map(\.name))
            let others = Set(applications.filter { !$0.opening.hasPrefix("BORE-") }.map(\.name)).subtracting(mine)
            #expect(others.count > 20)
            for format in Self.formats {
                let result = summary(db, "--client", "Borealis Health", "--format", format)
                #expect(result.status == 0, "\(format): \(result.err)")
                let out = result.out
                for name in mine where name != "Lea Fischer" && name != "Hana Kim" {
                    // Lea and Hana were decided against: they appear only in the pipeline's counts.
                    #expect(out.contains(name), "\(format): \(name) is missing")
                }
                for name in others { #expect(!out.contains(name), "\(format): another client's candidate \(name)") }
                for opening in ["ACME-", "COB-", "Acme", "Cobalt", "Priya", "Dana Cho", "Ines Park"] {
                    #expect(!out.contains(opening), "\(format): another client's \(opening)")
                }
                #expect(Self.personalData(in: out).isEmpty, "\(format): \(Self.personalData(in: out))")
                // Over-contact warnings stay inside the agency.
                for word in ["too-early", "too-many", "after-decision", "hm-overload", "over-contact", "warning"] {
                    #expect(!out.lowercased().contains(word), "\(format): \(word)")
                }
            }
        }
    }

    @Test("the personal-data check finds addresses and phone numbers in any usual format")
    func personalDataCheckWorks() {
        #expect(!Self.personalData(in: "ana.ng@example.com").isEmpty)
        #expect(!Self.personalData(in: "call +1-555-0100").isEmpty)
        #expect(!Self.personalData(in: "call (555) 010 0100").isEmpty)
        #expect(!Self.personalData(in: "call 5550100").isEmpty)
        #expect(Self.personalData(in: "as of 2026-11-20, 158 days open, 3 replies").isEmpty)
    }

    @Test("the text summary of the samples shows the hand-checked figures")
    func textFigures() async throws {
        try await withSamples { db in
            let result = summary(db, "--client", "borealis health")
            #expect(result.status == 0, "\(result.err)")
            for line in [
                "Borealis Health: status summary as of 2026-11-20",
                "BORE-202 · Clinical Data Scientist · open · 158 days open · hiring manager Marcus Lee",
                "  Pipeline: 5 interviewing, 1 not selected (6 candidates)",
                "    Fay Wong: 116 days since the interview on 2026-07-27; decision promised by 2026-07-31 (PASSED)",
                "    Xavier Sato: 32 days since the submittal on 2026-10-19",
                "    2026-11-24  Check in with Marcus Lee on the decision about Dora Young",
                "  BORE-201 · Nurse Manager · filled 2026-08-10 · time to fill 101 days · hired Ivan Petrov",
                "  Your median: 2 days (3 replies)",
                "  Across our clients: 2 days (19 replies)",
            ] {
                #expect(result.out.contains(line + "\n"), "missing: \(line)")
            }
        }
    }

    @Test("the demo ends with one client's summary and says how to get the others")
    func demoShowsASummary() async throws {
        try await TestDatabase.with { database in
            let demo = recruit("demo", "--database", database.conninfo)
            #expect(demo.status == 0, "\(demo.err)")
            #expect(demo.out.contains("Borealis Health: status summary as of 2026-11-20\n"))
            #expect(demo.out.contains("recruit summary --client \"Borealis Health\" --as-of 2026-11-20 --format html"))
        }
    }

    @Test("the JSON summary has sorted snake_case keys and YYYY-MM-DD dates")
    func jsonShape() async throws {
        try await withSamples { db in
            let result = summary(db, "--client", "Borealis Health", "--format", "json")
            #expect(result.status == 0, "\(result.err)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
            #expect(object["as_of"] as? String == "2026-11-20")
            #expect(object["client"] as? String == "Borealis Health")
            let openings = try #require(object["openings"] as? [[String: Any]])
            #expect(openings.map { $0["id"] as? String } == ["BORE-202", "BORE-203"])
            let pipeline = try #require(openings[0]["pipeline"] as? [String: Int])
            #expect(pipeline == ["submitted": 0, "interviewing": 5, "offered": 0, "hired": 0, "not_selected": 1, "withdrawn": 0])
            // Absent values are explicit nulls: BORE-203's HM is known by e-mail only and nobody was promised a date.
            #expect(openings[1]["hiring_manager"] is NSNull)
            let xavier = try #require((openings[1]["awaiting_decision"] as? [[String: Any]])?.first)
            #expect(xavier["candidate"] as? String == "Xavier Sato")
            #expect(xavier["promised_by"] is NSNull)
            let filled = try #require(object["filled_roles"] as? [[String: Any]])
            #expect(filled.first?["days_to_fill"] as? Int == 101)
            let clientKeys = result.out.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { String($0) }
            #expect(clientKeys == clientKeys.sorted(), "top-level keys in order")
        }
    }

    @Test("a client named <script>alert(1)</script> & Sons is escaped in Markdown and HTML")
    func escaping() async throws {
        try await TestDatabase.with { database in
            let hostile = "<script>alert(1)</script> & Sons"
            let seed = Seed(try database.connect())
            try seed.opening("X-1", client: hostile, hiringManager: "Bo <b>Bold</b> *Star*")
            try seed.application("eve@example.com", "X-1")
            try seed.activity("eve@example.com", "X-1", "2026-11-18", "interview", with: ["<img src=x onerror=alert(2)>"])
            try database.connect().query(
                "UPDATE candidates SET first_name = '<i>Eve</i>', last_name = '[x](http://evil.test) _u_ | pipe'")
            let md = recruit("summary", "--client", hostile, "--as-of", "2026-11-20", "--format", "md",
                             "--database", database.conninfo)
            #expect(md.status == 0, "\(md.err)")
            #expect(md.out.contains("# &lt;script&gt;alert\\(1\\)&lt;/script&gt; & Sons: status summary"), "a lone & as it is")
            #expect(md.out.contains("&lt;i&gt;Eve&lt;/i&gt; \\[x\\]\\(http://evil.test\\) \\_u\\_ \\| pipe"))
            let html = recruit("summary", "--client", hostile, "--as-of", "2026-11-20", "--format", "html",
                               "--database", database.conninfo)
            #expect(html.status == 0, "\(html.err)")
            #expect(html.out.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons</h1>"))
            #expect(html.out.contains("hiring manager Bo &lt;b&gt;Bold&lt;/b&gt; *Star*"))
            #expect(html.out.contains("&lt;img src=x onerror=alert(2)&gt;"))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let all = recruit("summary", "--all", "--out", folder.path, "--format", "md", "--as-of", "2026-11-20",
                              "--database", database.conninfo)
            #expect(all.status == 0, "\(all.err)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["script-alert-1-script-sons.md"])
            for output in [md.out, html.out] {
                #expect(!output.contains("<script"))
                #expect(!output.contains("<img"))
                #expect(!output.contains("<i>"))
                #expect(!output.contains("<b>Bold"))
            }
        }
    }

    @Test("a title with a line break and an & reads as one line in text, and as written in Markdown (no &amp;)")
    func titlesWithLineBreaksAndAmpersands() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Seed(connection).opening("RD-1", client: "Smith & Sons").application("eve@example.com", "RD-1")
            try connection.query("UPDATE openings SET title = $1", ["R&D Lead\nNights &copy; team"])
            let text = recruit("summary", "--client", "Smith & Sons", "--as-of", "2026-11-20",
                               "--database", database.conninfo)
            #expect(text.status == 0, "\(text.err)")
            #expect(text.out.contains("\nRD-1 · R&D Lead Nights &copy; team · open"), "\(text.out)")
            #expect(text.out.hasPrefix("Smith & Sons: status summary"))
            let md = recruit("summary", "--client", "Smith & Sons", "--as-of", "2026-11-20", "--format", "md",
                             "--database", database.conninfo)
            #expect(md.status == 0, "\(md.err)")
            #expect(md.out.contains("## RD-1 · R&D Lead Nights \\&copy; team\n"), "\(md.out)")
            #expect(md.out.hasPrefix("# Smith & Sons: status summary"))
            #expect(!md.out.contains("&amp;"))
        }
    }

    @Test("the HTML page is self-contained: inline style and SVG, no script, nothing fetched, print rules")
    func htmlIsSelfContained() async throws {
        try await withSamples { db in
            let html = summary(db, "--client", "Acme Corp", "--format", "html").out
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<style>") && html.contains("@page"))
            #expect(html.contains("break-inside: avoid"))
            #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 4, "one chart per opening")
            for forbidden in ["<script", "http:", "https:", "<link", "<img", "url(", "@import", "src="] {
                #expect(!html.contains(forbidden), "\(forbidden)")
            }
        }
    }

    @Test("a client without openings gets a short, friendly summary in every format")
    func emptyClient() async throws {
        try await TestDatabase.with { database in
            try database.connect().query("INSERT INTO clients (name) VALUES ('Quiet Ltd')")
            for format in Self.formats {
                let result = recruit("summary", "--client", "quiet ltd", "--as-of", "2026-11-20", "--format", format,
                                     "--database", database.conninfo)
                #expect(result.status == 0, "\(format): \(result.err)")
                #expect(result.err.isEmpty)
                if format == "json" {
                    let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
                    #expect((object?["openings"] as? [Any])?.isEmpty == true)
                    #expect((object?["responsiveness"] as? [String: Any])?["client_samples"] as? Int == 0)
                } else {
                    #expect(result.out.contains("We have no openings with you on record"), "\(format)")
                    #expect(result.out.contains("not enough data"), "\(format)")
                }
            }
        }
    }

    @Test("an unknown client exits 1 listing the known clients; --client with --all, or neither, is a usage error")
    func errors() async throws {
        try await withSamples { db in
            let unknown = summary(db, "--client", "Nobody Inc")
            #expect(unknown.status == 1)
            #expect(unknown.err.contains("Acme Corp, Borealis Health, Cobalt Logistics"))
            #expect(unknown.out.isEmpty)
            #expect(summary(db, "--client", "Acme Corp", "--all", "--out", "/tmp/x").status == 2)
            #expect(summary(db).status == 2)
            #expect(summary(db, "--all").status == 2, "--all needs --out")
            #expect(summary(db, "--client", "Acme Corp", "--format", "pdf").status == 2)
        }
    }

    @Test("--all --out DIR writes one file per client, named from the client's name, collisions numbered")
    func allClients() async throws {
        try await withSamples { db in
            // "ACME corp!" folds to the same slug as "Acme Corp".
            try Seed(try Connection(conninfo: db)).opening("Z-1", client: "Acme-Corp!")
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("summary-\(UUID().uuidString)/nested", isDirectory: true)
            defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
            let result = summary(db, "--all", "--out", folder.path, "--format", "html")
            #expect(result.status == 0, "\(result.err)")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(files == ["acme-corp-2.html", "acme-corp.html", "borealis-health.html", "cobalt-logistics.html"])
            let borealis = try String(contentsOf: folder.appendingPathComponent("borealis-health.html"), encoding: .utf8)
            #expect(borealis.contains("Clinical Data Scientist") && !borealis.contains("Fleet Planner"))
            let second = try String(contentsOf: folder.appendingPathComponent("acme-corp-2.html"), encoding: .utf8)
            #expect(second.contains("<h1>Acme-Corp!</h1>"))
            // Run again: the files are replaced in place, nothing left over.
            #expect(summary(db, "--all", "--out", folder.path, "--format", "html").status == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == files)
        }
    }
}
