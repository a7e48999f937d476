/// One mailbox of an address field: its address and, when one is given, its display name.
public struct Mailbox: Equatable, Sendable, CustomStringConvertible {
    /// `local@domain` as written (trimmed; compare it case-insensitively).
    public let address: String
    /// The display name, RFC 2047 decoded, or nil.
    public let name: String?

    public init(address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    public var description: String { name.map { "\($0) <\(address)>" } ?? address }

    /// The address trimmed and in lower case, as recruit compares e-mails.
    public var key: String { address.trimmingCharactersASCII().lowercased() }

    /// The domain after the last `@`, lower case; nil without one.
    public var domain: String? {
        guard let at = key.lastIndex(of: "@") else { return nil }
        let domain = key[key.index(after: at)...]
        return domain.isEmpty ? nil : String(domain)
    }
}

/// Address lists (RFC 5322 section 3.4): `To: "Doe, Jane" <jane@x.test>, bob@y.test (Bob), Team: a@z.test, b@z.test;`.
public enum AddressList {
    private enum Token {
        case word(String)       // an atom, a dot-atom or a quoted string's content
        case comment(String)    // a comment's text (section 3.2.2)
        case special(Unicode.Scalar)  // < > , : ; (and @ outside atoms)
    }

    /// The mailboxes of an address field, groups flattened (section 3.4: a group's members are its mailboxes, the
    /// group's name is not an address). Obsolete forms of section 4.4 are read: empty list elements, a route before
    /// the address in angle brackets (`<@relay:a@b>`). A mailbox without `@` is dropped.
    public static func parse(_ field: String) -> [Mailbox] {
        var result: [Mailbox] = []
        var phrase: [String] = []
        var comments: [String] = []
        var angle: String?
        var bareAddress = ""

        func finish() {
            defer { phrase = []; comments = []; angle = nil; bareAddress = "" }
            if let angle {
                var address = angle
                if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") {  // obs-route
                    address = String(address[address.index(after: colon)...])
                }
                guard address.contains("@") else { return }
                let name = EncodedWords.decode(phrase.joined(separator: " ")).trimmingCharactersASCII()
                result.append(Mailbox(address: address, name: name.isEmpty ? nil : name))
            } else {
                // An addr-spec alone: its words are local-part "@" domain; a comment may carry the name.
                let address = bareAddress.isEmpty ? phrase.joined() : bareAddress
                guard address.contains("@") else { return }
                let name = comments.last.map { EncodedWords.decode($0).trimmingCharactersASCII() }
                result.append(Mailbox(address: address, name: (name?.isEmpty ?? true) ? nil : name))
            }
        }

        var tokens = tokenize(field)[...]
        while let token = tokens.popFirst() {
            switch token {
            case .word(let w): phrase.append(w)
            case .comment(let c): comments.append(c)
            case .special("<"):
                var inside = ""
                while let t = tokens.popFirst() {
                    if case .special(">") = t { break }
                    switch t {
                    case .word(let w): inside += w
                    case .special(let s): inside.unicodeScalars.append(s)
                    case .comment: break
                    }
                }
                angle = inside
            case .special(":"):
                // A group's display name ends here (section 3.4); what was collected is not a mailbox.
                if angle == nil { phrase = []; comments = [] }
            case .special(","), .special(";"): finish()
            case .special(let s):
                if angle == nil { phrase.append(String(s)) }
            }
        }
        finish()
        return result
    }

    /// Splits on specials, quoted strings (section 3.2.4, with quoted pairs) and nested comments (section 3.2.2).
    private static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let s = Array(text.unicodeScalars)
        var i = 0
        var atom = String.UnicodeScalarView()
        func flush() {
            if !atom.isEmpty { tokens.append(.word(String(atom))); atom = String.UnicodeScalarView() }
        }
        while i < s.count {
            let c = s[i]
            switch c {
            case " ", "\t", "\r", "\n": flush(); i += 1
            case "\"":
                flush()
                var content = String.UnicodeScalarView()
                i += 1
                while i < s.count, s[i] != "\"" {
                    if s[i] == "\\", i + 1 < s.count { i += 1 }
                    if s[i] != "\r" && s[i] != "\n" { content.append(s[i]) }
                    i += 1
                }
                i += 1
                tokens.append(.word(String(content)))
            case "(":
                flush()
                var depth = 1
                var content = String.UnicodeScalarView()
                i += 1
                while i < s.count, depth > 0 {
                    if s[i] == "\\", i + 1 < s.count { i += 1; content.append(s[i]); i += 1; continue }
                    if s[i] == "(" { depth += 1 }
                    if s[i] == ")" { depth -= 1; if depth == 0 { i += 1; break } }
                    content.append(s[i])
                    i += 1
                }
                tokens.append(.comment(String(content)))
            case "<", ">", ",", ":", ";":
                flush()
                tokens.append(.special(c))
                i += 1
            default:
                atom.append(c)
                i += 1
            }
        }
        flush()
        return tokens
    }
}
