/// Writing CSV (reading it is CSVHeader's and COPY's): the two places recruit quotes a field, side by side so that
/// they stay one rule. Text for the files people read (the rejects file, the rows `recruit log` imports), bytes for
/// the cells a profile rewrites on their way to COPY.
extension CSVHeader {
    /// RFC 4180 quoting, the one CSV writer's (the rejects file, the rows `recruit log` imports): only when the field
    /// needs it (a comma, a quote, a line break, spaces at either end), or `always`.
    static func quote(_ field: String, always: Bool = false) -> String {
        guard always || field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || field.hasPrefix(" ") || field.hasSuffix(" ") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension ProfileCells {
    /// `text` as a CSV field: quoted when it holds the delimiter, a quote or a line break, or is empty (`""` is an
    /// empty string to COPY; nothing is NULL).
    static func field<Text: Collection<UInt8>>(_ text: Text, delimiter: UInt8) -> [UInt8] {
        let quote = UInt8(ascii: "\"")
        guard text.isEmpty || text.contains(where: { $0 == delimiter || $0 == quote || $0 == 0x0A || $0 == 0x0D }) else {
            return Array(text)
        }
        var out: [UInt8] = [quote]
        for byte in text {
            if byte == quote { out.append(quote) }
            out.append(byte)
        }
        out.append(quote)
        return out
    }

    static func field(_ text: String, delimiter: UInt8) -> [UInt8] { field(Array(text.utf8), delimiter: delimiter) }
}
