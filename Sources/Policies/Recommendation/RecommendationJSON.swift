extension Recommendation {
    /// The contract's JSON object as text, keys in CONTRACT.md's order with explicit `null`s.
    ///
    /// `JSONEncoder` on Linux does not keep the order a custom `encode(to:)` writes keys in, so the queue's
    /// `--format json` should use this (or ``jsonArray(_:pretty:)``) when the order matters to a reader.
    public var json: String {
        var out = ""
        writeJSON(to: &out, indent: nil)
        return out
    }

    /// A JSON array of items in the given order, each object's keys in CONTRACT.md's order.
    /// - Parameter pretty: one key per line, indented, as the examples' `expected-DATE.json` files are.
    public static func jsonArray<S: Sequence>(_ items: S, pretty: Bool = false) -> String where S.Element == Recommendation {
        var out = "["
        var first = true
        for item in items {
            if !first { out += "," }
            first = false
            if pretty { out += "\n " }
            item.writeJSON(to: &out, indent: pretty ? " " : nil)
        }
        if pretty && !first { out += "\n" }
        out += "]"
        return out
    }

    private func writeJSON(to out: inout String, indent: String?) {
        let fields: [(String, String?)] = [
            ("kind", kind.rawValue), ("rule", rule.rawValue), ("actor", actor.rawValue),
            ("candidate", candidate), ("opening", opening), ("client", client),
            ("hiring_manager", hiringManager), ("recruiter", recruiter), ("due", due.description),
            ("deadline", deadline?.description),
        ]
        let separator = indent.map { ",\n" + $0 + " " } ?? ","
        out += indent.map { "{\n" + $0 + " " } ?? "{"
        for (key, value) in fields {
            out += "\"\(key)\": "
            if let value { JSONText.appendString(value, to: &out) } else { out += "null" }
            out += separator
        }
        out += "\"overdue\": \(overdue)" + separator + "\"reason\": "
        JSONText.appendString(reason.description, to: &out)
        out += indent.map { "\n" + $0 + "}" } ?? "}"
    }
}

/// JSON string escaping (RFC 8259).
enum JSONText {
    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
