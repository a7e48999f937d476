import Foundation

/// Rewrites a profile's cells (word maps, derived columns, dates) in the CSV bytes as they stream to COPY, so that
/// staging receives them rewritten and is written once (rewriting staging in SQL afterwards copied every row a
/// second time: 12-15% of an import, issue 18). Byte-level: records are split as PostgreSQL's CSV reader splits them
/// (quotes anywhere in a field, doubled quotes inside), only the cells a profile changes are decoded, and a record
/// is copied as it is when none of them changes. Line breaks are never added or removed, so records and lines are
/// numbered as in the file. A record with fewer fields than the header is left for COPY (or `ShortRows`) to refuse.
///
/// Each rule does what sql/ImportTransform's statement did (see `ImportTransform`): a cell is "given" when it holds
/// something other than spaces; words are looked up trimmed of spaces and lower-cased; `*` maps any other given
/// value; dates in the format's fixed width are cut by position, others matched by the format's pattern.
struct ProfileCells {
    /// A word map: our word for each lower-cased, trimmed value, as a CSV field.
    struct Words {
        var map: [[UInt8]: [UInt8]] = [:]
        var other: [UInt8]?

        init(_ words: ImportProfile.WordMap, delimiter: UInt8) {
            for (key, value) in words {
                let field = ProfileCells.field(value, delimiter: delimiter)
                if key == "*" { other = field } else { map[Array(key.utf8)] = field }
            }
        }
    }

    /// What happens to one field of the header's.
    enum Rule {
        /// A word map of its own; the derived column's word, when the rule gives one, comes first.
        case words(Words, derived: (from: Int, words: Words)?)
        /// Filled from another field when blank (the cell, when given, wins).
        case derived(from: Int, words: Words)
        case date(ImportDate)
    }

    /// A rule by numbers only (the word maps and date formats in `tables` and `dates`), so that reading one per
    /// cell copies no reference.
    private enum Step {
        case words(table: Int, derivedFrom: Int, derivedTable: Int)  // -1: no derived word
        case derived(from: Int, table: Int)
        case date(Int)
    }

    let delimiter: UInt8
    /// The header's field count.
    let fields: Int
    /// The fields with a rule, in order, and what it does.
    private let steps: [(field: Int, step: Step)]
    private let tables: [Words]
    private let dates: [ImportDate]
    /// Derived columns the file lacks, appended to each record: the field they come from and their word map.
    private let appended: [(from: Int, table: Int)]

    // Streaming state.
    private var record = 1
    /// The record that began in an earlier chunk, without its end yet.
    private var carry: [UInt8] = []
    /// Scanning inside a quoted part of the unfinished record.
    private var inQuotes = false
    /// The unfinished record's last byte is a CR outside quotes: its end, or the start of a CR LF.
    private var pendingReturn = false
    /// A record longer than `limit` bytes is passed on as it is (COPY refuses it, or a quote never closes).
    private var passing = false
    static let limit = 16 << 20
    /// Reused per record: each field's bounds in the record and whether it has a quote.
    private var bounds: [(start: Int, end: Int, quoted: Bool)] = []
    private var scratch: [UInt8] = []
    private var key: [UInt8] = []

    /// - Parameters:
    ///   - rules: the rule of each field of the header (nil: as written).
    ///   - appended: derived columns the file lacks, appended to each record.
    init(delimiter: UInt8, fields: Int, rules: [Rule?], appended: [(from: Int, words: Words)]) {
        self.delimiter = delimiter
        self.fields = fields
        var tables: [Words] = []
        var dates: [ImportDate] = []
        func table(_ words: Words) -> Int {
            tables.append(words)
            return tables.count - 1
        }
        var steps: [(field: Int, step: Step)] = []
        for (field, rule) in rules.enumerated() {
            switch rule {
            case nil: continue
            case .words(let words, let derived)?:
                let own = table(words)
                steps.append((field, .words(table: own, derivedFrom: derived?.from ?? -1,
                                            derivedTable: derived.map { table($0.words) } ?? -1)))
            case .derived(let from, let words)?:
                steps.append((field, .derived(from: from, table: table(words))))
            case .date(let format)?:
                dates.append(format)
                steps.append((field, .date(dates.count - 1)))
            }
        }
        self.appended = appended.map { ($0.from, table($0.words)) }
        self.steps = steps
        self.tables = tables
        self.dates = dates
        bounds.reserveCapacity(fields + 4)
    }

    /// The chunk's complete records, rewritten; the rest waits for the next chunk (or `finish`).
    mutating func rewrite(_ chunk: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(chunk.count + chunk.count / 8)
        chunk.withUnsafeBufferPointer { bytes in
            var position = 0
            if pendingReturn {
                pendingReturn = false
                if !bytes.isEmpty && bytes[0] == 0x0A {
                    keep(bytes[0..<1], into: &output)
                    position = 1
                }
                endCarried(into: &output)
            }
            if passing || !carry.isEmpty {
                guard let end = recordEnd(bytes, from: position) else {
                    keep(bytes[position...], into: &output)
                    return
                }
                keep(bytes[position..<end], into: &output)
                endCarried(into: &output)
                position = end
            }
            while let end = recordEnd(bytes, from: position) {
                emit(bytes, position, end, into: &output)
                position = end
            }
            if position < bytes.count { keep(bytes[position...], into: &output) }
        }
        return output
    }

    /// The last record, when the file does not end with a line break.
    mutating func finish() -> [UInt8] {
        var output: [UInt8] = []
        pendingReturn = false
        endCarried(into: &output)
        return output
    }

    /// Where the record starting at `start` ends (after its line break: LF, CR LF or CR outside quotes); nil when
    /// not in `bytes` (a CR at the very end may be followed by an LF: `pendingReturn`).
    private mutating func recordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        // Most records hold no quote and end in LF or CR LF: found with memchr.
        if !inQuotes, start < bytes.count, let base = bytes.baseAddress,
           let lf = memchr(base + start, 0x0A, bytes.count - start) {
            let end = base.distance(to: lf.assumingMemoryBound(to: UInt8.self))
            let body = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
            if memchr(base + start, Int32(UInt8(ascii: "\"")), end - start) == nil,
               memchr(base + start, 0x0D, body - start) == nil {
                return end + 1
            }
        }
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == 0x0A { return index + 1 }
                if byte == 0x0D {
                    if index + 1 == bytes.count {
                        pendingReturn = true
                        return nil
                    }
                    return bytes[index + 1] == 0x0A ? index + 2 : index + 1
                }
            }
            index += 1
        }
        return nil
    }

    /// Bytes of the unfinished record: kept, or passed on when it is too long.
    private mutating func keep(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, into output: inout [UInt8]) {
        if passing {
            output += bytes
            return
        }
        carry += bytes
        if carry.count > ProfileCells.limit {
            output += carry
            carry.removeAll(keepingCapacity: false)
            passing = true
        }
    }

    /// The carried record has ended: rewritten into `output` (or, passed on, only counted).
    private mutating func endCarried(into output: inout [UInt8]) {
        inQuotes = false
        if passing {
            passing = false
            record += 1
            return
        }
        guard !carry.isEmpty else { return }
        let bytes = carry
        carry.removeAll(keepingCapacity: true)
        bytes.withUnsafeBufferPointer { emit($0, 0, $0.count, into: &output) }
    }

    /// Writes the record `bytes[start..<end]` (with its line break, if any) to `output`, rewritten.
    private mutating func emit(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout [UInt8]) {
        defer { record += 1 }
        guard record > 1 else {  // the header: COPY skips it
            output += bytes[start..<end]
            return
        }
        // The record's content without its line break.
        var stop = end
        if stop > start && bytes[stop - 1] == 0x0A { stop -= 1 }
        if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
        split(bytes, start, stop)
        guard bounds.count >= fields else {
            output += bytes[start..<end]
            return
        }
        var copied = start
        for (index, step) in steps {
            let field = bounds[index]
            guard let replacement = apply(step, bytes, field) else { continue }
            output += bytes[copied..<field.start]
            output += replacement
            copied = field.end
        }
        output += bytes[copied..<stop]
        for derived in appended {
            output.append(delimiter)
            if let word = self.derived(derived.from, derived.table, bytes) { output += word }
        }
        output += bytes[stop..<end]
    }

    /// Splits `bytes[start..<stop]` into `bounds` as PostgreSQL's CSV reader does.
    private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) {
        bounds.removeAll(keepingCapacity: true)
        var fieldStart = start
        var quoted = false
        var inside = false
        var index = start
        while index < stop {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                quoted = true
                inside.toggle()
            } else if byte == delimiter && !inside {
                bounds.append((fieldStart, index, quoted))
                fieldStart = index + 1
                quoted = false
            }
            index += 1
        }
        bounds.append((fieldStart, stop, quoted))
    }

    /// The new field for `step`, nil when the cell stays as written (an empty field is NULL).
    private mutating func apply(_ step: Step, _ bytes: UnsafeBufferPointer<UInt8>, _ field: (start: Int, end: Int, quoted: Bool)) -> [UInt8]? {
        let null = !field.quoted && field.start == field.end
        switch step {
        case .words(let own, let from, let derivedTable):
            if from >= 0, let word = derived(from, derivedTable, bytes) { return word }
            guard !null, value(bytes, field), given(scratch) else { return nil }
            return lookup(own)
        case .derived(let from, let table):
            if !null {
                guard value(bytes, field) else { return nil }
                if given(scratch) { return nil }
            }
            // Blank: the derived word, or NULL when there is none.
            let word = derived(from, table, bytes)
            return word ?? (null ? nil : [])
        case .date(let format):
            guard !null, value(bytes, field), let day = dates[format].rewrite(scratch) else { return nil }
            return ProfileCells.field(day, delimiter: delimiter)
        }
    }

    /// The derived word from field `from` (as the file wrote it), nil when that cell is blank or maps to nothing.
    private mutating func derived(_ from: Int, _ table: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let field = bounds[from]
        guard field.quoted || field.start < field.end, value(bytes, field), given(scratch) else { return nil }
        return lookup(table)
    }

    /// The word for `scratch` (a given cell): its own, `*`'s, or nil (as written).
    private mutating func lookup(_ table: Int) -> [UInt8]? {
        var low = 0, high = scratch.count
        while low < high && scratch[low] == 0x20 { low += 1 }
        while high > low && scratch[high - 1] == 0x20 { high -= 1 }
        var ascii = true
        for index in low..<high where scratch[index] >= 0x80 { ascii = false; break }
        key.removeAll(keepingCapacity: true)
        if ascii {
            for index in low..<high {
                let byte = scratch[index]
                key.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
        } else {
            guard let text = String(validating: scratch[low..<high], as: UTF8.self) else { return nil }
            key += text.lowercased().utf8
        }
        return tables[table].map[key] ?? tables[table].other
    }

    /// Decodes the field's value into `scratch` (quotes removed, doubled quotes made one); false for a value that
    /// is not UTF-8 (left for COPY to name).
    private mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, _ field: (start: Int, end: Int, quoted: Bool)) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        if !field.quoted {
            scratch += bytes[field.start..<field.end]
        } else {
            var index = field.start
            var inside = false
            while index < field.end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    if inside && index + 1 < field.end && bytes[index + 1] == UInt8(ascii: "\"") {
                        scratch.append(byte)
                        index += 2
                        continue
                    }
                    inside.toggle()
                } else {
                    scratch.append(byte)
                }
                index += 1
            }
        }
        for byte in scratch where byte >= 0x80 {
            return String(validating: scratch, as: UTF8.self) != nil
        }
        return true
    }

    /// True when the cell holds a character other than a space (`Cell.given`).
    private func given(_ cell: [UInt8]) -> Bool { cell.contains { $0 != 0x20 } }
}
