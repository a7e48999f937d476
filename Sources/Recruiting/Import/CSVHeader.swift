/// The header row of a CSV file, mapped to a file kind's columns.
///
/// Only the header is read in Swift (to map names and aliases); every data row is parsed by PostgreSQL's own CSV
/// reader through COPY.
struct CSVHeader: Equatable {
    /// One field of the header row.
    struct Field: Equatable {
        /// As written in the file (trimmed), for messages.
        let written: String
        /// The contract column it means, nil when it is not one of the kind's columns.
        let column: ImportKind.Column?
        /// The staging table's column: the contract column's, or a placeholder for an ignored one.
        let stagingName: String
        /// Left out on purpose (a profile's `ignore`): not reported as unknown.
        var ignored = false
    }

    let fields: [Field]

    /// The unknown columns, as written, in file order.
    var unknownColumns: [String] { fields.filter { $0.column == nil && !$0.ignored }.map(\.written) }

    /// The name the file uses for a contract column, for messages.
    func written(_ column: String) -> String {
        fields.first { $0.column?.name == column }?.written ?? column
    }

    func has(_ column: String) -> Bool { fields.contains { $0.column?.name == column } }

    /// Maps a header line (without its line break) to `kind`'s columns.
    /// - Throws: `ImportError.missingColumns` or `.duplicateColumn`.
    /// With a profile, its `columns` and `ignore` come before the contract's names and aliases.
    init(line: String, kind: ImportKind, file: String, delimiter: CSVDelimiter = .comma,
         profile: ImportProfile? = nil) throws {
        let names = CSVHeader.split(line, delimiter: delimiter.byte)
        var lookup: [String: ImportKind.Column] = [:]
        for column in kind.columns {
            lookup[CSVHeader.normalize(column.name)] = column
        }
        for column in kind.columns {
            for alias in column.aliases where lookup[CSVHeader.normalize(alias)] == nil {
                lookup[CSVHeader.normalize(alias)] = column
            }
        }
        var fields: [Field] = []
        for (index, raw) in names.enumerated() {
            let written = raw.trimmingCharacters(in: .whitespaces)
            let key = CSVHeader.normalize(written)
            if let profile, profile.ignore.contains(key) {
                fields.append(Field(written: written, column: nil, stagingName: "ignored_\(index + 1)", ignored: true))
                continue
            }
            let mapped = profile?.columns[key].flatMap { name in kind.columns.first { $0.name == name } }
            if let column = mapped ?? lookup[key] {
                if let earlier = fields.first(where: { $0.column == column }) {
                    throw ImportError.duplicateColumn(file: file, column: column.name,
                                                      first: earlier.written, second: written)
                }
                fields.append(Field(written: written, column: column, stagingName: column.stagingName))
            } else {
                fields.append(Field(written: written, column: nil, stagingName: "ignored_\(index + 1)"))
            }
        }
        let missing = kind.columns.filter { column in column.required && !fields.contains { $0.column == column } }
        if !missing.isEmpty {
            // A header written with another delimiter reads as one long name: say which flag reads it.
            if let other = CSVHeader.otherDelimiter(line, than: delimiter, kind: kind, profile: profile) {
                throw ImportError.wrongDelimiter(file: file, expected: delimiter, found: other)
            }
            throw ImportError.missingColumns(file: file, kind: kind, columns: missing, found: fields.map(\.written),
                                             profile: profile?.name)
        }
        self.fields = fields
    }

    /// Header names match case-insensitively, ignoring spaces, `_` and `-` (CONTRACT.md "CSV files").
    static func normalize(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" && $0 != "\t" }
            .map(Character.init))
    }

    /// Splits the header line on commas, honouring RFC 4180 quotes. Header names are short labels; a data row is
    /// never split here.
    static func split(_ line: String, delimiter: UInt8 = UInt8(ascii: ",")) -> [String] {
        let delimiter = Character(Unicode.Scalar(delimiter))
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == delimiter {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}

import Foundation

extension CSVHeader {
    /// The common delimiter (other than `delimiter`) under which `line` splits into more fields and names every
    /// required column of `kind`; nil when none does.
    static func otherDelimiter(_ line: String, than delimiter: CSVDelimiter, kind: ImportKind,
                               profile: ImportProfile? = nil) -> CSVDelimiter? {
        for candidate in CSVDelimiter.allCases where candidate != delimiter {
            let names = Set(split(line, delimiter: candidate.byte).map { normalize($0.trimmingCharacters(in: .whitespaces)) })
            guard names.count > 1 else { continue }
            let found = kind.columns.filter(\.required).allSatisfy { column in
                names.contains(normalize(column.name)) || column.aliases.contains { names.contains(normalize($0)) }
                    || (profile?.columns.contains { $0.value == column.name && names.contains($0.key) } ?? false)
            }
            if found { return candidate }
        }
        return nil
    }
}
