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

    /// As a person reads it: `Name <address>`, or the one that is known, "(address unknown)" for a missing address.
    public var shown: String {
        switch (name, address) {
        case (let name?, let mail?): return "\(name) <\(mail)>"
        case (nil, let mail?): return mail
        case (let name?, nil): return "\(name) (address unknown)"
        case (nil, nil): return "(address unknown)"
        }
    }

    public init(name: String?, address: String?) {
        self.name = name.map(\.onOneLine).flatMap { $0.isEmpty ? nil : $0 }
        let trimmed = address?.onOneLine
        // Only something that looks like an address (one @, no spaces or brackets) is used as one.
        if let trimmed, MailAddress.looksLikeAddress(trimmed) { self.address = trimmed } else { self.address = nil }
    }

    static func looksLikeAddress(_ text: String) -> Bool {
        var ats = 0, atIndex = -1, dotAfterAt = false, count = 0
        for byte in text.utf8 {
            // Printable ASCII without spaces and without the characters that delimit addresses.
            guard byte >= 0x21 && byte < 0x7F else { return false }
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
                 UInt8(ascii: "]"), UInt8(ascii: "\\"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
                 UInt8(ascii: "\""):
                return false
            case UInt8(ascii: "@"):
                ats += 1
                atIndex = count
            case UInt8(ascii: "."):
                if ats == 1 { dotAfterAt = true }
            default: break
            }
            count += 1
        }
        return ats == 1 && atIndex > 0 && dotAfterAt
    }

    /// The domain of the address, for the Message-ID; nil when there is no address.
    var domain: String? {
        // An address has one `@` and a domain after it (`looksLikeAddress`).
        // By bytes: `@` is one byte in UTF-8 and the address is ASCII.
        address.flatMap { address in
            address.utf8.lastIndex(of: UInt8(ascii: "@")).map { String(address.utf8[address.utf8.index(after: $0)...])! }
        }
    }
}

/// RFC 5322 / RFC 2047 / RFC 2045 text for a draft's `.eml`: headers encoded as ASCII (non-ASCII display names and
/// subjects as `=?UTF-8?B?...?=` encoded-words, folded under 78 columns), the body in UTF-8 (8bit, or
/// quoted-printable when a line would pass RFC 5322's 998 octets), CRLF line ends.
enum MailFormat {
    /// The whole message, written as bytes (a whole agency's queue makes hundreds of thousands): the headers folded
    /// as ``fold(_:_:)`` folds ``words(_:)``, the body's lines (CR, LF and CRLF all end one) each ending in CRLF.
    static func message(from: MailAddress, to: [MailAddress], subject: String, date: String, messageID: String,
                        body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + body.count / 16 + 400)
        addresses(from: from, to: to, into: &out)
        var header = Folded(name: "Subject: ", into: &out)
        let clean = subject.onOneLine
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !marksEncodedWord(clean) {
            header.text(clean, into: &out)
        } else {
            for word in encodedWords(clean) { header.text(word, into: &out) }
        }
        header.end(into: &out)
        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: date.utf8)
        out.append(contentsOf: "\r\nMessage-ID: ".utf8)
        out.append(contentsOf: messageID.utf8)
        out.append(contentsOf: "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n".utf8)
        // The body's lines are written as they are, and taken back for quoted-printable if one passes RFC 5322's
        // 998 octets (the longest line settles the transfer encoding, written before the body).
        let headers = out.count
        out.append(contentsOf: "Content-Transfer-Encoding: 8bit\r\nX-Unsent: 1\r\n\r\n".utf8)
        if appendLines(body, into: &out) > 998 - 2 {
            out.removeSubrange(headers...)
            out.append(contentsOf: "Content-Transfer-Encoding: quoted-printable\r\nX-Unsent: 1\r\n\r\n".utf8)
            out += quotedPrintable(lines(body))
        }
        return out
    }

    /// The From and To fields, folded.
    private static func addresses(from: MailAddress, to: [MailAddress], into out: inout [UInt8]) {
        var header = Folded(name: "From: ", into: &out)
        header.text(mailbox(from, sender: true), into: &out)
        header.end(into: &out)
        header = Folded(name: "To: ", into: &out)
        if to.isEmpty {
            header.text(group("Recipient (address unknown)"), into: &out)
        } else {
            for (index, recipient) in to.enumerated() {
                let mailbox = mailbox(recipient, sender: false)
                header.text(index < to.count - 1 ? mailbox + "," : mailbox, into: &out)
            }
        }
        header.end(into: &out)
    }

    /// `body`'s lines appended as they are, each ending in CRLF (CR, LF and CRLF each end one).
    /// - Returns: the length of the longest line, in bytes.
    private static func appendLines(_ body: [UInt8], into out: inout [UInt8]) -> Int {
        body.withUnsafeBufferPointer { body in
            var start = 0, index = 0, longest = 0
            while index < body.count {
                let byte = body[index]
                if byte == 0x0A || byte == 0x0D {
                    longest = max(longest, index - start)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: body[start..<index]))
                    out.append(0x0D)
                    out.append(0x0A)
                    if byte == 0x0D && index + 1 < body.count && body[index + 1] == 0x0A { index += 1 }
                    start = index + 1
                }
                index += 1
            }
            if start < body.count {
                longest = max(longest, body.count - start)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: body[start...]))
                out.append(0x0D)
                out.append(0x0A)
            }
            return longest
        }
    }

    /// The whole message of a body given as text.
    static func message(from: MailAddress, to: [MailAddress], subject: String, date: String, messageID: String,
                        body: String) -> [UInt8] {
        message(from: from, to: to, subject: subject, date: date, messageID: messageID, body: Array(body.utf8))
    }

    /// `bytes` cut into lines: CR, LF and CRLF each end one; the text after the last line break is a line unless
    /// it is empty.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0, index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(bytes[start..<index])
                if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        return lines
    }

    /// A header being written word by word: what ``fold(_:_:)`` writes for the ``words(_:)`` of the texts given, one
    /// after another, without making them.
    struct Folded {
        private var column: Int
        private var first = true

        init(name: String, into out: inout [UInt8]) {
            out.append(contentsOf: name.utf8)
            column = name.utf8.count
        }

        /// The words of `text` (split at its spaces), each folded before when it would pass 76 columns.
        mutating func text(_ text: String, into out: inout [UInt8]) {
            var text = text
            text.withUTF8 { bytes in
                var start = 0
                for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x20 {
                    if index > start { word(UnsafeBufferPointer(rebasing: bytes[start..<index]), into: &out) }
                    start = index + 1
                }
            }
        }

        private mutating func word(_ word: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
            // Columns of ASCII words (every header word here) are bytes.
            let width = word.allSatisfy { $0 < 0x80 } ? word.count : String(decoding: word, as: UTF8.self).count
            if !first {
                if column + 1 + width > 76 {
                    out.append(0x0D)
                    out.append(0x0A)
                    out.append(0x20)
                    column = 1
                } else {
                    out.append(0x20)
                    column += 1
                }
            }
            first = false
            out.append(contentsOf: word)
            column += width
        }

        func end(into out: inout [UInt8]) {
            out.append(0x0D)
            out.append(0x0A)
        }
    }

    /// RFC 2045 quoted-printable of `lines`, each ending in a hard line break (CRLF).
    static func quotedPrintable(_ lines: [ArraySlice<UInt8>]) -> [UInt8] {
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        for line in lines {
            var column = 0
            for (position, byte) in line.enumerated() {
                let last = position == line.count - 1
                let plain = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !last)
                let width = plain ? 1 : 3
                if column + width > 75 {
                    out += [61, 0x0D, 0x0A]
                    column = 0
                }
                if plain { out.append(byte) } else { out += [61, hex[Int(byte >> 4)], hex[Int(byte & 15)]] }
                column += width
            }
            out += [0x0D, 0x0A]
        }
        return out
    }

    /// RFC 5322's date-time for 09:00 on `day` in `timeZone`: `Fri, 20 Nov 2026 09:00:00 +0100`.
    /// (The instant is worked out from the day's number, without a `Calendar`: making one costs a command that
    /// drafts a few messages more than the drafts.)
    static func date(_ day: (year: Int, month: Int, day: Int, weekday: Int), epochDay: Int, timeZone: TimeZone) -> String {
        let nineUTC = epochDay * 86_400 + 9 * 3_600
        // 09:00 local is 09:00 UTC less the offset; the offset at that instant settles it (09:00 is hours away
        // from any change of clocks).
        var offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(nineUTC)))
        offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(nineUTC - offset)))
        let minutes = abs(offset) / 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.weekday - 1]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][day.month - 1]
        return "\(weekday), \(two(day.day)) \(month) \(day.year) 09:00:00 \(offset < 0 ? "-" : "+")\(two(minutes / 60))\(two(minutes % 60))"
    }
}
