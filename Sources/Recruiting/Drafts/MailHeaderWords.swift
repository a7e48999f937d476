import Foundation

/// A draft's header fields as RFC 5322 words: mailboxes and groups, phrases quoted or encoded (RFC 2047) as needed,
/// unstructured text in encoded words, lines folded before a word that would pass 76 columns.
extension MailFormat {
    /// A mailbox as address-list words: `Name <a@b>`, the name quoted or encoded as needed. A recipient without an
    /// address is an empty group; a sender without one gets `unknown-sender@recruit.invalid`.
    static func mailbox(_ mailbox: MailAddress, sender: Bool) -> String {
        guard let address = mailbox.address else {
            if sender { return phrase(mailbox.name ?? "Sender unknown") + " <unknown-sender@recruit.invalid>" }
            return group((mailbox.name ?? "Recipient") + " (address unknown)")
        }
        guard let name = mailbox.name else { return address }
        return phrase(name) + " <" + address + ">"
    }

    /// An empty group named `name`: `Name:;`.
    /// The note is a quoted string of its own, so that a long name's encoded-words do not grow by it. (A space
    /// before the colon: an encoded-word must end at white space.)
    static func group(_ name: String) -> String {
        let suffix = " (address unknown)"
        guard name.hasSuffix(suffix) else { return phrase(name) + " :;" }
        return phrase(String(name.dropLast(suffix.count))) + " \"(address unknown)\" :;"
    }

    /// A display name as an RFC 5322 phrase: plain words as they are, other ASCII as a quoted string, anything else
    /// as encoded-words (each a whole number of characters, so each decodes alone).
    ///
    /// Runs of words in printable ASCII and runs of other words are written apart (the space between an
    /// encoded-word and a quoted string is kept by every reader), so only a run of other words longer than one
    /// encoded-word holds is split into several, whose joins RFC 2047 readers close up. (Python's address parser,
    /// up to 3.11 at least, keeps a space at such a join; a name of up to 45 bytes in UTF-8 is one word.)
    static func phrase(_ text: String) -> String {
        if isPlainPhrase(text) { return text }
        let clean = text.onOneLine
        func printable(_ word: Substring) -> Bool {
            word.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F } && !marksEncodedWord(word)
        }
        var runs: [(ascii: Bool, words: [Substring])] = []
        for word in clean.split(separator: " ") {
            let ascii = printable(word)
            if let last = runs.last, last.ascii == ascii { runs[runs.count - 1].words.append(word) } else { runs.append((ascii, [word])) }
        }
        guard !runs.isEmpty else { return "\"\"" }
        return runs.map { run in
            let text = run.words.joined(separator: " ")
            guard run.ascii else { return encodedWords(text).joined(separator: " ") }
            let atext = text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || " !#$%&'*+-/=?^_`{|}~".unicodeScalars.contains($0)
            }
            if atext { return text }
            var quoted = "\""
            for character in text {
                if character == "\\" || character == "\"" { quoted.append("\\") }
                quoted.append(character)
            }
            return quoted + "\""
        }.joined(separator: " ")
    }

    /// Whether `phrase` gives `text` as it is: words of letters, digits and atext's other characters but `=` and
    /// `?`, one space apart, no space first or last (most names), found in one pass over the bytes.
    static func isPlainPhrase(_ text: String) -> Bool {
        var previous: UInt8 = 0x20
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"),
                 UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                 UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
                 UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
                break
            case 0x20:
                if previous == 0x20 { return false }
            default:
                return false
            }
            previous = byte
        }
        return previous != 0x20
    }

    /// Whether `text` holds `=?`, which would read as the start of an encoded-word.
    static func marksEncodedWord<Text: StringProtocol>(_ text: Text) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?") { return true }
            previous = byte
        }
        return false
    }

    /// Words of an unstructured header (Subject): as they are in printable ASCII, else encoded-words.
    static func unstructured(_ text: String) -> [String] {
        let clean = text.onOneLine
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !marksEncodedWord(clean) {
            return words(clean)
        }
        return encodedWords(clean)
    }

    /// `=?UTF-8?B?...?=` words of at most 75 characters, each holding whole characters (RFC 2047 section 5).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            // 45 bytes make 60 base64 characters: 72 with the markers.
            if chunk.count + bytes.count > 45 { flush() }
            chunk += bytes
        }
        flush()
        return words.isEmpty ? ["=?UTF-8?B??="] : words
    }

    /// A header value split at its spaces, the places it may be folded (inside a quoted string too: unfolding
    /// gives the space back). Header values are ASCII here (encoded-words, quoted strings, addresses), so they are
    /// split by bytes, as `split(separator: " ")` would split them.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var utf8 = text.utf8[...]
        while let space = utf8.firstIndex(of: 0x20) {
            if space > utf8.startIndex { words.append(String(decoding: utf8[..<space], as: UTF8.self)) }
            utf8 = utf8[utf8.index(after: space)...]
        }
        if !utf8.isEmpty { words.append(String(decoding: utf8, as: UTF8.self)) }
        return words
    }

    /// `name` and `words` as header lines folded before a word that would pass 76 columns.
    static func fold(_ name: String, _ words: [String]) -> String {
        var out = name
        var column = name.utf8.count
        for (index, word) in words.enumerated() {
            // Columns of ASCII words (every header word here) are bytes.
            let width = word.utf8.allSatisfy { $0 < 0x80 } ? word.utf8.count : word.count
            if index > 0 {
                if column + 1 + width > 76 {
                    out += "\r\n "
                    column = 1
                } else {
                    out += " "
                    column += 1
                }
            }
            out += word
            column += width
        }
        return out + "\r\n"
    }
}
