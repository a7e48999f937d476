import Foundation

/// The problems the checks found: listed, or with `--skip-invalid` written to the rejects file.
extension Importer {
    /// Lists the problems the checks found. Without `--skip-invalid` any problem refuses the file; with it, the bad
    /// rows go to the rejects file and out of staging.
    func handleProblems(header: CSVHeader, file: String, options: ImportOptions, lines: RecordLines,
                                report: inout ImportReport, rejectsFile: inout String?) throws {
        let totals = try connection.query("SELECT count(*), count(DISTINCT line) FROM import_errors").onlyRow()
        let total = try totals.int(0)
        let rows = try totals.int(1)
        guard total > 0 else {
            if let path = options.rejectsPath { rejectsFile = try writeRejects(header: header, lines: lines, to: path) }
            return
        }
        let listed = try connection.query("""
            SELECT line, column_name, message FROM import_errors ORDER BY line, ord LIMIT \(ImportError.listed)
            """).rows.map { row in
            ImportProblem(line: lines.line(ofRecord: try row.int(0)), column: row[1].map { header.written($0) },
                          message: try row.text(2))
        }
        if !options.skipInvalid {
            throw ImportError.refused(file: file, problems: listed, total: total, rows: rows)
        }
        report.problems = listed
        report.problemCount = total
        report.rejected = rows
        if let path = options.rejectsPath { rejectsFile = try writeRejects(header: header, lines: lines, to: path) }
        try connection.execute(script: "DELETE FROM import_staging s USING (SELECT DISTINCT line FROM import_errors) e WHERE s.line = e.line")
    }

    /// Writes the rejected rows, as the file had them, with an `error` column, to a temporary file next to `path`.
    /// - Returns: the temporary file, renamed over `path` once the import has finished.
    func writeRejects(header: CSVHeader, lines: RecordLines, to path: String) throws -> String {
        let temporary = "\(path).tmp-\(getpid())"
        guard let output = fopen(temporary, "w") else {
            throw ImportError.cannotWriteRejects(path: path, reason: String(cString: strerror(errno)))
        }
        var failed = false
        func put(_ fields: [String?]) {
            let line = fields.map { CSVHeader.quote($0 ?? "") }.joined(separator: ",") + "\r\n"
            if fputs(line, output) < 0 { failed = true }
        }
        put(header.fields.map(\.written) + ["error"])
        let columns = header.fields.map { "s.\($0.stagingName)" }.joined(separator: ", ")
        var current: (line: Int, fields: [String?], errors: [String])?
        func flush() {
            if let row = current { put(row.fields + [row.errors.joined(separator: "; ")]) }
        }
        do {
            try connection.forEachRow("""
                SELECT s.line, e.column_name, e.message, \(columns)
                FROM import_staging s JOIN import_errors e ON e.line = s.line ORDER BY s.line, e.ord
                """) { row in
                let line = try row.int(0)
                let message = row[1].map { "column \"\(header.written($0))\": " + (row[2] ?? "") } ?? (row[2] ?? "")
                if current?.line == line {
                    current?.errors.append(message)
                } else {
                    flush()
                    current = (line, (3..<row.count).map { row[$0] }, ["line \(lines.line(ofRecord: line)), " + message])
                }
            }
        } catch {
            fclose(output)
            unlink(temporary)
            throw error
        }
        flush()
        if fclose(output) != 0 || failed {
            unlink(temporary)
            throw ImportError.cannotWriteRejects(path: path, reason: String(cString: strerror(errno)))
        }
        return temporary
    }
}
