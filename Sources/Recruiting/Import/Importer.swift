import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads one CSV file into the agency's tables, as ARCHITECTURE.md lays out: Swift reads the header and maps aliases;
/// the file's bytes stream in ~1 MiB chunks through `COPY ... FROM STDIN (FORMAT csv, HEADER)` into a temporary
/// staging table of text columns (PostgreSQL parses the CSV); SQL checks every cell and reports line and column;
/// set-based SQL merges the rows. All of it is one transaction: a refused file, a crash or a SIGKILL leaves the
/// database exactly as it was.
public struct Importer {
    let connection: Connection

    /// The unit the file is read and sent in.
    static let chunkSize = 1 << 20

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Imports one file.
    /// - Parameters:
    ///   - kind: which of CONTRACT.md's four files it is.
    ///   - source: a path or standard input.
    ///   - options: dry run, skipping invalid rows, where rejects go, progress.
    /// - Returns: the counts (what would happen, for a dry run).
    /// - Throws: `ImportError` when the file is refused (nothing written), `DatabaseError` when the server fails.
    public func run(_ kind: ImportKind, from source: ImportSource, options: ImportOptions = ImportOptions()) throws -> ImportReport {
        if let report = try firstLoad(kind, from: source, options: options) { return report }
        let file = source.name
        let reader = try ChunkReader(source)
        defer { reader.release() }
        let (head, header) = try readHeader(reader, kind: kind, file: file, profile: options.profile)
        let profile = options.profile

        var report = ImportReport(file: file, kind: kind)
        report.unknownColumns = header.unknownColumns
        report.dryRun = options.dryRun
        let zone = try connection.query("SELECT coalesce(nullif(settings->>'timezone', ''), 'UTC') FROM agency_policy").scalar ?? "UTC"

        // Temporary tables are cheap to fill with more local buffers; settable only before the session's first one.
        _ = try? connection.execute(script: "SET temp_buffers = '64MB'")

        var rejectsFile: String?
        var recordLines = RecordLines()
        do {
            try connection.transaction {
                try connection.query("SELECT set_config('recruit.import_zone', $1, true)", [zone])
                // Joins and sorts of a million staged rows in memory; no JIT (it costs more than it saves here).
                try connection.execute(script: "SET LOCAL work_mem = '256MB'; SET LOCAL jit = off")
                try createStaging(kind: kind, header: header)
                var short: [(record: Int, fields: Int)] = []
                report.rows = try copy(kind, head: head, rest: reader, header: header, file: file, options: options,
                                       lines: &recordLines, short: &short)
                // The short rows it was not asked to pad (`--skip-invalid`); cells were rewritten on the way in.
                if !short.isEmpty && !(profile?.padShortRows ?? false) {
                    let problems = ImportTransform.shortRowProblems(short, header: header)
                    try connection.query(problems.sql, problems.parameters)
                }
                // Statistics for the joins of the checks and the merge. A candidates file without openings joins
                // nothing until the merge knows it needs to (a first import into an empty table never does).
                if report.rows > 10_000 && (kind != .candidates || header.has("opening")) {
                    try connection.execute(script: "ANALYZE import_staging")
                }
                try runChecks(kind: kind, header: header, options: options, report: &report)
                try handleProblems(header: header, file: file, options: options, lines: recordLines, report: &report,
                                   rejectsFile: &rejectsFile)
                do {
                    try ImportMerge(kind: kind, header: header, connection: connection).run(into: &report)
                } catch let collisions as IdCollisions {
                    // Edits by id that would make two activities one: refused, nothing written (the transaction).
                    let problems = collisions.all.map { $0.problem(recordLines, column: header.written("id")) }
                    throw ImportError.refused(file: file, problems: Array(problems.prefix(ImportError.listed)),
                                              total: problems.count, rows: Set(problems.map(\.line)).count)
                }
                if options.dryRun { throw DryRunFinished(report: report) }
                if let audit = options.audit { try record(report, audit: audit) }
            }
        } catch let finished as DryRunFinished {
            report = finished.report
        } catch {
            if let rejectsFile { unlink(rejectsFile) }
            throw error
        }
        if let rejectsFile, let path = options.rejectsPath { try keep(rejects: rejectsFile, at: path) }
        return report
    }

    /// The import in the audit trail: counts only, no personal data.
    func record(_ report: ImportReport, audit: (actor: String, action: String)) throws {
        try Audit.record(connection, actor: audit.actor, action: audit.action, detail: [
            "kind": report.kind.rawValue, "rows": "\(report.rows)", "inserted": "\(report.main.inserted)",
            "updated": "\(report.main.updated)", "unchanged": "\(report.main.unchanged)",
            "rejected": "\(report.rejected)",
        ])
    }

    /// The rejects file, written beside its place, moved there once the import committed.
    private func keep(rejects temporary: String, at path: String) throws {
        guard rename(temporary, path) != 0 else { return }
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw ImportError.cannotWriteRejects(path: path, reason: reason)
    }

    /// The header line, read in Swift to map the file's names to the contract's columns, and the bytes read so far.
    func readHeader(_ reader: ChunkReader, kind: ImportKind, file: String,
                            profile: ImportProfile?) throws -> (head: [UInt8], header: CSVHeader) {
        var head = try reader.next() ?? []
        while head.firstIndex(of: 0x0A) == nil, head.count < 16 * Importer.chunkSize, let more = try reader.next() {
            head += more
        }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }  // a byte-order mark is fine (CONTRACT.md)
        if head.isEmpty { throw ImportError.empty(file: file) }
        var headerBytes = head[..<(head.firstIndex(of: 0x0A) ?? head.endIndex)]
        if headerBytes.last == 0x0D { headerBytes = headerBytes.dropLast() }
        guard let headerLine = String(bytes: headerBytes, encoding: .utf8), !headerLine.contains("\u{FFFD}") else {
            throw ImportError.headerNotUTF8(file: file)
        }
        if headerLine.trimmingCharacters(in: .whitespaces).isEmpty { throw ImportError.blankHeader(file: file) }
        if let expected = profile?.kind, expected != kind, let profile {
            throw ImportError.malformed(file: file, line: nil, reason: "the profile \(profile.name) reads \(expected.article) \(expected.rawValue) file, not \(kind.article) \(kind.rawValue) file; run recruit import \(expected.rawValue) FILE --profile \(profile.origin), or pick the profile for \(kind.rawValue) (recruit profile list)")
        }
        let header = try CSVHeader(line: headerLine, kind: kind, file: file, delimiter: profile?.delimiter ?? .comma,
                                   profile: profile)
        return (head, header)
    }

    /// The checks of every row and of every reference, under the import's lock; problems land in import_errors.
    private func runChecks(kind: ImportKind, header: CSVHeader, options: ImportOptions,
                           report: inout ImportReport) throws {
        var checks = ImportChecks(kind: kind, header: header, rows: report.rows)
        checks.profile = options.profile
        try connection.execute(script: checks.rowChecks)
        // One import of each kind at a time: the second waits, then finds the first one's rows (no duplicates).
        try connection.query("SELECT pg_advisory_xact_lock($1)", [String(kind.lockKey)])
        report.erased = try ErasedAddresses.leaveOut(connection, kind: kind, allowErased: options.allowErased)
        for statement in checks.referenceChecks { try connection.execute(script: statement) }
        for statement in ImportIdentity(kind: kind, header: header, connection: connection).checks {
            try connection.execute(script: statement)
        }
    }

    /// Thrown out of the transaction to roll a dry run back after it has counted everything.
    private struct DryRunFinished: Error { let report: ImportReport }

    /// A TEMP table of text columns in the file's column order, plus the contract's columns the file lacks (NULL),
    /// so the checks and the merge can name every column. `line` fills in file order: the header is line 1.
    private func createStaging(kind: ImportKind, header: CSVHeader) throws {
        var columns = header.fields.map { "\($0.stagingName) text" }
        for column in kind.columns where !header.has(column.name) {
            columns.append("\(column.stagingName) text")
        }
        try connection.execute(script: """
            CREATE TEMP TABLE import_staging (
                line bigint GENERATED ALWAYS AS IDENTITY (START WITH 2),
                \(columns.joined(separator: ",\n    "))
            ) ON COMMIT DROP;
            CREATE TEMP TABLE import_errors (
                ord bigint GENERATED ALWAYS AS IDENTITY,
                line bigint NOT NULL,
                column_name text,
                message text NOT NULL
            ) ON COMMIT DROP;
            """)
    }

    /// Streams the whole file (header included: COPY skips it, and so counts lines as the file does) into staging.
    /// - Returns: the number of data rows.
    /// `lines` learns where each record starts, for messages.
    // Over 60 lines: the one streaming loop from the file to COPY (chunks, record lines, short rows, profile cells).
    /// `target` is the table and columns to COPY into instead of staging (a first load, FirstLoad.swift).
    func copy(_ kind: ImportKind, head: [UInt8], rest reader: ChunkReader, header: CSVHeader, file: String,
              options: ImportOptions, lines recordLines: inout RecordLines,
              short: inout [(record: Int, fields: Int)], into target: String? = nil) throws -> Int {
        let delimiter = options.profile?.delimiter ?? .comma
        // A profile's word maps, derived columns and dates, rewritten in the records as they stream (after padding).
        let transform = options.profile.flatMap { profile in
            ImportTransform(kind: kind, header: header, profile: profile).cells(delimiter: delimiter.byte)
        }
        var cells = transform?.cells
        let names = (header.fields.map(\.stagingName) + (transform?.appended ?? [])).joined(separator: ", ")
        // Short rows are padded as the bytes stream when asked to, or to be rejected one by one with --skip-invalid.
        var padder = (options.profile?.padShortRows ?? false) || options.skipInvalid
            ? ShortRows(fields: header.fields.count, delimiter: delimiter.byte) : nil
        defer { short = padder?.short ?? [] }
        // The delimiter is one of a few program constants, never the user's text.
        let delimiterOption: String
        switch delimiter {
        case .comma: delimiterOption = ""
        case .semicolon: delimiterOption = ", DELIMITER ';'"
        case .tab: delimiterOption = ", DELIMITER E'\\t'"
        case .pipe: delimiterOption = ", DELIMITER '|'"
        }
        let start = Date()
        var bytes = 0
        var lastReport = start
        var scanned = RecordLines()
        defer { recordLines = scanned }
        do {
            return try connection.copyIn("COPY \(target ?? "import_staging (\(names))") FROM STDIN (FORMAT csv, HEADER true\(delimiterOption))") { writer in
                var tail: [UInt8] = [0x0A]  // the bytes before the chunk being scanned (the file starts a line)
                func send(_ input: [UInt8], last: Bool = false) throws {
                    var chunk = input
                    if padder != nil {
                        chunk = padder!.pad(input)
                        if last { chunk += padder!.finish() }
                    }
                    if cells != nil {
                        chunk = cells!.rewrite(chunk)
                        if last { chunk += cells!.finish() }
                    }
                    guard !chunk.isEmpty else { return }
                    // COPY takes a line holding only `\.` as the end of the data and would silently drop the rest.
                    if let line = Importer.endOfDataMarker(in: chunk, after: tail, linesBefore: scanned.lineBreaks,
                                                           last: last) {
                        throw ImportError.malformed(file: file, line: line, reason: #"a line holding only \. would end the data early; quote it ("\.") or remove it"#)
                    }
                    tail = Array((tail + chunk.suffix(3)).suffix(3))
                    try writer.write(chunk)
                    bytes += chunk.count
                    chunk.withUnsafeBufferPointer { scanned.scan($0) }
                    guard let progress = options.progress else { return }
                    let now = Date()
                    if now.timeIntervalSince(lastReport) >= 0.5 {
                        lastReport = now
                        progress(ImportProgress(bytes: bytes, lines: scanned.lineBreaks, seconds: now.timeIntervalSince(start),
                                                totalBytes: reader.size))
                    }
                }
                // One chunk of look-ahead, so that blank lines at the very end (spreadsheets add them) can be dropped
                // instead of being read as rows with missing fields.
                var pending = head
                while let chunk = try reader.next() {
                    try send(pending)
                    pending = chunk
                }
                var end = pending.count
                while end > 0, pending[end - 1] == 0x0A || pending[end - 1] == 0x0D { end -= 1 }
                if end == 0 {
                    pending = []  // only line breaks left: the previous chunk ended the last row
                } else if end < pending.count {
                    let lineBreak: [UInt8] = pending[end...].starts(with: [0x0D, 0x0A]) ? [0x0D, 0x0A]
                        : [pending[end]]
                    pending = Array(pending[..<end]) + lineBreak
                }
                try send(pending, last: true)
                if let progress = options.progress {
                    progress(ImportProgress(bytes: bytes, lines: scanned.lineBreaks, seconds: Date().timeIntervalSince(start),
                                            totalBytes: reader.size))
                }
            }
        } catch let DatabaseError.server(error) {
            // COPY's line counts the line breaks inside quotes, as an editor does; a quote never closed is reported
            // where it opened, not at the end of the file.
            let unclosed = error.message.contains("unterminated CSV quoted field") ? scanned.openQuoteLine : nil
            throw ImportError.malformed(file: file, line: unclosed ?? error.copyLine,
                                        reason: Importer.explain(copyError: error, header: header))
        }
    }

    /// The line of a line holding only `\.` (COPY's end-of-data marker) in `chunk`, nil when there is none.
    /// `before` holds the bytes just before the chunk, so a marker split across two chunks is found too.
    /// A quoted field that holds such a line is refused as well: rare, and safer than losing rows.
    static func endOfDataMarker(in chunk: [UInt8], after before: [UInt8], linesBefore: Int, last: Bool) -> Int? {
        guard chunk.contains(0x5C) || before.contains(0x5C) else { return nil }
        let window = before + chunk
        var line = linesBefore - before.filter { $0 == 0x0A }.count
        for index in window.indices {
            if window[index] == 0x0A { line += 1; continue }
            guard window[index] == 0x5C, index > 0, window[index - 1] == 0x0A, index + 1 < window.count,
                  window[index + 1] == 0x2E else { continue }
            let after = index + 2
            // At the end of a chunk that is not the file's last, the next chunk's scan (from `before`) decides.
            if after == window.count ? last : (window[after] == 0x0A || window[after] == 0x0D) { return line + 1 }
        }
        return nil
    }

    /// PostgreSQL's words for a malformed CSV file, in the file's own column names, with what to do.
    static func explain(copyError error: ServerError, header: CSVHeader) -> String {
        let message = error.message
        let count = header.fields.count
        func written(_ staging: String?) -> String? {
            guard let staging else { return nil }
            return header.fields.first { $0.stagingName == staging }?.written
        }
        if message.contains("unterminated CSV quoted field") {
            return "a quoted field is never closed (unterminated quote); close it with \" or double the \" inside it"
        }
        if message.contains("extra data after last expected column") {
            return "the row has more fields than the header's \(count) columns; quote cells that contain commas"
        }
        if message.hasPrefix("missing data for column") {
            let staging = message.split(separator: "\"").dropFirst().first.map(String.init)
            let name = written(staging) ?? written(error.copyColumn) ?? staging ?? "?"
            return "the row has fewer fields than the header's \(count) columns: no value for column \"\(name)\"; pass --pad-short-rows to read missing trailing fields as empty, or --skip-invalid to leave such rows out"
        }
        if error.sqlState == "22021" || message.contains("invalid byte sequence") {
            return "the file is not valid UTF-8 (\(message)); save it as UTF-8 (CSV UTF-8) and import it again"
        }
        if message.contains("carriage return") || message.contains("newline found in data") {
            return "the line endings are mixed (CRLF and LF); save the file with one kind of line ending"
        }
        var text = message
        if let column = written(error.copyColumn) { text += " (column \"\(column)\")" }
        return text
    }
}

extension ServerError {
    /// The line COPY was reading, from a context like `COPY import_staging, line 3, column c_email: "..."`.
    var copyLine: Int? {
        guard let context, let range = context.range(of: #"line (\d+)"#, options: .regularExpression) else { return nil }
        return Int(context[range].dropFirst(5))
    }

    /// The staging column COPY was filling, when the context names one.
    var copyColumn: String? {
        guard let context, let range = context.range(of: #", column [A-Za-z0-9_]+"#, options: .regularExpression) else {
            return nil
        }
        return String(context[range].dropFirst(9))
    }
}
