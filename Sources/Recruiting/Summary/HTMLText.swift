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

    public func escapeText(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
