/// One bad cell or row of an import file.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    /// The line where the row starts, as an editor numbers the file's lines (the header is line 1; a quoted cell
    /// holding line breaks counts its lines).
    public let line: Int
    /// The column as the file names it, nil when the whole row is wrong.
    public let column: String?
    public let message: String

    public var description: String {
        if let column { return "line \(line), column \"\(column)\": \(message)" }
        return "line \(line): \(message)"
    }
}

/// Why an import was refused. Every case means exit status 1, and the database is exactly as before
/// (except with `--skip-invalid`, where `refused` is not thrown for row errors).
public enum ImportError: Error, Sendable, CustomStringConvertible {
    case cannotRead(file: String, reason: String)
    case empty(file: String)
    case blankHeader(file: String)
    case headerNotUTF8(file: String)
    /// `found`: the header's names as written, to show what the file has instead.
    /// `profile`: the profile in use, whose `columns` entry would map a header to the missing column.
    case missingColumns(file: String, kind: ImportKind, columns: [ImportKind.Column], found: [String], profile: String? = nil)
    /// The header is written with another delimiter than the one the import reads with.
    case wrongDelimiter(file: String, expected: CSVDelimiter, found: CSVDelimiter)
    case duplicateColumn(file: String, column: String, first: String, second: String)
    /// PostgreSQL's CSV reader refused the file itself (quotes, field counts, encoding): no row can be trusted.
    case malformed(file: String, line: Int?, reason: String)
    /// Some rows are invalid: the first `problems` (up to 20), how many in all, and on how many rows.
    case refused(file: String, problems: [ImportProblem], total: Int, rows: Int)
    case cannotWriteRejects(path: String, reason: String)

    /// How many problems a message lists before "and N more".
    static let listed = 20

    public var description: String {
        switch self {
        case let .cannotRead(file, reason):
            return "\(file): cannot read the file: \(reason)"
        case let .empty(file):
            return "\(file): the file is empty; expected a header row naming the columns (see CONTRACT.md)"
        case let .blankHeader(file):
            return "\(file): line 1 is blank; the first line must be the header row naming the columns"
        case let .headerNotUTF8(file):
            return "\(file): line 1: the header is not UTF-8; save the file as UTF-8 (CSV UTF-8) and import it again"
        case let .wrongDelimiter(file, expected, found):
            return "\(file): line 1: the header is separated by \(found.word)s, not \(expected.word)s; pass \(found.flag) (or set \"delimiter\" in the profile)"
        case let .missingColumns(file, kind, columns, found, profile):
            let names = columns.map { column in
                column.aliases.isEmpty ? "\"\(column.name)\""
                    : "\"\(column.name)\" (or \(column.aliases.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")))"
            }
            let written = found.filter { !$0.isEmpty }
            let header = written.isEmpty ? "the header row names no columns"
                : "the header row has " + written.map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(file): line 1: \(kind.article) \(kind.rawValue) file needs the column\(columns.count > 1 ? "s" : "") "
                + names.joined(separator: ", ") + "; \(header); add \(columns.count > 1 ? "them" : "it") to the header row"
                + (profile.map { ", or map a header to \(columns.count > 1 ? "them" : "it") in the profile \($0)'s \"columns\"" } ?? ", or pass --profile NAME for an ATS export (recruit profile list)")
        case let .duplicateColumn(file, column, first, second):
            return "\(file): line 1: columns \"\(first)\" and \"\(second)\" both mean \"\(column)\"; keep one"
        case let .malformed(file, line, reason):
            if let line { return "\(file): line \(line): \(reason)" }
            return "\(file): \(reason)"
        case let .refused(file, problems, total, rows):
            var lines = ["\(file): \(total) problem\(total == 1 ? "" : "s") on \(rows) row\(rows == 1 ? "" : "s"); nothing was imported (fix the file, or pass --skip-invalid --rejects FILE to load the good rows):"]
            lines += problems.map { "\(file): \($0)" }
            if total > problems.count { lines.append("and \(total - problems.count) more") }
            return lines.joined(separator: "\n")
        case let .cannotWriteRejects(path, reason):
            return "cannot write the rejected rows to \(path): \(reason); nothing was imported"
        }
    }
}
