import Foundation
import Recruiting
import RecruitTestSupport
import Testing

private func temporaryFile(_ text: String, name: String) throws -> String {
    let folder = try TemporaryFiles.folder("cli-profile")
    let path = "\(folder)/\(name)"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("recruit import with profiles and flags, recruit profile, recruit activity")
struct ImportProfileCommandTests {
    @Test("--delimiter and --date-format on the command line read a German Excel file; a bad flag value is a usage error")
    func flagsReadTheFile() async throws {
        try await TestDatabase.with { database in
            let path = try temporaryFile("\u{FEFF}opening;client;title;opened_on\r\nX-1;Acme Corp;Engineer;03.11.2026\r\n", name: "openings.csv")
            let refused = recruit("import", "openings", path, "--database", database.conninfo)
            #expect(refused.status == 1)
            #expect(refused.err.contains("pass --delimiter ';'"), "\(refused.err)")
            let result = recruit("import", "openings", path, "--delimiter", ";", "--date-format", "DD.MM.YYYY", "--database", database.conninfo)
            #expect(result.status == 0, "\(result.err)")
            #expect(try database.connect().query("SELECT opened_on::text FROM openings").scalar == "2026-11-03")
            #expect(recruit("import", "openings", path, "--date-format", "MM/YYYY", "--database", database.conninfo).status == 2)
            #expect(recruit("import", "openings", path, "--delimiter", "x", "--database", database.conninfo).status == 2)
        }
    }

    @Test("recruit profile list names the bundled profiles; show prints one; --profile with a wrong kind is refused")
    func profileCommands() async throws {
        let list = recruit("profile", "list")
        #expect(list.status == 0)
        #expect(list.out.contains("bullhorn-notes") && list.out.contains("activities"))
        let show = recruit("profile", "show", "bullhorn-candidates")
        #expect(show.out.contains("\"Client Corporation\"") == false && show.out.contains("\"Status\""))
        #expect(recruit("profile", "show", "nope").status == 1)
        try await TestDatabase.with { database in
            let path = try temporaryFile("Job ID,Job Title,Client Corporation\nBH-1,Engineer,Acme Corp\n", name: "jobs.csv")
            let wrong = recruit("import", "candidates", path, "--profile", "bullhorn-job-orders", "--database", database.conninfo)
            #expect(wrong.status == 1)
            #expect(wrong.err.contains("the profile bullhorn-job-orders reads an openings file"))
            let right = recruit("import", "openings", path, "--profile", "bullhorn-job-orders", "--dry-run", "--database", database.conninfo)
            #expect(right.status == 0, "\(right.err)")
            #expect(right.out.contains("1 inserted"))
        }
    }

    @Test("a mistaken activity is listed and deleted without SQL (audited); recruit log warns about a future date and still exits 0")
    func correctAnActivity() async throws {
        try await withSampleAgency { url in
            let logged = recruit("log", "--candidate", "ana.ng@example.com", "--opening", "ACME-1042", "--type", "follow_up",
                                 "--by", "recruiter", "--date", "2062-11-20", "--database", url)
            #expect(logged.status == 0, "\(logged.err)")
            #expect(logged.err.contains("warning: --date 2062-11-20 is after today"))
            let list = recruit("activity", "list", "--candidate", "ana.ng@example.com", "--opening", "ACME-1042", "--database", url)
            #expect(list.status == 0)
            let line = try #require(list.out.split(separator: "\n").first { $0.contains("2062-11-20") })
            let id = String(line.split(separator: "\t")[0])
            let deleted = recruit("activity", "delete", id, "--database", url)
            #expect(deleted.status == 0, "\(deleted.err)")
            #expect(deleted.out == "deleted activity \(id) (follow_up on 2062-11-20)\n")
            #expect(!recruit("activity", "list", "--candidate", "ana.ng@example.com", "--database", url).out.contains("2062-11-20"))
            #expect(recruit("activity", "delete", id, "--database", url).status == 1)
            let audit = recruit("audit", "--database", url)
            #expect(audit.out.contains("activity.delete"))
            #expect(!audit.out.contains("ana.ng@example.com"))
        }
    }
}
