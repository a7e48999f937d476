import Policies

/// Typed reads of one row's columns, as the server sends them in text: each throws
/// ``DatabaseError/malformedRow(column:expected:)`` when the value is missing or is not what the column should hold,
/// so bad data stops with its own error instead of becoming a zero, an empty name or a crash.
package protocol RowColumns {
    /// The column's text, nil for NULL.
    subscript(_ column: Int) -> String? { get }
}

extension RowColumns {
    /// The column's text; NULL is malformed.
    package func text(_ column: Int) throws -> String {
        guard let value = self[column] else { throw DatabaseError.malformedRow(column: column, expected: "a value") }
        return value
    }

    /// The column as an integer; NULL or anything else is malformed.
    package func int(_ column: Int) throws -> Int {
        guard let value = self[column].flatMap({ Int($0) }) else {
            throw DatabaseError.malformedRow(column: column, expected: "an integer")
        }
        return value
    }

    /// The column as a 64-bit integer (ids); NULL or anything else is malformed.
    package func int64(_ column: Int) throws -> Int64 {
        guard let value = self[column].flatMap({ Int64($0) }) else {
            throw DatabaseError.malformedRow(column: column, expected: "an integer")
        }
        return value
    }

    /// The column as an integer, nil for NULL; any other text is malformed.
    package func optionalInt(_ column: Int) throws -> Int? {
        guard self[column] != nil else { return nil }
        return try int(column)
    }

    /// The column as a day (ISO `YYYY-MM-DD`); NULL or anything else is malformed.
    package func day(_ column: Int) throws -> Day {
        guard let value = self[column].flatMap({ Day($0) }) else {
            throw DatabaseError.malformedRow(column: column, expected: "a date (YYYY-MM-DD)")
        }
        return value
    }

    /// The column as a day, nil for NULL; any other text is malformed.
    package func optionalDay(_ column: Int) throws -> Day? {
        guard self[column] != nil else { return nil }
        return try day(column)
    }

    /// The column as PostgreSQL's boolean text (`t` or `f`); NULL or anything else is malformed.
    package func bool(_ column: Int) throws -> Bool {
        switch self[column] {
        case "t": return true
        case "f": return false
        default: throw DatabaseError.malformedRow(column: column, expected: "a boolean")
        }
    }

    /// The column as a value of `type` (a closed vocabulary: stages, statuses, roles); NULL or another word is malformed.
    package func word<Word: RawRepresentable>(_ column: Int, as type: Word.Type) throws -> Word where Word.RawValue == String {
        guard let value = self[column].flatMap(Word.init(rawValue:)) else {
            throw DatabaseError.malformedRow(column: column, expected: "a known \(Word.self)")
        }
        return value
    }
}

/// A row of a ``QueryResult`` (Array's own subscript reads it).
extension Array: RowColumns where Element == String? {}

extension QueryResult {
    /// The only row of a result that must have one (an aggregate, a `RETURNING` of one row); none is malformed.
    package func onlyRow() throws -> [String?] {
        guard let row = rows.first else { throw DatabaseError.malformedRow(column: 0, expected: "a row") }
        return row
    }
}
