import Foundation
import Policies
@testable import Recruiting
import RecruitTestSupport
import Testing

/// ATS exports as they are: profiles, delimiters, date formats, short rows and the ATS's own ids (issue 18).
@Suite("Importing ATS exports with profiles and flags")
struct ImportProfileTests {
    static func fixture(_ name: String) throws -> String {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return folder.appendingPathComponent("ats/\(name)").path
    }

    static func run(_ connection: Connection, _ kind: ImportKind, _ file: String, profile: ImportProfile? = nil,
                    skipInvalid: Bool = false) throws -> ImportReport {
        var options = ImportOptions(skipInvalid: skipInvalid)
        options.profile = profile
        return try Importer(connection: connection).run(kind, from: .file(file), options: options)
    }

    /// The error's text, or nil when the import went through.
    static func refusal(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return String(describing: error) }
        return nil
    }

    static let day = Day(year: 2026, month: 11, day: 20)

    static func queue(_ connection: Connection) throws -> [String] {
        Array(try QueueReport.queue(connection, asOf: day, workers: 1)).map { "\($0)" }
    }

    static func loadOwn(_ connection: Connection) throws {
        for kind in ImportKind.allCases {
            _ = try run(connection, kind, try fixture("own-\(kind.rawValue).csv"))
        }
    }

    static func loadBullhorn(_ connection: Connection) throws {
        _ = try run(connection, .openings, try fixture("bullhorn-job-orders.csv"), profile: try ImportProfile.load("bullhorn-job-orders"))
        _ = try run(connection, .candidates, try fixture("bullhorn-candidates.csv"), profile: try ImportProfile.load("bullhorn-candidates"))
        _ = try run(connection, .applications, try fixture("bullhorn-submissions.csv"), profile: try ImportProfile.load("bullhorn-submissions"))
        _ = try run(connection, .activities, try fixture("bullhorn-notes.csv"), profile: try ImportProfile.load("bullhorn-notes"))
    }

    /// Every stored row without ids and timestamps: what the two ways of importing must agree on.
    static func contents(_ connection: Connection) throws -> [String] {
        try connection.query("""
            SELECT 'o|' || o.id || '|' || cl.name || '|' || o.title || '|' || coalesce(hm.name, '') || '|' || o.status || '|' || coalesce(o.opened_on::text, '') || '|' || coalesce(o.recruiter, '')
            FROM openings o JOIN clients cl ON cl.id = o.client_id LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id
            UNION ALL
            SELECT 'c|' || email || '|' || coalesce(first_name, '') || '|' || coalesce(last_name, '') || '|' || coalesce(phone, '') || '|' || coalesce(source, '') || '|' || coalesce(recruiter, '') || '|' || coalesce(notes, '') FROM candidates
            UNION ALL
            SELECT 'a|' || c.email || '|' || a.opening_id || '|' || a.stage || '|' || coalesce(a.stage_date::text, '') || '|' || coalesce(a.submitted_on::text, '') || '|' || coalesce(a.recruiter, '')
            FROM applications a JOIN candidates c ON c.id = a.candidate_id
            UNION ALL
            SELECT 'x|' || c.email || '|' || a.opening_id || '|' || x.occurred_on || '|' || x.type || '|' || coalesce(x.by::text, '') || '|' || coalesce(x.channel::text, '') || '|' || coalesce(x.note, '')
            FROM activities x JOIN applications a ON a.id = x.application_id JOIN candidates c ON c.id = a.candidate_id
            ORDER BY 1
            """).rows.map { $0[0] ?? "" }
    }

    @Test("Bullhorn's four exports (BOM, CRLF, US dates with AM/PM, quoted newlines, short rows) import with no edits and give the queue of the same data in our columns")
    func bullhornExportsGiveTheSameQueue() async throws {
        let (own, ownQueue) = try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.loadOwn(connection)
            return (try Self.contents(connection), try Self.queue(connection))
        }
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.loadBullhorn(connection)
            #expect(try Self.contents(connection) == own)
            #expect(try Self.queue(connection) == ownQueue)
            #expect(!ownQueue.isEmpty, "the fixtures make a queue to compare")
        }
    }

    @Test("Greenhouse's report saved by a German Excel (semicolons, day-first dates) and Lever's export import like our own columns")
    func greenhouseAndLeverGiveTheSameRows() async throws {
        func load(_ connection: Connection, vendor: Bool) throws {
            _ = try Self.run(connection, .openings, try Self.fixture("own-openings.csv"))
            if vendor {
                let greenhouse = try ImportProfile.load("greenhouse-candidates")
                    .overriding(delimiter: .semicolon, dateFormat: try DateFormat("DD/MM/YYYY"), padShortRows: false)
                _ = try Self.run(connection, .candidates, try Self.fixture("greenhouse-candidates.csv"), profile: greenhouse)
                _ = try Self.run(connection, .candidates, try Self.fixture("lever-opportunities.csv"),
                                 profile: try ImportProfile.load("lever-opportunities"))
            } else {
                _ = try Self.run(connection, .candidates, try Self.fixture("own-greenhouse-candidates.csv"))
                _ = try Self.run(connection, .candidates, try Self.fixture("own-lever-opportunities.csv"))
            }
        }
        let (own, ownQueue) = try await TestDatabase.with { database in
            let connection = try database.connect()
            try load(connection, vendor: false)
            return (try Self.contents(connection), try Self.queue(connection))
        }
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try load(connection, vendor: true)
            #expect(try Self.contents(connection) == own)
            #expect(try Self.queue(connection) == ownQueue)
        }
    }

    @Test("re-importing notes edited in the ATS changes the notes in place: no second activity, the same queue")
    func editedNotesUpdateInPlace() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.loadBullhorn(connection)
            let before = try Self.queue(connection)
            let count = try connection.query("SELECT count(*) FROM activities").scalar
            let original = try String(contentsOfFile: try Self.fixture("bullhorn-notes.csv"), encoding: .utf8)
            let edited = original.replacingOccurrences(of: "Round 1 with Dana", with: "Round 1 with Dana (went well)")
                .replacingOccurrences(of: "Called, left a voicemail", with: "Called twice, left a voicemail")
            #expect(edited != original)
            let report = try Self.run(connection, .activities, try ImportFixture.file(edited),
                                      profile: try ImportProfile.load("bullhorn-notes"))
            #expect(report.main.inserted == 0)
            #expect(report.main.updated == 2)
            #expect(try connection.query("SELECT count(*) FROM activities").scalar == count)
            #expect(try connection.query("SELECT note FROM activities WHERE external_id = '9001'").scalar == "Round 1 with Dana (went well)")
            #expect(try connection.query("SELECT note FROM activities WHERE external_id = '9003'").scalar == "Called twice, left a voicemail")
            #expect(try Self.queue(connection) == before)
            // Without ids, the same edit is a new activity (the natural key, as before).
            let ownEdited = try String(contentsOfFile: try Self.fixture("own-activities.csv"), encoding: .utf8)
                .replacingOccurrences(of: "Round 1 with Dana", with: "Round 1 edited")
            let plain = try Self.run(connection, .activities, try ImportFixture.file(ownEdited))
            #expect(plain.main.inserted == 2, "the row edited here, and the one whose stored note the ATS changed")
        }
    }

    @Test("an edit by id that would make its activity the same as another stored one, or as another row's, is refused naming the file, line, id and the other; nothing is written")
    func editsByIdThatCollideAreRefused() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.loadBullhorn(connection)
            let before = try connection.query("SELECT string_agg(concat_ws('|', id, application_id, occurred_on, type, by, channel, note, external_id), ';' ORDER BY id) FROM activities").scalar
            let original = try String(contentsOfFile: try Self.fixture("bullhorn-notes.csv"), encoding: .utf8)
            let profile = try ImportProfile.load("bullhorn-notes")
            // Note 9004 (line 6) rewritten in the ATS to say what note 9003 says, on the same candidate and opening.
            let same = original.replacingOccurrences(of: "9004,11/13/2026 11:30 AM,Left Message,Sam Reed,Ana Ng,ana.ng@example.com,BH-101",
                                                     with: "9004,11/12/2026 02:00 PM,Left Message,Kim Lau,Cara Diaz,cara.diaz@example.com,BH-102,,\"Called, left a voicemail\"")
            #expect(same != original)
            let stored = try connection.query("SELECT id FROM activities WHERE external_id = '9003'").scalar!
            let path = try ImportFixture.file(same, name: "notes.csv")
            let message = try #require(Self.refusal { _ = try Self.run(connection, .activities, path, profile: profile) })
            #expect(message.contains("\(path): 1 problem on 1 row; nothing was imported"), "\(message)")
            #expect(message.contains("\(path): line 6, column \"Note ID\": id 9004 would make its activity the same as stored activity \(stored) (follow_up on 2026-11-12, id 9003) of the same candidate and opening"), "\(message)")
            #expect(message.contains("recruit activity delete \(stored)"))
            // Two rows edited to the same new activity: the later one names the earlier.
            let both = same.replacingOccurrences(of: "11/12/2026 02:00 PM", with: "11/14/2026 10:00 AM")
            let path2 = try ImportFixture.file(both, name: "notes2.csv")
            let twice = try #require(Self.refusal { _ = try Self.run(connection, .activities, path2, profile: profile) })
            #expect(twice.contains("line 6, column \"Note ID\": id 9004 would make its activity the same as the one id 9003 on line 5 makes"), "\(twice)")
            // Refused with --skip-invalid too, and nothing written either way.
            #expect(Self.refusal { _ = try Self.run(connection, .activities, path, profile: profile, skipInvalid: true) } != nil)
            #expect(try connection.query("SELECT string_agg(concat_ws('|', id, application_id, occurred_on, type, by, channel, note, external_id), ';' ORDER BY id) FROM activities").scalar == before)
            // The file as exported, unedited, still goes through.
            #expect(try Self.run(connection, .activities, try Self.fixture("bullhorn-notes.csv"), profile: profile).main.inserted == 0)
        }
    }

    @Test("activities imported without ids take the ATS's ids when the export comes, and then update in place")
    func storedActivitiesAdoptIds() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.loadOwn(connection)
            let count = try connection.query("SELECT count(*) FROM activities").scalar
            let report = try Self.run(connection, .activities, try Self.fixture("bullhorn-notes.csv"),
                                      profile: try ImportProfile.load("bullhorn-notes"))
            #expect(report.main.inserted == 0)
            #expect(try connection.query("SELECT count(*) FROM activities").scalar == count)
            #expect(try connection.query("SELECT count(*) FROM activities WHERE external_id IS NOT NULL").scalar == "4")
        }
    }

    @Test("a semicolon-separated file read as commas is refused with the flag that reads it")
    func wrongDelimiterNamesTheFlag() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            let path = try ImportFixture.file("email;first_name;last_name\r\nzoe@example.com;Zoe;Ang\r\n")
            let message = try #require(Self.refusal { _ = try Self.run(connection, .candidates, path) })
            #expect(message.contains("\(path): line 1: the header is separated by semicolons, not commas; pass --delimiter ';'"))
            let report = try Self.run(connection, .candidates, path,
                                      profile: ImportProfile(flags: .semicolon, dateFormat: nil, padShortRows: false))
            #expect(report.main.inserted == 1)
            let tab = try ImportFixture.file("email\tfirst_name\nyan@example.com\tYan\n")
            #expect(Self.refusal { _ = try Self.run(connection, .candidates, tab) }?.contains("pass --delimiter tab") == true)
        }
    }

    @Test("dates are never guessed: a non-ISO date without a format names the line, the column and --date-format; with one, both orders read")
    func dateFormats() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let text = "opening,client,title,opened_on\nX-1,Acme Corp,Engineer,03/04/2026\nX-2,Acme Corp,Analyst,11/10/2026 09:15 AM\nX-3,Acme Corp,Lead,3/4/2026 9:15 PM\n"
            let path = try ImportFixture.file(text)
            let message = try #require(Self.refusal { _ = try Self.run(connection, .openings, path) })
            #expect(message.contains("\(path): line 2, column \"opened_on\": '03/04/2026' is not a date"))
            #expect(message.contains("--date-format"))
            _ = try Self.run(connection, .openings, path, profile: ImportProfile(flags: nil, dateFormat: try DateFormat("MM/DD/YYYY hh:mm A"), padShortRows: false))
            #expect(try connection.query("SELECT string_agg(opened_on::text, ',' ORDER BY id) FROM openings").scalar == "2026-03-04,2026-11-10,2026-03-04")
            _ = try Self.run(connection, .openings, path, profile: ImportProfile(flags: nil, dateFormat: try DateFormat("DD/MM/YYYY"), padShortRows: false))
            #expect(try connection.query("SELECT string_agg(opened_on::text, ',' ORDER BY id) FROM openings").scalar == "2026-04-03,2026-10-11,2026-04-03")
            // A cell that does not match the format given is named, with the format's flag.
            let wrong = try ImportFixture.file("opening,client,title,opened_on\nX-3,Acme Corp,Engineer,2026.11.03\n")
            let mismatch = try #require(Self.refusal {
                _ = try Self.run(connection, .openings, wrong, profile: ImportProfile(flags: nil, dateFormat: try DateFormat("MM/DD/YYYY"), padShortRows: false))
            })
            #expect(mismatch.contains("line 2, column \"opened_on\": '2026.11.03' is not a date"))
            #expect(mismatch.contains("does not match the date format given (--date-format"))
            #expect(throws: (any Error).self) { try DateFormat("MM/YYYY") }
            // A day that does not exist is named as the check reads it.
            let impossible = try ImportFixture.file("opening,client,title,opened_on\nX-4,Acme Corp,Engineer,02/30/2026\n")
            let named = try #require(Self.refusal {
                _ = try Self.run(connection, .openings, impossible, profile: ImportProfile(flags: nil, dateFormat: try DateFormat("MM/DD/YYYY"), padShortRows: false))
            })
            #expect(named.contains("line 2, column \"opened_on\": '2026-02-30' is not a date"))
        }
    }

    @Test("short rows: padded when asked, rejected one by one with --skip-invalid, and refused with the flag named otherwise")
    func shortRows() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let text = "email,first_name,last_name,phone\r\na@example.com,Al,Bo,1\r\nb@example.com,Cy\r\n\"c@example.com\",\"Di\r\nDi\",Ek,2\r\nd@example.com"
            let path = try ImportFixture.file(text)
            let refused = try #require(Self.refusal { _ = try Self.run(connection, .candidates, path) })
            #expect(refused.contains("line 3: the row has fewer fields"))
            #expect(refused.contains("--pad-short-rows"))
            let skipped = try Self.run(connection, .candidates, path, skipInvalid: true)
            #expect(skipped.main.inserted == 2)
            #expect(skipped.rejected == 2)
            #expect(skipped.problems.map(\.line) == [3, 6])
            #expect(skipped.problems.allSatisfy { $0.message.contains("--pad-short-rows") })
            let padded = try Self.run(connection, .candidates, path, profile: ImportProfile(flags: nil, dateFormat: nil, padShortRows: true))
            #expect(padded.main.inserted == 2)
            #expect(try connection.query("SELECT first_name FROM candidates WHERE email = 'b@example.com'").scalar == "Cy")
            #expect(try connection.query("SELECT count(*) FROM candidates").scalar == "4")
        }
    }

    @Test("a value the profile does not map is refused with its line, column and the profile entry to add; profiles work with --skip-invalid and --dry-run")
    func unmappedValuesNameTheProfileEntry() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Self.loadBullhorn(connection)
            let path = try ImportFixture.file("Note ID,Date Added,Action,Author,About Email,Regarding Job ID,Comments\n9100,11/14/2026 10:00 AM,Coffee Chat,Sam Reed,ana.ng@example.com,BH-101,\n9101,11/14/2026 11:00 AM,Left Message,Sam Reed,ana.ng@example.com,BH-101,\n")
            let profile = try ImportProfile.load("bullhorn-notes")
            let message = try #require(Self.refusal { _ = try Self.run(connection, .activities, path, profile: profile) })
            #expect(message.contains("line 2, column \"Action\": 'Coffee Chat' is not a known activity type"))
            #expect(message.contains("map it in the profile under \"values\": {\"type\""))
            var options = ImportOptions(dryRun: true, skipInvalid: true)
            options.profile = profile
            let dry = try Importer(connection: connection).run(.activities, from: .file(path), options: options)
            #expect(dry.main.inserted == 1 && dry.rejected == 1)
            #expect(try connection.query("SELECT count(*) FROM activities WHERE external_id = '9101'").scalar == "0")
        }
    }

    @Test("a profile file of the agency's own is read and checked: an unknown column or word names its entry")
    func agencyProfiles() throws {
        let good = try ImportFixture.file(#"{"name": "mine", "kind": "activities", "columns": {"Wann": "date"}, "values": {"type": {"Anruf": "follow_up"}}}"#, name: "mine.json")
        let profile = try ImportProfile.load(good)
        #expect(profile.name == "mine")
        let badColumn = try ImportFixture.file(#"{"columns": {"Wann": "datum"}}"#, name: "bad.json")
        #expect(Self.refusal { _ = try ImportProfile.load(badColumn) }?.contains("entry \"columns.Wann\": \"datum\" is not one of our columns") == true)
        let badWord = try ImportFixture.file(#"{"kind": "activities", "values": {"type": {"Anruf": "call"}}}"#, name: "bad.json")
        #expect(Self.refusal { _ = try ImportProfile.load(badWord) }?.contains("entry \"values.type.Anruf\": \"call\" is not a known type") == true)
        #expect(Self.refusal { _ = try ImportProfile.load("no-such-profile") }?.contains("bullhorn-notes") == true)
        #expect(ImportProfile.bundledNames() == ["bullhorn-candidates", "bullhorn-job-orders", "bullhorn-notes",
                                                 "bullhorn-submissions", "greenhouse-candidates", "lever-opportunities"])
        for name in ImportProfile.bundledNames() {
            #expect(!(try ImportProfile.load(name)).source.isEmpty, "\(name) cites its source")
        }
    }

    @Test("migration 0018 adds the ids to a database holding data, keeping every row")
    func migrationOnData() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            let all = try Migration.bundled()
            _ = try Migrator(migrations: all.filter { $0.version < 18 }).migrate(connection)
            // Rows as a release before 0018 stored them (the importer of this version needs 0018).
            var seed = try Seed(connection).opening("ACME-1042").application("ana.ng@example.com", "ACME-1042")
            for day in 10...19 {
                seed = try seed.activity("ana.ng@example.com", "ACME-1042", "2026-11-\(day)", "follow_up", by: "recruiter", note: "call \(day)")
            }
            let counts = "SELECT (SELECT count(*) FROM activities) || '/' || (SELECT count(*) FROM applications) || '/' || (SELECT md5(string_agg(note, '|' ORDER BY id)) FROM activities)"
            let before = try connection.query(counts).scalar
            #expect(try Migrator(migrations: all).migrate(connection).contains("0018_external_ids.sql"))
            #expect(try connection.query(counts).scalar == before)
            #expect(try connection.query("SELECT count(*) FROM activities WHERE external_id IS NOT NULL").scalar == "0")
            try connection.query("UPDATE activities SET external_id = 'N-1' WHERE id = (SELECT min(id) FROM activities)")
            #expect(throws: (any Error).self) {
                try connection.query("UPDATE activities SET external_id = 'N-1' WHERE id = (SELECT max(id) FROM activities)")
            }
        }
    }
}

@Suite("Padding short rows as the bytes stream")
struct ShortRowsTests {
    static func pad(_ text: String, fields: Int, splits: [Int]) -> (String, [Int]) {
        var padder = ShortRows(fields: fields, delimiter: UInt8(ascii: ","))
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var start = 0
        for split in splits + [bytes.count] {
            out += padder.pad(Array(bytes[start..<split]))
            start = split
        }
        out += padder.finish()
        return (String(decoding: out, as: UTF8.self), padder.short.map(\.record))
    }

    @Test("however the file is cut into chunks, the padded bytes and the short records are the same (every cut, one and two)")
    func chunkBoundariesDoNotMatter() {
        let inputs = [
            "a,b,c\r\n1,2,3\r\n4\r\n\"5,\r\n5\",6\r\n7,8",
            "a,b,c\n1\n\"x\"\"y\",2\n3,4,5\n6,\n",
            "a,b\r\n\r\n1\r\n",
        ]
        for text in inputs {
            let whole = Self.pad(text, fields: text.hasPrefix("a,b,c") ? 3 : 2, splits: [])
            let count = text.utf8.count
            for first in 0...count {
                #expect(Self.pad(text, fields: text.hasPrefix("a,b,c") ? 3 : 2, splits: [first]) == whole, "cut at \(first)")
                for second in first...count where second % 3 == 0 {
                    #expect(Self.pad(text, fields: text.hasPrefix("a,b,c") ? 3 : 2, splits: [first, second]) == whole)
                }
            }
        }
        #expect(Self.pad(inputs[0], fields: 3, splits: []) == ("a,b,c\r\n1,2,3\r\n4,,\r\n\"5,\r\n5\",6,\r\n7,8,", [3, 4, 5]))
        #expect(Self.pad(inputs[1], fields: 3, splits: []) == ("a,b,c\n1,,\n\"x\"\"y\",2,\n3,4,5\n6,,\n", [2, 3, 5]))
    }
}
