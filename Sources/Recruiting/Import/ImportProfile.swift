import Foundation

/// How an ATS's export is read as one of CONTRACT.md's files: which header means which of our columns, which
/// columns to leave out, how its words map to ours, the date format, the delimiter and whether short rows are padded.
/// A profile is applied to the header (in Swift) and to the staged cells (one set-based rewrite of staging) before the usual
/// checks; without one the importer does exactly what it did before. Format: docs/import-profiles.md.
public struct ImportProfile: Sendable, Equatable {
    /// A word map of one of our columns: the file's values (compared trimmed, case-insensitively) to ours; `*` maps
    /// every other non-blank value.
    public typealias WordMap = [String: String]

    /// Our column filled from another column's cells (as the file wrote them, before any mapping).
    public struct Derived: Sendable, Equatable {
        public let from: String
        public let values: WordMap
    }

    public let name: String
    public let kind: ImportKind?
    public let description: String
    /// Where the export's columns and values were looked up (bundled profiles).
    public let source: [String]
    public let delimiter: CSVDelimiter?
    public let dateFormat: DateFormat?
    public let padShortRows: Bool
    /// The file's header name (normalized like every header, see `CSVHeader.normalize`) -> our column.
    public let columns: [String: String]
    /// Header names (normalized) to leave out, whatever alias they would otherwise match.
    let ignore: Set<String>
    /// Our column -> word map (keys lower-cased and trimmed).
    public let values: [String: WordMap]
    /// Our column -> where it comes from.
    package let derived: [String: Derived]
    /// Where it was read from, for messages.
    public let origin: String

    /// True when the profile changes any cell (values, derived columns or dates): the importer then rewrites staging.
    var rewritesCells: Bool { !values.isEmpty || !derived.isEmpty || dateFormat != nil }

    /// Builds a profile that holds only the command line's `--delimiter`, `--date-format` and `--pad-short-rows`.
    public init(flags delimiter: CSVDelimiter?, dateFormat: DateFormat?, padShortRows: Bool) {
        self.init(name: "", kind: nil, description: "", source: [], delimiter: delimiter, dateFormat: dateFormat,
                  padShortRows: padShortRows, columns: [:], ignore: [], values: [:], derived: [:], origin: "")
    }

    init(name: String, kind: ImportKind?, description: String, source: [String], delimiter: CSVDelimiter?,
         dateFormat: DateFormat?, padShortRows: Bool, columns: [String: String], ignore: Set<String>,
         values: [String: WordMap], derived: [String: Derived], origin: String) {
        self.name = name
        self.kind = kind
        self.description = description
        self.source = source
        self.delimiter = delimiter
        self.dateFormat = dateFormat
        self.padShortRows = padShortRows
        self.columns = columns
        self.ignore = ignore
        self.values = values
        self.derived = derived
        self.origin = origin
    }

    /// The profile with the command line's flags on top (a flag given wins over the profile's entry).
    public func overriding(delimiter: CSVDelimiter?, dateFormat: DateFormat?, padShortRows: Bool) -> ImportProfile {
        ImportProfile(name: name, kind: kind, description: description, source: source,
                      delimiter: delimiter ?? self.delimiter, dateFormat: dateFormat ?? self.dateFormat,
                      padShortRows: padShortRows || self.padShortRows, columns: columns, ignore: ignore,
                      values: values, derived: derived, origin: origin)
    }

    // MARK: - Reading

    /// The JSON document (docs/import-profiles.md).
    struct Document: Decodable {
        var name: String?
        var kind: String?
        var description: String?
        var source: SourceField?
        var delimiter: String?
        var dateFormat: String?
        var padShortRows: Bool?
        var columns: [String: String]?
        var ignore: [String]?
        var values: [String: [String: String]]?
        var derive: [String: DerivedDocument]?

        struct DerivedDocument: Decodable {
            var from: String
            var values: [String: String]
        }

        /// One URL or a list of them.
        enum SourceField: Decodable {
            case one(String), many([String])
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { self = .one(text) } else {
                    self = .many(try container.decode([String].self))
                }
            }
            var list: [String] { switch self { case let .one(text): return [text]; case let .many(list): return list } }
        }
    }

    /// The names of the profiles shipped with recruit, sorted.
    public static func bundledNames() -> [String] {
        guard let folder = Bundle.module.url(forResource: "profiles", withExtension: nil),
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// A bundled profile by name (`bullhorn-notes`), or a file when `reference` is a path (contains `/` or ends in
    /// `.json`).
    public static func load(_ reference: String) throws -> ImportProfile {
        if reference.contains("/") || reference.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: reference) else {
                throw ImportProfileError(origin: reference, entry: nil,
                                         message: "cannot read the profile file; check the path (bundled profiles: \(bundledNames().joined(separator: ", ")))")
            }
            return try parse(data, origin: reference)
        }
        guard let folder = Bundle.module.url(forResource: "profiles", withExtension: nil),
              let data = FileManager.default.contents(atPath: folder.appendingPathComponent("\(reference).json").path) else {
            throw ImportProfileError(origin: reference, entry: nil,
                                     message: "no bundled profile of that name; use one of: \(bundledNames().joined(separator: ", ")), or a path to your own JSON file (docs/import-profiles.md)")
        }
        return try parse(data, origin: reference)
    }

    /// The raw JSON of a bundled profile, for `recruit profile show`.
    public static func bundledText(_ name: String) -> String? {
        guard let folder = Bundle.module.url(forResource: "profiles", withExtension: nil) else { return nil }
        return try? String(contentsOfFile: folder.appendingPathComponent("\(name).json").path, encoding: .utf8)
    }

    /// Reads and checks a profile: every column and word it names must be one of ours.
    static func parse(_ data: Data, origin: String) throws -> ImportProfile {
        let document = try decode(data, origin: origin)
        var check = Check(origin: origin, known: [])
        let kind = try document.kind.map { text in
            guard let value = ImportKind(rawValue: text) else {
                throw check.fail("kind", "\"\(text)\" is not a kind; use one of: openings, candidates, applications, activities")
            }
            return value
        }
        check.known = Set((kind.map { [$0] } ?? ImportKind.allCases).flatMap { $0.columns.map(\.name) })
        let delimiter = try document.delimiter.map { text in
            guard let value = CSVDelimiter(text) else { throw check.fail("delimiter", CSVDelimiter.help(text)) }
            return value
        }
        let dateFormat = try document.dateFormat.map { text in
            do { return try DateFormat(text) } catch let error as DateFormat.Invalid {
                throw check.fail("dateFormat", error.message)
            }
        }
        var columns: [String: String] = [:]
        for (header, column) in document.columns ?? [:] {
            try check.isOurs(column, entry: "columns.\(header)")
            columns[CSVHeader.normalize(header)] = column
        }
        var values: [String: WordMap] = [:]
        for (column, map) in document.values ?? [:] { values[column] = try check.wordMap(column, map, entry: "values.\(column)") }
        var derived: [String: Derived] = [:]
        for (column, rule) in document.derive ?? [:] {
            guard check.known.contains(rule.from) else {
                throw check.fail("derive.\(column).from", "\"\(rule.from)\" is not one of our columns")
            }
            derived[column] = Derived(from: rule.from, values: try check.wordMap(column, rule.values, entry: "derive.\(column).values"))
        }
        return ImportProfile(
            name: document.name ?? origin, kind: kind, description: document.description ?? "",
            source: document.source?.list ?? [], delimiter: delimiter, dateFormat: dateFormat,
            padShortRows: document.padShortRows ?? false, columns: columns,
            ignore: Set((document.ignore ?? []).map(CSVHeader.normalize)), values: values, derived: derived,
            origin: origin)
    }

    /// The profile's JSON, or an error that names the entry of the wrong type or says the file is not JSON.
    private static func decode(_ data: Data, origin: String) throws -> Document {
        do {
            return try JSONDecoder().decode(Document.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ImportProfileError(origin: origin, entry: context.codingPath.map(\.stringValue).joined(separator: "."),
                                     message: "has the wrong type (\(context.debugDescription))")
        } catch {
            throw ImportProfileError(origin: origin, entry: nil, message: "is not valid JSON (\(error)); see docs/import-profiles.md for the format")
        }
    }

    /// The checks of one profile's entries against our columns (`known`: those of its kind, or of every kind) and
    /// our words, each failure naming the entry.
    private struct Check {
        let origin: String
        var known: Set<String>

        func fail(_ entry: String, _ message: String) -> ImportProfileError {
            ImportProfileError(origin: origin, entry: entry, message: message)
        }

        func isOurs(_ column: String, entry: String) throws {
            guard known.contains(column) else {
                throw fail(entry, "\"\(column)\" is not one of our columns; use one of: \(known.sorted().joined(separator: ", "))")
            }
        }

        func wordMap(_ column: String, _ map: [String: String], entry: String) throws -> WordMap {
            try isOurs(column, entry: entry)
            var result: WordMap = [:]
            let words = Vocabulary.words(of: column)
            for (from, to) in map {
                if let words, !words.contains(to) {
                    throw fail("\(entry).\(from)", "\"\(to)\" is not a known \(column); use one of: \(words.joined(separator: ", "))")
                }
                result[from == "*" ? "*" : from.trimmingCharacters(in: .whitespaces).lowercased()] = to
            }
            return result
        }
    }
}
