import Policies

extension Recommendation {
    /// The contract's JSON object as text, keys in CONTRACT.md's order with explicit `null`s.
    ///
    /// `JSONEncoder` on Linux does not keep the order a custom `encode(to:)` writes keys in, so the queue's
    /// `--format json` should use this (or ``jsonArray(_:pretty:)``) when the order matters to a reader.
    public var json: String {
        var out: [UInt8] = []
        appendJSON(to: &out, pretty: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON array of items in the given order, each object's keys in CONTRACT.md's order.
    /// - Parameter pretty: one key per line, indented, as the examples' `expected-DATE.json` files are.
    package static func jsonArray<S: Sequence>(_ items: S, pretty: Bool = false) -> String where S.Element == Recommendation {
        var out: [UInt8] = []
        writeJSONArray(items, pretty: pretty, chunkSize: .max) { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the same bytes as ``jsonArray(_:pretty:)`` (UTF-8, no final newline) in chunks of about `chunkSize`
    /// bytes, so a large queue goes to its destination without ever being one String.
    /// - Parameters:
    ///   - pretty: one key per line, indented, as the examples' `expected-DATE.json` files are.
    ///   - chunkSize: flush to `write` once this many bytes are buffered.
    ///   - write: receives each chunk; the bytes are valid only during the call.
    static func writeJSONArray<S: Sequence>(_ items: S, pretty: Bool = false, chunkSize: Int = 1 << 20,
                                                   _ write: (UnsafeRawBufferPointer) throws -> Void) rethrows
    where S.Element == Recommendation {
        var out: [UInt8] = []
        out.reserveCapacity(min(chunkSize, 1 << 20) + 4096)
        out.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            item.appendJSONElement(to: &out, pretty: pretty, first: first)
            first = false
            if out.count >= chunkSize {
                try out.withUnsafeBytes(write)
                out.removeAll(keepingCapacity: true)
            }
        }
        appendJSONArrayEnd(to: &out, pretty: pretty, empty: first)
        try out.withUnsafeBytes(write)
    }

    /// Appends this item as an element of ``jsonArray(_:pretty:)``'s array, with the separator before it unless it
    /// is the `first`: for writers that render parts of one array separately (the bytes after `[` and before
    /// ``appendJSONArrayEnd(to:pretty:empty:)``).
    func appendJSONElement(to out: inout [UInt8], pretty: Bool, first: Bool) {
        if !first { out.append(UInt8(ascii: ",")) }
        if pretty { out.append(contentsOf: [0x0A, 0x20]) }
        appendJSON(to: &out, pretty: pretty)
    }

    /// Appends the end of ``jsonArray(_:pretty:)``'s array; `empty` when no element was written.
    static func appendJSONArrayEnd(to out: inout [UInt8], pretty: Bool, empty: Bool) {
        if pretty && !empty { out.append(0x0A) }
        out.append(UInt8(ascii: "]"))
    }

    /// Appends this item's object; `pretty` puts one key per line with a one-space indent inside the array.
    private func appendJSON(to out: inout [UInt8], pretty: Bool) {
        // Pretty: "{\n  key: value,\n  ...\n }"; compact: "{key: value,...}" (a space after each colon either way).
        let open: StaticString = pretty ? "{\n  " : "{"
        let separator: StaticString = pretty ? ",\n  " : ","
        let close: StaticString = pretty ? "\n }" : "}"
        JSONText.append(open, to: &out)
        JSONText.appendField("kind", kind.rawValue, separator, to: &out)
        JSONText.appendField("rule", rule.rawValue, separator, to: &out)
        JSONText.appendField("actor", actor.rawValue, separator, to: &out)
        JSONText.appendField("candidate", candidate, separator, to: &out)
        JSONText.appendField("opening", opening, separator, to: &out)
        JSONText.appendField("client", client, separator, to: &out)
        JSONText.appendField("hiring_manager", hiringManager, separator, to: &out)
        JSONText.appendField("recruiter", recruiter, separator, to: &out)
        JSONText.appendField("due", due.description, separator, to: &out)
        JSONText.appendField("deadline", deadline?.description, separator, to: &out)
        JSONText.append("\"overdue\": ", to: &out)
        JSONText.append(overdue ? "true" : "false", to: &out)
        JSONText.append(separator, to: &out)
        JSONText.append("\"reason\": ", to: &out)
        JSONText.appendString(reason.description, to: &out)
        JSONText.append(close, to: &out)
    }
}

/// JSON string escaping (RFC 8259), written as UTF-8 bytes.
enum JSONText {
    @inline(__always)
    static func append(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// `"key": value, ` with `null` for nil. Keys are the contract's own and need no escaping.
    @inline(__always)
    static func appendField(_ key: StaticString, _ value: String?, _ separator: StaticString, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        append(key, to: &out)
        append("\": ", to: &out)
        if let value { appendString(value, to: &out) } else { append("null", to: &out) }
        append(separator, to: &out)
    }

    /// The string quoted and escaped: `"` `\` and control characters; everything else (all of UTF-8 at and above
    /// U+0020) is copied as is, in runs, as the bytes need no change.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): append("\\\"", to: &out)
                case UInt8(ascii: "\\"): append("\\\\", to: &out)
                case 0x0A: append("\\n", to: &out)
                case 0x0D: append("\\r", to: &out)
                case 0x09: append("\\t", to: &out)
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
