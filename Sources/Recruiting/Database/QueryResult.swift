import CLibPQ

/// A transaction's isolation level (PostgreSQL's; READ UNCOMMITTED is READ COMMITTED there).
package enum IsolationLevel: Sendable {
    /// Each statement sees what was committed before it began: the default, for writes.
    case readCommitted
    /// Every statement sees one snapshot, taken at the first: for reads that must agree with each other.
    case repeatableRead
    /// As repeatable read, and the server refuses a commit that no serial order of the transactions could give.
    case serializable

    /// The statement that begins a transaction at this level: text the program ships, never a value.
    var begin: String {
        switch self {
        case .readCommitted: return "BEGIN"
        case .repeatableRead: return "BEGIN ISOLATION LEVEL REPEATABLE READ"
        case .serializable: return "BEGIN ISOLATION LEVEL SERIALIZABLE"
        }
    }
}

/// One row while streaming; valid only inside the callback that receives it.
package struct Row {
    let result: OpaquePointer

    package var count: Int { Int(PQnfields(result)) }

    package func isNull(_ column: Int) -> Bool { PQgetisnull(result, 0, Int32(column)) == 1 }

    /// The column's text, nil for NULL.
    package subscript(_ column: Int) -> String? {
        if isNull(column) { return nil }
        return String(cString: PQgetvalue(result, 0, Int32(column)))
    }
}

extension Row: RowColumns {}

/// All rows of a result as plain values.
package struct QueryResult: Sendable {
    package let columns: [String]
    package let rows: [[String?]]
    /// The number of rows a command touched (INSERT, UPDATE, DELETE), 0 when not applicable.
    package let affected: Int

    init(_ result: OpaquePointer) {
        let fields = Int(PQnfields(result))
        let tuples = Int(PQntuples(result))
        columns = (0..<fields).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(tuples)
        for row in 0..<tuples {
            rows.append((0..<fields).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1
                    ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            })
        }
        self.rows = rows
        affected = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// The first column of the first row, nil when there is none or it is NULL.
    package var scalar: String? { rows.first?.first ?? nil }
}

