import Policies

/// The fields of one row of PostgreSQL's COPY text format (`COPY ... TO STDOUT` without options): fields separated
/// by tabs, `\N` for NULL, backslash escapes inside values, a newline at the end.
///
/// Splitting records only where each field starts and ends; values are read from the bytes on demand, so dates,
/// integers and enum labels never become Strings. Reuse one `CopyTextRow` for every row of a stream: its offset
/// storage keeps its capacity.
public struct CopyTextRow {
    private var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    private var bounds: [(start: Int, end: Int)] = []

    public init() { bounds.reserveCapacity(16) }

    /// Splits `row` (one row as ``CopyOutStream`` or ``Connection/copyOut(_:_:)`` hand it, valid while this row is
    /// read) into fields.
    public mutating func split(_ row: UnsafeRawBufferPointer) {
        bytes = row
        bounds.removeAll(keepingCapacity: true)
        var end = row.count
        if end > 0 && row[end - 1] == 0x0A { end -= 1 }
        var start = 0
        // A tab or newline inside a value is always escaped (`\t`, `\n`), so every raw tab separates fields.
        var index = 0
        while index < end {
            if row[index] == 0x09 {
                bounds.append((start, index))
                start = index + 1
            }
            index += 1
        }
        bounds.append((start, end))
    }

    /// The number of fields.
    public var count: Int { bounds.count }

    /// The field's raw bytes, escapes not decoded.
    @inline(__always)
    private func raw(_ field: Int) -> UnsafeRawBufferPointer {
        let (start, end) = bounds[field]
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Whether the field is SQL NULL (`\N`).
    public func isNull(_ field: Int) -> Bool {
        let value = raw(field)
        return value.count == 2 && value[0] == 0x5C && value[1] == 0x4E
    }

    /// The field as text with COPY's escapes decoded, nil for NULL.
    public func string(_ field: Int) -> String? {
        if isNull(field) { return nil }
        let value = raw(field)
        guard value.contains(0x5C) else { return String(decoding: value, as: UTF8.self) }
        return String(decoding: CopyTextRow.unescape(value), as: UTF8.self)
    }

    /// Calls `body` with the field's bytes, COPY's escapes decoded: in place when there are none (almost always),
    /// else decoded into `buffer`. Empty for NULL.
    public func withUnescapedBytes<R>(_ field: Int, buffer: inout [UInt8],
                                      _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let value = raw(field)
        if isNull(field) { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard value.contains(0x5C) else { return try body(value) }
        buffer = CopyTextRow.unescape(value)
        return try buffer.withUnsafeBytes(body)
    }

    /// A decimal integer field (an id), nil for NULL or anything else.
    public func int64(_ field: Int) -> Int64? {
        let value = raw(field)
        guard !value.isEmpty else { return nil }
        var index = 0
        var negative = false
        if value[0] == UInt8(ascii: "-") { negative = true; index = 1 }
        guard index < value.count else { return nil }
        var result: Int64 = 0
        while index < value.count {
            let digit = value[index] &- 48
            guard digit < 10 else { return nil }
            let (times, overflowTimes) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int64(digit))
            guard !overflowTimes, !overflowSum else { return nil }
            result = sum
            index += 1
        }
        return negative ? -result : result
    }

    /// A date field in ISO style (`YYYY-MM-DD`, as `Day(_:)` reads it), nil for NULL or any other shape
    /// (BC dates, years past 9999, infinity).
    public func day(_ field: Int) -> Day? {
        let b = raw(field)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        @inline(__always) func digits(_ from: Int, _ to: Int) -> Int? {
            var value = 0
            for i in from..<to {
                let digit = b[i] &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = digits(0, 4), let month = digits(5, 7), let day = digits(8, 10) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        return Day(year: year, month: month, day: day)
    }

    /// An enum label field (e.g. an `activity_type`), matched byte for byte against `labels`; nil for NULL or a
    /// label the table does not know.
    public func label<T>(_ field: Int, _ labels: CopyLabels<T>) -> T? {
        labels.value(for: raw(field))
    }

    /// Decodes COPY's backslash escapes: `\b \f \n \r \t \v`, `\\`, octal `\NNN`, hex `\xHH`, and any other
    /// character after a backslash as itself (PostgreSQL's COPY FROM rules).
    static func unescape(_ value: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var i = 0
        func isOctal(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x37 }
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        while i < value.count {
            let c = value[i]
            i += 1
            guard c == 0x5C, i < value.count else { out.append(c); continue }
            let e = value[i]
            i += 1
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "x") where i < value.count && hex(value[i]) != nil:
                var code = hex(value[i])!
                i += 1
                if i < value.count, let low = hex(value[i]) { code = code << 4 | low; i += 1 }
                out.append(code)
            case _ where isOctal(e):
                var code = Int(e - 0x30)
                var digits = 1
                while digits < 3, i < value.count, isOctal(value[i]) {
                    code = code << 3 | Int(value[i] - 0x30)
                    i += 1
                    digits += 1
                }
                out.append(UInt8(truncatingIfNeeded: code))
            default: out.append(e)
            }
        }
        return out
    }
}

/// The labels of a PostgreSQL enum as bytes, to read its COPY text without making a String per value.
public struct CopyLabels<T> {
    private let entries: [([UInt8], T)]

    /// Labels of a Swift enum whose raw values are the PostgreSQL labels.
    public init() where T: CaseIterable & RawRepresentable, T.RawValue == String {
        entries = T.allCases.map { (Array($0.rawValue.utf8), $0) }
    }

    func value(for bytes: UnsafeRawBufferPointer) -> T? {
        for (label, value) in entries where label.count == bytes.count {
            if label.withUnsafeBytes({ $0.elementsEqual(bytes) }) { return value }
        }
        return nil
    }
}

extension CopyLabels: Sendable where T: Sendable {}
