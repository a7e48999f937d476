import ArgumentParser
import Foundation
import Recruiting

/// `recruit import KIND FILE`: load one of CONTRACT.md's CSV files.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a CSV file of openings, candidates, applications or activities.",
        discussion: """
        Import in this order: openings, candidates, applications, activities. A bad file is refused as a whole \
        (exit 1, nothing written) with the line and column of each problem, unless --skip-invalid is given. \
        Blank cells keep what is stored; importing the same file again changes nothing.

        An ATS's export imports as it is with its profile (recruit profile list; docs/import-profiles.md):
          recruit import activities notes.csv --profile bullhorn-notes
          recruit import candidates kandidaten.csv --delimiter ';' --date-format DD.MM.YYYY

        Mail: `recruit import mail PATH... [--dry-run]` records the activities in .eml files, mbox files and \
        Maildir folders (`recruit import mail --help`).
        """
    )

    @Argument(help: ArgumentHelp("openings, candidates, applications or activities.", valueName: "kind"))
    var kind: ImportKind

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file"))
    var file: String

    @Flag(help: "Check the file and count what would change, then write nothing.")
    var dryRun = false

    @Flag(help: "Load the valid rows and leave out the invalid ones (listed on stderr, and in --rejects).")
    var skipInvalid = false

    @Option(help: ArgumentHelp("Write the rejected rows here as CSV, with an error column.", valueName: "file"))
    var rejects: String?

    @Option(help: ArgumentHelp("Read the file as this ATS export: a bundled profile's name (recruit profile list) or a JSON file of your own (docs/import-profiles.md).", valueName: "name|file"))
    var profile: String?

    @Option(help: ArgumentHelp("The character between fields: ',' (the default), ';' (German or French Excel), tab or '|'.", valueName: "char"))
    var delimiter: String?

    @Option(help: ArgumentHelp("How the file writes dates when not YYYY-MM-DD, e.g. MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY, 'MM/DD/YYYY hh:mm A'. Never guessed.", valueName: "format"))
    var dateFormat: String?

    @Flag(help: "Read the missing trailing fields of a row shorter than the header as empty.")
    var padShortRows = false

    @Flag(help: "Import rows naming people who were forgotten (recruit forget), after they consented again.")
    var allowErased = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let delimiter, CSVDelimiter(delimiter) == nil {
            throw ValidationError("--delimiter: \"\(delimiter)\" is not a delimiter; use ',' ';' tab or '|'")
        }
        if let dateFormat {
            do { _ = try DateFormat(dateFormat) } catch {
                throw ValidationError("--date-format: \"\(dateFormat)\" is not a date format; write e.g. MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY or YYYY-MM-DD, optionally followed by HH:mm or hh:mm A")
            }
        }
    }

    /// The profile and flags together (a flag wins over the profile's entry); nil without either.
    func importProfile() throws -> ImportProfile? {
        let delimiter = self.delimiter.flatMap { CSVDelimiter($0) }
        let format = try dateFormat.map { try DateFormat($0) }
        if let profile {
            return try ImportProfile.load(profile).overriding(delimiter: delimiter, dateFormat: format,
                                                             padShortRows: padShortRows)
        }
        if delimiter == nil && format == nil && !padShortRows { return nil }
        return ImportProfile(flags: delimiter, dateFormat: format, padShortRows: padShortRows)
    }

    func run() throws {
        let console = Console.current
        let source: ImportSource = file == "-" ? .standardInput : .file(file)
        let progress = ImportCommand.progressLine(console: console)
        var options = ImportOptions(dryRun: dryRun, skipInvalid: skipInvalid, rejectsPath: rejects, progress: progress,
                                    audit: (Audit.commandLineActor, "import.\(kind.rawValue)"))
        options.profile = try importProfile()
        options.allowErased = allowErased
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let report = try Importer(connection: connection).run(kind, from: source, options: options)
        if progress != nil { console.err("\u{1B}[2K\r", terminator: "") }
        if !report.unknownColumns.isEmpty {
            let names = report.unknownColumns.map { "\"\($0)\"" }.joined(separator: ", ")
            console.err("recruit: \(report.file): ignored unknown column\(report.unknownColumns.count == 1 ? "" : "s") \(names)")
        }
        if report.problemCount > 0 {
            for problem in report.problems { console.err("recruit: \(report.file): skipped \(problem)") }
            if report.problemCount > report.problems.count {
                console.err("recruit: and \(report.problemCount - report.problems.count) more")
            }
        }
        console.out(report.summary)
    }

    /// Progress on stderr (rows, MB/s) when it is a terminal and the file is over 8 MB.
    static func progressLine(console: Console) -> (@Sendable (ImportProgress) -> Void)? {
        guard console === Console.standard, isatty(STDERR_FILENO) == 1 else { return nil }
        return { progress in
            guard progress.bytes > 8 << 20 else { return }
            let megabytes = Double(progress.bytes) / 1_048_576
            let rate = progress.seconds > 0 ? megabytes / progress.seconds : 0
            // `lines` counts the header line too.
            var text = String(format: "\r%@ rows, %.0f MB, %.1f MB/s", "\(max(0, progress.lines - 1))", megabytes, rate)
            if let total = progress.totalBytes, total > 0 {
                text += String(format: " (%.0f%%)", 100 * Double(progress.bytes) / Double(total))
            }
            console.err(text, terminator: "")
        }
    }
}

extension ImportKind: ExpressibleByArgument {}
