import Foundation
import Recruiting
import RecruitTestSupport
import Testing

/// Each bad file is refused with file, line and column, and the database stays exactly as it was.
@Suite("recruit import: bad input")
struct ImportBadInputTests {
    /// Imports `bytes` as a `kind` file over example B's openings and candidates and returns the refusal text,
    /// checking that nothing changed.
    private func refused(_ kind: ImportKind, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try ImportFixture.loadBasics(connection)
            let before = try ImportFixture.fingerprint(connection)
            let path = try ImportFixture.file(bytes, name: "bad.csv")
            var message = ""
            do {
                try Importer(connection: connection).run(kind, from: .file(path))
                Issue.record("the file was accepted", sourceLocation: sourceLocation)
            } catch let error as ImportError {
                message = error.description
            }
            #expect(message.hasPrefix(path), "names the file", sourceLocation: sourceLocation)
            #expect(try ImportFixture.fingerprint(connection) == before, "database unchanged", sourceLocation: sourceLocation)
            return message
        }
    }

    private func refused(_ kind: ImportKind, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try await refused(kind, Array(text.utf8), sourceLocation: sourceLocation)
    }

    @Test("an unterminated quote is refused")
    func unterminatedQuote() async throws {
        let message = try await refused(.candidates, "email,first_name\nx@a.com,\"Unclosed\ny@a.com,Bo\n")
        #expect(message.contains("line 2: a quoted field is never closed"), "where the quote opened")
    }

    @Test("a row with too many fields is refused")
    func tooManyFields() async throws {
        let message = try await refused(.candidates, "email,first_name\nx@a.com,Al\ny@a.com,Bo,extra\n")
        #expect(message.contains("line 3: the row has more fields than the header's 2 columns"))
    }

    @Test("a row with too few fields is refused, naming the file's own column")
    func tooFewFields() async throws {
        let message = try await refused(.candidates, "E-mail,First Name,Phone\nx@a.com,Al\n")
        #expect(message.contains("line 2: the row has fewer fields than the header's 3 columns: no value for column \"Phone\""))
    }

    @Test("invalid UTF-8 is refused")
    func invalidUTF8() async throws {
        let message = try await refused(.candidates, Array("email,first_name\nx@a.com,Al\ny@a.com,".utf8) + [0xFF, 0xFE, 0x0A])
        #expect(message.contains("line 3: the file is not valid UTF-8"))
    }

    @Test("a missing required column is refused")
    func missingColumn() async throws {
        let message = try await refused(.activities, "candidate,opening,type\nbo.li@example.com,ACME-1042,interview\n")
        #expect(message.contains("line 1: an activities file needs the column \"date\""))
    }

    @Test("a missing required value is refused")
    func missingValue() async throws {
        let message = try await refused(.activities, "candidate,opening,date,type\nbo.li@example.com,,2026-11-02,interview\n")
        #expect(message.contains("line 2, column \"opening\": is blank"))
    }

    @Test("a date like 03/04/2026 is refused with line and column")
    func badDate() async throws {
        let message = try await refused(.applications, "candidate,opening,submitted_on\nbo.li@example.com,ACME-1042,03/04/2026\n")
        #expect(message.contains("line 2, column \"submitted_on\": '03/04/2026' is not a date"))
        let impossible = try await refused(.applications, "candidate,opening,submitted_on\nbo.li@example.com,ACME-1042,2026-02-30\n")
        #expect(impossible.contains("'2026-02-30' is not a date"))
    }

    @Test("an unknown stage or activity type is refused")
    func unknownWords() async throws {
        let stage = try await refused(.applications, "candidate,opening,stage\nbo.li@example.com,ACME-1042,screening\n")
        #expect(stage.contains("line 2, column \"stage\": 'screening' is not a known stage"))
        let type = try await refused(.activities, "candidate,opening,date,type\nbo.li@example.com,ACME-1042,2026-11-02,coffee\n")
        #expect(type.contains("line 2, column \"type\": 'coffee' is not a known activity type"))
    }

    @Test("an unknown candidate or opening is refused")
    func unknownReferences() async throws {
        let message = try await refused(.activities, """
            candidate,opening,date,type
            nobody@example.com,ACME-1042,2026-11-02,interview
            bo.li@example.com,NOPE-1,2026-11-02,interview

            """)
        #expect(message.contains("line 2, column \"candidate\": no candidate 'nobody@example.com'"))
        #expect(message.contains("line 3, column \"opening\": no opening 'NOPE-1'"))
    }

    @Test("a line holding only \\. (COPY's end-of-data marker) is refused rather than dropping the rows after it")
    func endOfDataMarker() async throws {
        let message = try await refused(.candidates, "email,notes\na@example.com,one\n\\.\nb@example.com,two\n")
        #expect(message.contains("line 3: a line holding only \\. would end the data early"))
    }

    @Test("blank lines at the end of the file are ignored")
    func trailingBlankLines() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let report = try ImportFixture.load(.candidates, "email,notes\r\na@example.com,one\r\n\r\n\r\n", into: connection)
            #expect(report.rows == 1 && report.main.inserted == 1)
        }
    }

    @Test("an empty file is refused")
    func emptyFile() async throws {
        let message = try await refused(.candidates, "")
        #expect(message.contains("the file is empty"))
    }

    @Test("more than 20 problems are listed as the first 20 and N more")
    func manyProblems() async throws {
        let rows = (1...25).map { "person\($0)@example.com,,,,,,,,2026-13-01" }.joined(separator: "\n")
        let message = try await refused(.candidates, "email,first_name,last_name,phone,source,recruiter,notes,opening,submitted_on\n" + rows + "\n")
        #expect(message.contains("50 problems on 25 rows"))
        #expect(message.contains("and 30 more"))
    }

    @Test("a byte-order mark, CRLF line ends and a quoted line break are accepted")
    func bomAndCRLF() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Email,Notes\r\na@example.com,\"two\r\nlines\"\r\nb@example.com,x\r\n".utf8)
            let report = try Importer(connection: connection).run(.candidates, from: .file(try ImportFixture.file(bytes)))
            #expect(report.main.inserted == 2)
            #expect(try connection.query("SELECT notes FROM candidates ORDER BY email").rows == [["two\r\nlines"], ["x"]])
        }
    }

    @Test("a header-only file is accepted with nothing to do")
    func headerOnly() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let report = try ImportFixture.load(.activities, "candidate,opening,date,type\n", into: connection)
            #expect(report.rows == 0 && report.main.inserted == 0)
        }
    }

    @Test("unknown columns are reported and ignored")
    func unknownColumns() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let report = try ImportFixture.load(.candidates, "email,Favourite Colour\na@example.com,teal\n", into: connection)
            #expect(report.unknownColumns == ["Favourite Colour"])
            #expect(report.main.inserted == 1)
        }
    }

    @Test("a 10 MB field is stored whole")
    func tenMegabyteField() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let note = String(repeating: "0123456789", count: 1_048_576)
            let report = try ImportFixture.load(.candidates, "email,notes\nbig@example.com,\(note)\n", into: connection)
            #expect(report.main.inserted == 1)
            #expect(try connection.query("SELECT length(notes) FROM candidates").scalar == "10485760")
        }
    }

    @Test("SQL text in every column is stored verbatim")
    func sqlTextIsData() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let evil = "'); DROP TABLE candidates; --"
            let quoted = "\"" + evil + "\""
            try ImportFixture.load(.openings, """
                opening,client,title,hiring_manager,recruiter
                \(quoted),\(quoted),\(quoted),\(quoted),\(quoted)
                """, into: connection)
            try ImportFixture.load(.candidates, """
                email,first_name,last_name,phone,source,recruiter,notes
                "x@a.com",\(Array(repeating: quoted, count: 6).joined(separator: ","))
                """, into: connection)
            try ImportFixture.load(.activities, """
                candidate,opening,date,type,with,note
                x@a.com,\(quoted),2026-11-02,interview,\(quoted),\(quoted)
                """, into: connection)
            #expect(try connection.query("SELECT title FROM openings").scalar == evil)
            #expect(try connection.query("SELECT name FROM clients").scalar == evil)
            #expect(try connection.query("SELECT notes || first_name FROM candidates").scalar == evil + evil)
            #expect(try connection.query("SELECT note FROM activities").scalar == evil)
            // `with` is a `;`-separated list (reading 10), so the text splits there and nowhere else.
            #expect(try connection.query("SELECT with_names FROM activities").scalar == #"{'),"DROP TABLE candidates",--}"#)
        }
    }
}
