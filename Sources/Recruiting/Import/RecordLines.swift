import Foundation

/// Where each CSV record of a file starts, as an editor numbers lines. PostgreSQL's COPY, and the staging table's
/// `line`, count records (the header is record 1); a quoted cell holding line breaks makes every later record start
/// further down the file than its number says. Fed the file's bytes in order as they stream to the server, this
/// keeps only the records where that difference changes, so it stays small whatever the file's size.
struct RecordLines {
    /// Line breaks seen so far (the file's physical lines before the scan position, less one).
    private(set) var lineBreaks = 0
    /// The record being scanned (1: the header).
    private var record = 1
    private var inQuotes = false
    /// The line where the quote still open at the scan position was opened.
    private(set) var openQuoteLine: Int?
    /// (record, its first line) for each record from which on the difference between the two changes.
    private var shifts: [(record: Int, line: Int)] = []

    /// Scans the next bytes of the file.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        // Without a quote in the chunk (and none open) every line break ends a record: nothing shifts.
        if !inQuotes && memchr(base, Int32(UInt8(ascii: "\"")), bytes.count) == nil {
            var breaks = 0
            for byte in bytes where byte == 0x0A { breaks += 1 }
            lineBreaks += breaks
            record += breaks
            return
        }
        for byte in bytes {
            if byte == UInt8(ascii: "\"") {
                // A doubled quote inside a quoted cell closes and reopens it: the state comes out the same.
                inQuotes.toggle()
                if inQuotes { openQuoteLine = lineBreaks + 1 }
            } else if byte == 0x0A {
                lineBreaks += 1
                if !inQuotes {
                    record += 1
                    let line = lineBreaks + 1
                    if line - record != (shifts.last.map { $0.line - $0.record } ?? 0) {
                        shifts.append((record, line))
                    }
                }
            }
        }
        if !inQuotes { openQuoteLine = nil }
    }

    /// The line (as an editor shows it, the header being line 1) where record `record` starts.
    func line(ofRecord record: Int) -> Int {
        var low = 0, high = shifts.count
        while low < high {
            let middle = (low + high) / 2
            if shifts[middle].record <= record { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return record }
        let shift = shifts[low - 1]
        return record + (shift.line - shift.record)
    }
}
