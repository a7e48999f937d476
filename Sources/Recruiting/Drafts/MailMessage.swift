import Foundation

/// A mailbox as a draft names it: a display name and an address, either of which may be unknown.
///
/// An unknown address is never filled with someone else's: a recipient without one is written as an empty RFC 5322
/// group (`"Priya Shah (address unknown)":;`), which every mail program shows by name and none can send to; a
/// sender without one gets an address under the reserved `.invalid` domain (RFC 2606), which no mail can reach.
public struct MailAddress: Sendable, Hashable {
    /// The display name, on one line; nil when unknown.
    public let name: String?
    /// The address; nil when unknown.
    public let address: String?

    public init(name: String?, address: String?) {
        self.name = name.map(\.onOneLine).flatMap { $0.isEmpty ? nil : $0 }
        let trimmed = address?.trimmingCharacters(in: .whitespacesAndNewlines)
        // Only something that looks like an address (one @, no spaces or brackets) is used as one.
        if let trimmed, MailAddress.looksLikeAddress(trimmed) { self.address = trimmed } else { self.address = nil }
    }

    static func looksLikeAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace || "<>()[]\\,;:\"".contains($0) })
            && text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x21 }
    }

    /// The domain of the address, for the Message-ID; nil when there is no address.
    var domain: String? { address.flatMap { $0.split(separator: "@").last.map(String.init) } }
}

/// RFC 5322 / RFC 2047 / RFC 2045 text for a draft's `.eml`: headers encoded as ASCII (non-ASCII display names and
/// subjects as `=?UTF-8?B?...?=` encoded-words, folded under 78 columns), the body in UTF-8 (8bit, or
/// quoted-printable when a line would pass RFC 5322's 998 octets), CRLF line ends.
enum MailFormat {
    /// The whole message.
    static func message(from: MailAddress, to: [MailAddress], subject: String, date: String, messageID: String,
                        body: String) -> [UInt8] {
        var out = ""
        out += fold("From: ", words(mailbox(from, sender: true)))
        let recipients = to.isEmpty ? [group("Recipient (address unknown)")] : to.map { mailbox($0, sender: false) }
        out += fold("To: ", recipients.enumerated().flatMap { index, mailbox in
            words(index < recipients.count - 1 ? mailbox + "," : mailbox)
        })
        out += fold("Subject: ", unstructured(subject))
        out += "Date: \(date)\r\n"
        out += "Message-ID: \(messageID)\r\n"
        out += "MIME-Version: 1.0\r\n"
        out += "Content-Type: text/plain; charset=utf-8\r\n"
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        let long = lines.contains { $0.utf8.count > 998 - 2 }
        out += "Content-Transfer-Encoding: \(long ? "quoted-printable" : "8bit")\r\n"
        out += "X-Unsent: 1\r\n"
        out += "\r\n"
        var bytes = Array(out.utf8)
        var text = lines.joined(separator: "\r\n")
        if !text.hasSuffix("\r\n") { text += "\r\n" }
        bytes += long ? quotedPrintable(text) : Array(text.utf8)
        return bytes
    }

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
    /// (A space before the colon: an encoded-word must end at white space.)
    static func group(_ name: String) -> String { phrase(name) + " :;" }

    /// A display name as an RFC 5322 phrase: plain words as they are, other ASCII as a quoted string, anything else
    /// as encoded-words (each a whole number of characters, so each decodes alone).
    static func phrase(_ text: String) -> String {
        let clean = text.onOneLine
        if clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) {
            let atext = clean.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || " !#$%&'*+-/=?^_`{|}~".unicodeScalars.contains($0)
            }
            if atext && !clean.isEmpty { return clean }
            return "\"" + clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return encodedWords(clean).joined(separator: " ")
    }

    /// Words of an unstructured header (Subject): as they are in printable ASCII, else encoded-words.
    static func unstructured(_ text: String) -> [String] {
        let clean = text.onOneLine
        if clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }),
           !clean.contains("=?") {
            return clean.split(separator: " ").map(String.init)
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
    /// gives the space back).
    static func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    /// `name` and `words` as header lines folded before a word that would pass 76 columns.
    static func fold(_ name: String, _ words: [String]) -> String {
        var out = name
        var column = name.count
        for (index, word) in words.enumerated() {
            if index > 0 {
                if column + 1 + word.count > 76 {
                    out += "\r\n "
                    column = 1
                } else {
                    out += " "
                    column += 1
                }
            }
            out += word
            column += word.count
        }
        return out + "\r\n"
    }

    /// RFC 2045 quoted-printable of `text` (CRLF line ends kept as hard line breaks).
    static func quotedPrintable(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        for (index, line) in text.components(separatedBy: "\r\n").enumerated() {
            if index > 0 { out += [0x0D, 0x0A] }
            var column = 0
            let bytes = Array(line.utf8)
            for (position, byte) in bytes.enumerated() {
                let last = position == bytes.count - 1
                let plain = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !last)
                let width = plain ? 1 : 3
                if column + width > 75 {
                    out += [61, 0x0D, 0x0A]
                    column = 0
                }
                if plain { out.append(byte) } else { out += [61, hex[Int(byte >> 4)], hex[Int(byte & 15)]] }
                column += width
            }
        }
        return out
    }

    /// RFC 5322's date-time for 09:00 on `day` in `timeZone`: `Fri, 20 Nov 2026 09:00:00 +0100`.
    static func date(_ day: (year: Int, month: Int, day: Int, weekday: Int), timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let instant = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 9)) ?? Date()
        let offset = timeZone.secondsFromGMT(for: instant) / 60
        let sign = offset < 0 ? "-" : "+"
        let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.weekday - 1]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][day.month - 1]
        return String(format: "%@, %02d %@ %04d 09:00:00 %@%02d%02d", weekday, day.day, month, day.year, sign,
                      abs(offset) / 60, abs(offset) % 60)
    }

    /// A stable 128-bit hexadecimal digest of `text` (two FNV-1a hashes), for Message-IDs: the same draft on the
    /// same day gets the same id, and no personal data shows in it.
    static func digest(_ text: String) -> String {
        var a: UInt64 = 0xcbf29ce484222325, b: UInt64 = 0x84222325cbf29ce4
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x100000001b3
            b = (b ^ UInt64(byte)) &* 0x100000001b3 &+ 0x9e3779b97f4a7c15
        }
        return String(a, radix: 16) + String(b, radix: 16)
    }
}
