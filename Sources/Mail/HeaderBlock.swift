/// One header field (RFC 5322 section 2.2): its name as written and its value unfolded.
public struct HeaderField: Equatable, Sendable {
    public let name: String
    /// The value with folding undone (section 2.2.3: a line break followed by white space is that white space),
    /// leading and trailing white space trimmed, not RFC 2047 decoded.
    public let value: String

    /// Whether the field's name is `name`, compared as RFC 5322 compares names (ASCII, case-insensitive).
    public func isNamed(_ name: String) -> Bool {
        var a = self.name.utf8.makeIterator()
        var b = name.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case let (x?, y?):
                if x == y { continue }
                let lx = x >= 65 && x <= 90 ? x + 32 : x, ly = y >= 65 && y <= 90 ? y + 32 : y
                if lx != ly { return false }
            default: return false
            }
        }
    }
}

/// Reading a header block: the fields, and where the body starts.
enum HeaderBlock {
    /// Reads the fields from `start` up to the blank line (RFC 5322 section 2.1). A line that is not a field ends the
    /// block too, when fields came before it (mailers that forget the blank line); as the first line, it means the
    /// input is not a message. Lines end in LF or CRLF.
    /// - Returns: the fields and the index of the body's first byte.
    /// - Throws: ``MailError`` `.noHeader`, or `.headerTooLarge` when the block is longer than `limits.headerBytes`.
    static func read(_ bytes: ArraySlice<UInt8>, limits: Limits) throws(MailError) -> ([HeaderField], Int) {
        var fields: [HeaderField] = []
        var i = bytes.startIndex
        let end = bytes.endIndex
        let budgetEnd = bytes.startIndex + limits.headerBytes
        var fieldStart = -1, fieldColon = -1, fieldEnd = -1

        func flush() {
            guard fieldStart >= 0 else { return }
            fields.append(field(bytes, name: fieldStart..<fieldColon, value: (fieldColon + 1)..<fieldEnd))
            fieldStart = -1
        }

        while i < end {
            if i > budgetEnd { throw MailError(.headerTooLarge(limit: limits.headerBytes), at: bytes.startIndex) }
            // One line: [i, lineEnd) without its LF; next is after the LF.
            let searchEnd = min(end, budgetEnd + 2)
            var lineEnd = i
            while lineEnd < searchEnd, bytes[lineEnd] != 10 { lineEnd += 1 }
            if lineEnd == searchEnd, searchEnd < end {
                throw MailError(.headerTooLarge(limit: limits.headerBytes), at: bytes.startIndex)
            }
            let next = lineEnd < end ? lineEnd + 1 : lineEnd
            var contentEnd = lineEnd
            if contentEnd > i, bytes[contentEnd - 1] == 13 { contentEnd -= 1 }
            if contentEnd == i {  // the blank line
                flush()
                return (fields, next)
            }
            let first = bytes[i]
            if first == 32 || first == 9 {
                guard fieldStart >= 0 else { throw MailError(.noHeader, at: i) }
                fieldEnd = contentEnd  // a continuation line: the field goes on
                i = next
                continue
            }
            // field-name = 1*ftext (printable US-ASCII but ":"), obsolete white space before the colon (4.5).
            var colon = i
            while colon < contentEnd, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
            var nameEnd = colon
            while nameEnd > i, bytes[nameEnd - 1] == 32 || bytes[nameEnd - 1] == 9 { nameEnd -= 1 }
            let isField = colon < contentEnd && nameEnd > i && bytes[i..<nameEnd].allSatisfy { $0 > 32 && $0 < 127 }
            if !isField {
                if fields.isEmpty && fieldStart < 0 { throw MailError(.noHeader, at: i) }
                flush()
                return (fields, i)
            }
            flush()
            fieldStart = i
            fieldColon = colon
            fieldEnd = contentEnd
            i = next
        }
        flush()
        if fields.isEmpty { throw MailError(.noHeader, at: bytes.startIndex) }
        return (fields, end)
    }

    private static func field(_ bytes: ArraySlice<UInt8>, name: Range<Int>, value: Range<Int>) -> HeaderField {
        var nameEnd = name.upperBound
        while nameEnd > name.lowerBound, bytes[nameEnd - 1] == 32 || bytes[nameEnd - 1] == 9 { nameEnd -= 1 }
        let nameText = String(decoding: bytes[name.lowerBound..<nameEnd], as: UTF8.self)
        // Unfold: drop CR and LF (each is followed by white space inside a field).
        var raw: [UInt8] = []
        raw.reserveCapacity(value.count)
        for b in bytes[value] where b != 10 && b != 13 { raw.append(b) }
        return HeaderField(name: nameText, value: Charset.headerText(raw).trimmingCharactersASCII())
    }
}

/// A MIME header's value and parameters (RFC 2045 section 5.1): `text/plain; charset="utf-8"`.
public struct HeaderParameters: Equatable, Sendable {
    /// The value before the first `;`, lower case (`text/plain`, `attachment`).
    public let value: String
    /// Parameters by lower-case name; quoted strings unquoted.
    public let parameters: [String: String]

    public init(_ text: String) {
        let parts = Self.split(text)
        value = parts[0].trimmingCharactersASCII().lowercased()
        var parameters: [String: String] = [:]
        // RFC 2231: `name*=charset'language'%XX...` (section 4) and continuations `name*0=`, `name*1*=`...
        // (section 3), joined in their order; the charset is the first section's.
        var sections: [String: [Section]] = [:]
        for part in parts.dropFirst() {
            guard let eq = part.firstIndex(of: "=") else { continue }
            let name = String(part[..<eq]).trimmingCharactersASCII().lowercased()
            var v = String(part[part.index(after: eq)...]).trimmingCharactersASCII()
            let quoted = v.count >= 2 && v.hasPrefix("\"") && v.hasSuffix("\"")
            if quoted { v = String(v.dropFirst().dropLast()) }
            guard !name.isEmpty else { continue }
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                var rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                if rest.hasSuffix("*") { rest = rest.dropLast() }
                guard !base.isEmpty, let index = rest.isEmpty ? 0 : Int(rest) else { continue }
                sections[base, default: []].append((index, encoded && !quoted, v))
                continue
            }
            if parameters[name] == nil { parameters[name] = v }
        }
        for (name, parts) in sections {
            if let joined = Self.joined(parts) { parameters[name] = joined }
        }
        self.parameters = parameters
    }

    /// One RFC 2231 section of a parameter: its number, whether it is percent-encoded, its text.
    private typealias Section = (index: Int, encoded: Bool, value: String)

    /// The value and its parameters, split at each `;` outside a quoted string (quotes kept, escapes removed).
    private static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for c in text {
            if escaped { current.append(c); escaped = false; continue }
            if quoted && c == "\\" { escaped = true; continue }
            if c == "\"" { quoted.toggle(); current.append(c); continue }
            if c == ";" && !quoted { parts.append(current); current = ""; continue }
            current.append(c)
        }
        parts.append(current)
        return parts
    }

    /// A parameter's sections joined in order up to the first gap and decoded in the first section's charset; nil
    /// without a section 0.
    private static func joined(_ parts: [Section]) -> String? {
        let ordered = parts.sorted { $0.index < $1.index }
        guard ordered.first?.index == 0 else { return nil }
        var charset = "us-ascii"
        var bytes: [UInt8] = []
        for (k, section) in ordered.enumerated() where section.index == k {  // stop at a gap
            var value = Substring(section.value)
            if section.encoded {
                if k == 0 {
                    // charset'language'value: the charset and language may be empty.
                    let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 {
                        if !pieces[0].isEmpty { charset = String(pieces[0]) }
                        value = pieces[2]
                    }
                }
                bytes += Self.percentDecoded(value)
            } else {
                bytes += Array(value.utf8)
            }
        }
        // A charset recruit does not read keeps the text as UTF-8 (it is most often ASCII).
        return Charset.decode(bytes, charset: charset) ?? Charset.decode(bytes, charset: "utf-8")!
    }

    /// `%XX` to its byte; any other character as its UTF-8 bytes (RFC 2231 section 4, RFC 2045's token).
    static func percentDecoded(_ text: Substring) -> [UInt8] {
        let b = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == 37, i + 2 < b.count, let hi = TransferEncoding.hex(b[i + 1]), let lo = TransferEncoding.hex(b[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }
}
