/// Pads CSV records that have fewer fields than the header with empty trailing fields, as the bytes stream to
/// PostgreSQL (whose COPY refuses such a record, and with it the whole file). Spreadsheets and some ATS exports leave
/// out the empty fields at the end of a row. Only delimiters are added (never a line break or a quote), so lines and
/// records are numbered as in the file. Used with `--pad-short-rows` (or a profile's `padShortRows`), and with
/// `--skip-invalid`, where the padded records are then rejected as rows of their own (`short`).
struct ShortRows {
    /// The header's field count.
    let fields: Int
    let delimiter: UInt8
    /// The record being scanned (1: the header).
    private(set) var record = 1
    /// Delimiters seen outside quotes in the current record.
    private var delimiters = 0
    private var inQuotes = false
    /// Whether the current record has any byte yet (a blank last line is not a record).
    private var started = false
    /// A carriage return held back at the end of the previous chunk (padding goes before it).
    private var heldReturn = false
    /// (record, fields it had) of every padded record, in file order.
    private(set) var short: [(record: Int, fields: Int)] = []

    init(fields: Int, delimiter: UInt8) {
        self.fields = fields
        self.delimiter = delimiter
    }

    /// The chunk as it should be sent: unchanged (the same array) unless a record in it is short or a CR was held.
    mutating func pad(_ chunk: [UInt8]) -> [UInt8] {
        var pendingReturn = heldReturn  // the previous chunk's last byte, not yet sent
        heldReturn = false
        var output: [UInt8] = []
        var building = false
        var copied = 0  // bytes of `chunk` already in `output`
        let quote = UInt8(ascii: "\"")
        for index in chunk.indices {
            let byte = chunk[index]
            if byte == quote {
                inQuotes.toggle()
                started = true
            } else if inQuotes {
                continue
            } else if byte == delimiter {
                delimiters += 1
                started = true
            } else if byte == 0x0A {
                let missing = fields - 1 - delimiters
                if missing > 0 && record > 1 {
                    short.append((record, delimiters + 1))
                    building = true
                    // The line break may be CRLF (its CR possibly held from the previous chunk): pad before the CR.
                    let returnHere = index > 0 && chunk[index - 1] == 0x0D
                    let returnHeld = index == 0 && pendingReturn
                    if pendingReturn && !returnHeld { output.append(0x0D) }
                    pendingReturn = false
                    output += chunk[copied..<(returnHere ? index - 1 : index)]
                    output += [UInt8](repeating: delimiter, count: missing)
                    if returnHere || returnHeld { output.append(0x0D) }
                    output.append(0x0A)
                    copied = index + 1
                }
                record += 1
                delimiters = 0
                started = false
            } else if byte != 0x0D {
                started = true
            }
        }
        if !building {
            return holdReturn(pendingReturn ? [0x0D] + chunk : chunk)
        }
        if copied < chunk.count { output += chunk[copied...] }
        return holdReturn(output)
    }

    /// Keeps a CR that ends the chunk back, so that padding for its record can still go before it.
    private mutating func holdReturn(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.last == 0x0D, !inQuotes else { return bytes }
        heldReturn = true
        return Array(bytes.dropLast())
    }

    /// The bytes that end the file: padding for a last record without a line break, and any held CR.
    mutating func finish() -> [UInt8] {
        var out: [UInt8] = []
        let missing = fields - 1 - delimiters
        if started && !inQuotes && missing > 0 && record > 1 {
            short.append((record, delimiters + 1))
            out += [UInt8](repeating: delimiter, count: missing)
        }
        if heldReturn { out.append(0x0D); heldReturn = false }
        return out
    }
}
