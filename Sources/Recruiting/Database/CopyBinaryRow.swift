import Policies

/// The fields of one row of PostgreSQL's binary COPY format (`COPY ... TO STDOUT (FORMAT binary)`): a 16-bit field
/// count, then per field a 32-bit length (-1 for NULL) and the value in its type's binary form, integers in network
/// byte order. The server formats nothing (no dates or integers as text, no escapes) and the client parses no
/// digits, which makes a large read cheaper on both sides than text COPY (figures in docs/benchmarks.md).
///
/// The stream's first message starts with the format's header (signature, flags, extension), which ``split(_:)``
/// skips; its last is the trailer, for which it answers false. Reuse one `CopyBinaryRow` for every row of a stream:
/// values are read from the bytes on demand.
package struct CopyBinaryRow {
    /// Days from PostgreSQL's date epoch, 2000-01-01, back to `Day`'s, 1970-01-01.
    static let postgresEpoch = Day(year: 2000, month: 1, day: 1).ordinal
    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]

    private var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Each field's start and length (-1: NULL).
    private var bounds: [(start: Int, length: Int)] = []
    private var headerSeen = false

    package init() { bounds.reserveCapacity(16) }

    /// Splits `row` (one message as ``Connection/copyOut(_:_:)`` hands it, valid while this row is read) into
    /// fields; false for the trailer that ends the stream.
    /// - Throws: `DatabaseError.connectionLost` when the bytes are not a row of the format.
    package mutating func split(_ row: UnsafeRawBufferPointer) throws -> Bool {
        bytes = row
        bounds.removeAll(keepingCapacity: true)
        var at = 0
        if !headerSeen {
            let fixed = CopyBinaryRow.signature.count + 8
            guard row.count >= fixed, CopyBinaryRow.signature.withUnsafeBytes({ $0.elementsEqual(row.prefix(11)) })
            else { throw CopyBinaryRow.malformed("binary COPY data without its header") }
            let extensionLength = Int(integer(UInt32.self, at: 15))
            at = fixed + extensionLength
            headerSeen = true
        }
        guard at + 2 <= row.count else { throw CopyBinaryRow.malformed("a binary COPY row without its field count") }
        let fields = Int(Int16(bitPattern: integer(UInt16.self, at: at)))
        at += 2
        if fields == -1 { return false }
        for _ in 0..<max(fields, 0) {
            guard at + 4 <= row.count else { throw CopyBinaryRow.malformed("a binary COPY field without its length") }
            let length = Int(Int32(bitPattern: integer(UInt32.self, at: at)))
            at += 4
            guard length >= -1, at + max(length, 0) <= row.count else {
                throw CopyBinaryRow.malformed("a binary COPY field longer than its row")
            }
            bounds.append((at, length))
            at += max(length, 0)
        }
        guard at == row.count else { throw CopyBinaryRow.malformed("bytes after a binary COPY row's last field") }
        return true
    }

    private static func malformed(_ what: String) -> DatabaseError {
        .connectionLost(reason: "the server sent \(what)")
    }

    /// The number of fields.
    package var count: Int { bounds.count }

    @inline(__always)
    private func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        T(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Whether the field is SQL NULL.
    package func isNull(_ field: Int) -> Bool { bounds[field].length < 0 }

    /// The field's bytes: for text, its UTF-8 as stored. Empty for NULL.
    package func withBytes<R>(_ field: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let (start, length) = bounds[field]
        return try body(UnsafeRawBufferPointer(rebasing: bytes[start..<start + max(length, 0)]))
    }

    /// A text field, nil for NULL.
    package func string(_ field: Int) -> String? {
        isNull(field) ? nil : withBytes(field) { String(decoding: $0, as: UTF8.self) }
    }

    /// A `bigint` (or `integer`) field, nil for NULL.
    package func int64(_ field: Int) -> Int64? {
        let (start, length) = bounds[field]
        switch length {
        case 8: return Int64(bitPattern: integer(UInt64.self, at: start))
        case 4: return Int64(Int32(bitPattern: integer(UInt32.self, at: start)))
        default: return nil
        }
    }

    /// A `date` field, nil for NULL and for `infinity` and `-infinity`.
    package func day(_ field: Int) -> Day? {
        let (start, length) = bounds[field]
        guard length == 4 else { return nil }
        let days = Int32(bitPattern: integer(UInt32.self, at: start))
        guard days != .max && days != .min else { return nil }
        return Day(ordinal: CopyBinaryRow.postgresEpoch + Int(days))
    }

    /// An enum field (its binary form is the label's text), matched byte for byte against `labels`; nil for NULL or
    /// a label the table does not know.
    package func label<T>(_ field: Int, _ labels: CopyLabels<T>) -> T? {
        isNull(field) ? nil : withBytes(field) { labels.value(for: $0) }
    }
}
