import Foundation
import Recruiting
import RecruitCLI
import RecruitTestSupport
import Testing

/// Writes `text` to a fresh temporary file.
private func temporaryFile(_ text: String, name: String) throws -> String {
    let folder = try TemporaryFiles.folder("cli-import")
    let path = "\(folder)/\(name)"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The `recruit` executable built next to the test bundle.
var builtRecruit: String? {
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [folder, folder.deletingLastPathComponent(), Bundle.main.bundleURL] {
        let path = candidate.appendingPathComponent("recruit").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

@Suite("recruit import")
struct ImportCommandTests {
    static let openings = """
        Job ID,Client,Title,Hiring Manager,Hiring Manager Email,Status,Opened On,Filled On,Recruiter,Internal Code
        ACME-1042,Acme Corp,Backend Engineer,Dana Cho,dana.cho@acme.example,open,2026-10-01,,sam@agency.test,X1

        """

    @Test("a good file prints the counts; the unknown column is reported once on stderr")
    func printsCounts() async throws {
        try await TestDatabase.with { database in
            let path = try temporaryFile(Self.openings, name: "openings.csv")
            let result = recruit("import", "openings", path, "--database", database.conninfo)
            #expect(result.status == 0)
            #expect(result.out == "\(path): 1 row; openings: 1 inserted, 0 updated, 0 unchanged, 0 rejected; clients: 1 inserted, 0 updated, 0 unchanged; hiring managers: 1 inserted, 0 updated, 0 unchanged\n")
            #expect(result.err == "recruit: \(path): ignored unknown column \"Internal Code\"\n")
            let again = recruit("import", "openings", path, "--database", database.conninfo)
            #expect(again.out.contains("openings: 0 inserted, 0 updated, 1 unchanged, 0 rejected"))
        }
    }

    @Test("a bad file exits 1, names file, line and column, and writes nothing")
    func badFileExitsOne() async throws {
        try await TestDatabase.with { database in
            let path = try temporaryFile("opening,client,title,opened_on\nA-1,Acme,Engineer,03/04/2026\n", name: "openings.csv")
            let result = recruit("import", "openings", path, "--database", database.conninfo)
            #expect(result.status == 1)
            #expect(result.err.contains("\(path): line 2, column \"opened_on\": '03/04/2026' is not a date"))
            #expect(try database.connect().query("SELECT count(*) FROM openings").scalar == "0")
        }
    }

    @Test("a problem's line is the line an editor shows, counting the lines of a quoted cell that holds line breaks")
    func linesAsAnEditorCountsThem() async throws {
        try await TestDatabase.with { database in
            // Line 2 starts a record whose notes run over lines 3 and 4; the bad address is on line 5 (record 3).
            let path = try temporaryFile("""
                email,notes
                a@example.com,"first line
                second line
                third line"
                not-an-address,x

                """, name: "candidates.csv")
            let refused = recruit("import", "candidates", path, "--database", database.conninfo)
            #expect(refused.status == 1)
            #expect(refused.err.contains("\(path): line 5, column \"email\": 'not-an-address' is not an e-mail address"),
                    "\(refused.err)")
            let rejects = path + ".rejects.csv"
            let skipped = recruit("import", "candidates", path, "--skip-invalid", "--rejects", rejects,
                                  "--database", database.conninfo)
            #expect(skipped.err.contains("skipped line 5, column \"email\""), "\(skipped.err)")
            #expect(try String(contentsOfFile: rejects, encoding: .utf8).contains("line 5, column"))
            // A row with a field too many, after the multi-line cell: COPY's own error, on the editor's line too.
            let extra = try temporaryFile("email,notes\na@example.com,\"one\ntwo\"\nb@example.com,x,extra\n",
                                          name: "candidates.csv")
            let malformed = recruit("import", "candidates", extra, "--database", database.conninfo)
            #expect(malformed.err.contains("\(extra): line 4: the row has more fields"), "\(malformed.err)")
            // A quote never closed: the line where it opened.
            let unclosed = try temporaryFile("email,notes\na@example.com,x\nb@example.com,\"open\nc@example.com,y\n",
                                             name: "candidates.csv")
            let open = recruit("import", "candidates", unclosed, "--database", database.conninfo)
            #expect(open.err.contains("\(unclosed): line 3: a quoted field is never closed"), "\(open.err)")
        }
    }

    @Test("a missing required column names the file kind with its article and lists the headers the file has")
    func missingColumnListsHeaders() async throws {
        try await TestDatabase.with { database in
            let path = try temporaryFile("Job,Account,Title\nA-1,Acme,Engineer\n", name: "openings.csv")
            let result = recruit("import", "openings", path, "--database", database.conninfo)
            #expect(result.status == 1)
            #expect(result.err.contains("\(path): line 1: an openings file needs the column \"client\""), "\(result.err)")
            #expect(result.err.contains("the header row has \"Job\", \"Account\", \"Title\""), "\(result.err)")
        }
    }

    @Test("--dry-run says so and writes nothing; an unknown kind is a usage error")
    func dryRunAndUsage() async throws {
        try await TestDatabase.with { database in
            let path = try temporaryFile(Self.openings, name: "openings.csv")
            let result = recruit("import", "openings", path, "--dry-run", "--database", database.conninfo)
            #expect(result.status == 0)
            #expect(result.out.contains("dry run, nothing written: would be 1 inserted"))
            #expect(try database.connect().query("SELECT count(*) FROM openings").scalar == "0")
            #expect(recruit("import", "placements", path, "--database", database.conninfo).status == 2)
        }
    }

    @Test("--skip-invalid --rejects loads the good rows and lists the bad ones")
    func skipInvalid() async throws {
        try await TestDatabase.with { database in
            let path = try temporaryFile("email,first_name\na@example.com,Al\nnot-mail,Bo\n", name: "candidates.csv")
            let rejects = path + ".rejects.csv"
            let result = recruit("import", "candidates", path, "--skip-invalid", "--rejects", rejects, "--database", database.conninfo)
            #expect(result.status == 0)
            #expect(result.out.contains("candidates: 1 inserted, 0 updated, 0 unchanged, 1 rejected"))
            #expect(result.err.contains("skipped line 3, column \"email\""))
            #expect(try String(contentsOfFile: rejects, encoding: .utf8).contains("not-mail,Bo,"))
        }
    }

    @Test("- reads the file from standard input", .enabled(if: builtRecruit != nil))
    func standardInput() async throws {
        try await TestDatabase.with { database in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: builtRecruit!)
            process.arguments = ["import", "openings", "-", "--database", database.conninfo]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            input.fileHandleForWriting.write(Data(Self.openings.utf8))
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0)
            #expect(printed.hasPrefix("stdin: 1 row; openings: 1 inserted"))
        }
    }

    @Test("an import killed with SIGKILL half-way leaves nothing behind", .enabled(if: builtRecruit != nil))
    func sigkillLeavesNothing() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            // The file comes through a pipe that stays open, so the import cannot finish before it is killed:
            // the kill always lands in the middle of the COPY, however fast or loaded the machine is.
            var text = "email,first_name,last_name,notes\n"
            for index in 0..<50_000 { text += "person\(index)@example.com,First\(index),Last\(index),a note \(index)\n" }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: builtRecruit!)
            process.arguments = ["import", "candidates", "-", "--database", database.conninfo]
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            var seen = false
            for _ in 0..<600 where !seen && process.isRunning {
                let busy = try connection.query("""
                    SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                      AND query LIKE 'COPY import_staging%'
                    """).scalar
                seen = busy != "0"
                if !seen { try await Task.sleep(nanoseconds: 25_000_000) }
            }
            #expect(seen, "the import was caught while running")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? input.fileHandleForWriting.close()
            #expect(process.terminationReason == .uncaughtSignal)
            // The server notices the dead client and rolls its transaction back.
            var left = "?"
            for _ in 0..<200 {
                left = try connection.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()").scalar ?? "?"
                if left == "0" { break }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            #expect(left == "0")
            #expect(try connection.query("SELECT count(*) FROM candidates").scalar == "0")
        }
    }
}
