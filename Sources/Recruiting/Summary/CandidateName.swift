import Foundation

/// How a candidate is named in a client-facing summary.
///
/// The client has met these people (they were submitted with a CV, most were interviewed), so the summary uses the
/// name the client knows: first and last name in full. The e-mail address and phone number are never shown. With
/// no name on file, the e-mail's local part stands in as a name ("dev.patel@..." becomes "Dev Patel"), so the
/// address itself never reaches the client. A forgotten person (`recruit forget`) is "A former candidate".
package enum CandidateName {
    /// The display name: "First Last", else the one given, else a name made from the e-mail's local part.
    package static func display(first: String?, last: String?, email: String) -> String {
        if Erasure.isPlaceholder(email) { return "A former candidate" }
        let parts = [first, last].compactMap { $0?.onOneLine }.filter { !$0.isEmpty }
        if !parts.isEmpty { return parts.joined(separator: " ") }
        let local = email.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let words = local.split { !$0.isLetter }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return words.isEmpty ? "Unnamed candidate" : words.joined(separator: " ")
    }
}

extension String {
    /// Trimmed, each run of white space (line breaks included, which would break a rendered line) one space: a
    /// stored name or title as a line of text shows it.
    public var onOneLine: String {
        // Most names and titles are one line already: one pass over the bytes says so (the queue shows one per item).
        var previous: UInt8 = 0x20
        var tidy = true
        for byte in utf8 {
            // Control characters, a space first or after a space, and the lead bytes of Unicode's other spaces
            // (U+0085, U+00A0, U+1680, U+2000-U+205F, U+3000): look closer.
            if byte < 0x20 || byte == 0x7F || (byte == 0x20 && previous == 0x20) || byte == 0xC2 || byte == 0xE1
                || byte == 0xE2 || byte == 0xE3 {
                tidy = false
                break
            }
            previous = byte
        }
        if tidy && previous != 0x20 { return self }
        return split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
