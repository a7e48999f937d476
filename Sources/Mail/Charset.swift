/// Bytes in a MIME charset (RFC 2046 section 4.1.2, names per the IANA registry) to text.
public enum Charset {
    /// The charsets read exactly; any other name is `nil` from ``decode(_:charset:)``.
    public static func isKnown(_ name: String) -> Bool { kind(of: name) != nil }

    private enum Kind { case utf8, latin1, latin9, windows1252, utf16, utf16be, utf16le }

    private static func kind(of name: String) -> Kind? {
        switch name.lowercased().trimmingCharactersASCII() {
        case "utf-8", "utf8": return .utf8
        // US-ASCII text with 8-bit bytes is common in the wild; read it as UTF-8 (ASCII is its subset).
        case "us-ascii", "ascii", "ansi_x3.4-1968", "": return .utf8
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1": return .latin1
        case "iso-8859-15", "iso8859-15", "latin-9", "latin9", "iso_8859-15": return .latin9
        case "windows-1252", "cp1252", "x-cp1252": return .windows1252
        // RFC 2781: UTF-16 with a byte order mark, else big-endian; -BE and -LE have none.
        case "utf-16", "utf16": return .utf16
        case "utf-16be", "utf16be": return .utf16be
        case "utf-16le", "utf16le": return .utf16le
        default: return nil
        }
    }

    /// The text of `bytes` in `charset`; nil when the charset is not one of the known ones. Invalid UTF-8 becomes
    /// U+FFFD; NUL and other C0 controls but tab and line breaks are dropped (they have no place in mail text,
    /// RFC 5322 section 2.2, and PostgreSQL's text refuses NUL).
    public static func decode<C: Collection>(_ bytes: C, charset: String) -> String? where C.Element == UInt8 {
        guard let kind = kind(of: charset) else { return nil }
        var scalars = String.UnicodeScalarView()
        switch kind {
        case .utf8:
            let text = String(decoding: bytes, as: UTF8.self)
            return hasControls(bytes) ? clean(text) : text
        case .latin1:
            for b in bytes { scalars.append(Unicode.Scalar(b)) }
        case .latin9:
            for b in bytes { scalars.append(Unicode.Scalar(latin9[b] ?? UInt32(b))!) }
        case .windows1252:
            for b in bytes {
                if b >= 0x80, b <= 0x9F { scalars.append(Unicode.Scalar(cp1252[Int(b) - 0x80])!) }
                else { scalars.append(Unicode.Scalar(b)) }
            }
        case .utf16, .utf16be, .utf16le:
            var b = Array(bytes)
            var bigEndian = kind != .utf16le
            if kind == .utf16, b.count >= 2 {
                if b[0] == 0xFF, b[1] == 0xFE { bigEndian = false; b.removeFirst(2) }
                else if b[0] == 0xFE, b[1] == 0xFF { b.removeFirst(2) }
            }
            var units: [UInt16] = []
            units.reserveCapacity(b.count / 2)
            var i = 0
            while i + 1 < b.count {
                units.append(bigEndian ? UInt16(b[i]) << 8 | UInt16(b[i + 1]) : UInt16(b[i + 1]) << 8 | UInt16(b[i]))
                i += 2
            }
            if i < b.count { units.append(0xFFFD) }  // an odd byte at the end
            return clean(String(decoding: units, as: UTF16.self))
        }
        return clean(String(scalars))
    }

    /// Header text (RFC 6532 allows UTF-8 in fields): UTF-8 when it is valid, else each byte as ISO-8859-1.
    static func headerText<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let text = String(validating: bytes, as: UTF8.self) { return hasControls(bytes) ? clean(text) : text }
        var scalars = String.UnicodeScalarView()
        for b in bytes { scalars.append(Unicode.Scalar(b)) }
        return clean(String(scalars))
    }

    /// Whether `bytes` hold a C0 control other than tab and line breaks (in UTF-8, only as that very byte).
    static func hasControls<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        let found = bytes.withContiguousStorageIfAvailable { buffer -> Bool in
            // Eight bytes at a time: only a word holding a byte under 0x20 (most often a line break) is looked at
            // byte by byte ((x - 0x20 each) & ~x & 0x80 each is not zero exactly then).
            let count = buffer.count
            var i = 0
            if let base = buffer.baseAddress {
                let raw = UnsafeRawPointer(base)
                while i + 8 <= count {
                    let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    if (x &- 0x2020_2020_2020_2020) & ~x & 0x8080_8080_8080_8080 != 0 {
                        for k in i..<(i + 8) {
                            let b = buffer[k]
                            if b < 0x20 && b != 9 && b != 10 && b != 13 { return true }
                        }
                    }
                    i += 8
                }
            }
            while i < count {
                let b = buffer[i]
                if b < 0x20 && b != 9 && b != 10 && b != 13 { return true }
                i += 1
            }
            return false
        }
        return found ?? bytes.contains { $0 < 0x20 && $0 != 9 && $0 != 10 && $0 != 13 }
    }

    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" })
        else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars where !(s.value < 0x20 && s != "\t" && s != "\n" && s != "\r") { out.append(s) }
        return String(out)
    }

    private static let latin9: [UInt8: UInt32] = [
        0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178,
    ]
    // Windows-1252 0x80...0x9F (the five unassigned positions map to the same C1 code point, as WHATWG does).
    private static let cp1252: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks (Mail has no Foundation).
    func trimmingCharactersASCII() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !Self.isSpace($0) })!
        return String(scalars[first...last])
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\r" || s == "\n" }
}
