import Foundation
import Recruiting
import RecruitTestSupport

/// Small helpers for importer tests: files in a private temporary folder, and a fingerprint of every table.
enum ImportFixture {
    /// Writes `bytes` to a new temporary file and returns its path.
    static func file(_ bytes: [UInt8], name: String = "file.csv") throws -> String {
        let folder = try TemporaryFiles.folder("import-test")
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func file(_ text: String, name: String = "file.csv") throws -> String {
        try file(Array(text.utf8), name: name)
    }

    /// Imports `text` as a `kind` file.
    @discardableResult
    static func load(_ kind: ImportKind, _ text: String, into connection: Connection,
                     options: ImportOptions = ImportOptions()) throws -> ImportReport {
        try Importer(connection: connection).run(kind, from: .file(try file(text, name: "\(kind.rawValue).csv")), options: options)
    }

    /// Every row of every table the importer writes, timestamps included: equal fingerprints mean "exactly as before".
    static func fingerprint(_ connection: Connection) throws -> String {
        var parts: [String] = []
        for table in ["clients", "hiring_managers", "openings", "candidates", "applications", "activities"] {
            let digest = try connection.query("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \(table) t").scalar
            parts.append("\(table)=\(digest ?? "")")
        }
        return parts.joined(separator: " ")
    }

    /// The worked example B of POLICY.md (`/work/shared/examples/B`), as the four files.
    static let openings = """
        opening,client,title,hiring_manager,hiring_manager_email,status,opened_on,filled_on,recruiter
        ACME-1042,Acme Corp,Backend Engineer,Dana Cho,dana.cho@acme.example,open,2026-10-01,,sam@agency.test

        """
    static let candidates = """
        email,first_name,last_name,phone,source,recruiter
        bo.li@example.com,Bo,Li,,job board,sam@agency.test

        """
    static let applications = """
        candidate,opening,stage,stage_date,submitted_on,decision_by,interest,recruiter
        bo.li@example.com,ACME-1042,interviewing,,2026-11-05,,,sam@agency.test

        """
    static let activities = """
        candidate,opening,date,type,by,with,channel,decision_by,interest,note
        bo.li@example.com,ACME-1042,2026-11-12,interview,client,,video,,,with the HM (no one named)
        bo.li@example.com,ACME-1042,2026-11-12,thank_you,candidate,Dana Cho,email,,,

        """

    /// Loads example B's openings and candidates, the ground most tests stand on.
    static func loadBasics(_ connection: Connection) throws {
        try load(.openings, openings, into: connection)
        try load(.candidates, candidates, into: connection)
    }
}
