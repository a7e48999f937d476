import Mustache

/// The escaping of text shown in an HTML page, for mustache templates: `&`, `<`, `>`, `"` and `'` become
/// `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`, wherever they stand.
///
/// The same entities as mustache's own HTML escaping, but looked for per Unicode scalar rather than per
/// `Character`: a character is a whole grapheme cluster, so `<` after a prepended mark (U+0600 ARABIC NUMBER
/// SIGN, say) or `"` before a combining accent is part of a larger `Character`, which per-`Character` escaping
/// passes through unescaped; a name such as `"\u{600}<img src=x onerror=...` would then open a tag. A template
/// selects it with `{{% CONTENT_TYPE: HTML_TEXT }}` once ``register()`` has run.
public struct HTMLText: MustacheContentType {
    public init() {}

    /// The name templates give it in their `CONTENT_TYPE` pragma.
    public static let name = "HTML_TEXT"

    /// Makes the content type known to mustache's parser, before a template naming it is parsed. Idempotent.
    public static func register() {
        MustacheContentTypes.register(HTMLText(), named: name)
    }

    /// Works on the UTF-8 bytes: the five characters are ASCII, and an ASCII byte in UTF-8 is always a scalar of
    /// its own (never part of a longer sequence), so this is the per-scalar escaping above, without decoding.
    public func escapeText(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 32)
        for byte in bytes {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
