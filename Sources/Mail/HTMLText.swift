/// The readable text of an HTML part, for a message with no text/plain part: tags dropped, `script` and `style`
/// content dropped, block ends as line breaks, the common character references (HTML 5 section 13.5) decoded.
/// Not an HTML parser: it only has to find names and opening ids in prose.
public enum HTMLText {
    public static func text(_ html: String) -> String {
        var out = ""
        var i = html.startIndex
        var skipUntil: String?
        while i < html.endIndex {
            let c = html[i]
            if c == "<" {
                guard let close = html[i...].firstIndex(of: ">") else { break }
                let tag = html[html.index(after: i)..<close].lowercased()
                let name = tag.prefix(while: { $0.isLetter || $0 == "/" })
                if let waiting = skipUntil {
                    if name == "/" + waiting { skipUntil = nil }
                } else if name == "script" || name == "style" {
                    skipUntil = String(name)
                } else if ["br", "p", "/p", "div", "/div", "tr", "/tr", "li", "h1", "h2", "h3", "/h1", "/h2", "/h3"]
                            .contains(String(name)) {
                    out.append("\n")
                } else if name == "td" || name == "th" {
                    out.append(" ")
                }
                i = html.index(after: close)
                continue
            }
            if skipUntil != nil { i = html.index(after: i); continue }
            if c == "&", let semi = html[i...].prefix(12).firstIndex(of: ";") {
                let entity = String(html[html.index(after: i)..<semi])
                if let decoded = reference(entity) {
                    out.append(decoded)
                    i = html.index(after: semi)
                    continue
                }
            }
            out.append(c)
            i = html.index(after: i)
        }
        return out
    }

    private static func reference(_ name: String) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X")
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            return Character(scalar)
        }
    }
}
