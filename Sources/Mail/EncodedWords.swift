/// RFC 2047 encoded words in header text: `=?charset?B?...?=` and `=?charset?Q?...?=`.
public enum EncodedWords {
    /// `text` with its encoded words decoded (RFC 2047 sections 4 and 5). White space between two adjacent encoded
    /// words is dropped (section 6.2); an encoded word in an unknown charset, or one that does not decode, is left as
    /// it is written (section 6.3). An RFC 2231 language tag (`charset*lang`) is ignored.
    public static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var pendingSpace = String.UnicodeScalarView()  // white space after an encoded word, kept unless another follows
        var afterEncoded = false
        var i = 0
        while i < scalars.count {
            if scalars[i] == "=", i + 1 < scalars.count, scalars[i + 1] == "?",
               let (decoded, end) = word(scalars, at: i) {
                if !afterEncoded { out.append(contentsOf: pendingSpace) }
                pendingSpace = String.UnicodeScalarView()
                out.append(contentsOf: decoded.unicodeScalars)
                afterEncoded = true
                i = end
                continue
            }
            let s = scalars[i]
            if afterEncoded && (s == " " || s == "\t" || s == "\r" || s == "\n") {
                pendingSpace.append(s)
            } else {
                out.append(contentsOf: pendingSpace)
                pendingSpace = String.UnicodeScalarView()
                afterEncoded = false
                out.append(s)
            }
            i += 1
        }
        out.append(contentsOf: pendingSpace)
        return String(out)
    }

    /// The encoded word starting at `start` (`=?`), decoded, and the index after its `?=`.
    private static func word(_ s: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        // =?charset?encoding?text?=  (section 2; no white space inside; at most 75 characters, not enforced)
        var i = start + 2
        var charset = ""
        while i < s.count, s[i] != "?" {
            if s[i] == " " || s[i] == "\t" { return nil }
            charset.unicodeScalars.append(s[i])
            i += 1
        }
        guard i + 3 < s.count, s[i + 2] == "?" else { return nil }
        let encoding = s[i + 1]
        i += 3
        let textStart = i
        while i + 1 < s.count, !(s[i] == "?" && s[i + 1] == "=") {
            if s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i].value > 0x7E { return nil }
            i += 1
        }
        guard i + 1 < s.count else { return nil }
        let payload = s[textStart..<i].map { UInt8(truncatingIfNeeded: $0.value) }
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let bytes: [UInt8]?
        switch encoding {
        case "B", "b": bytes = TransferEncoding.base64(payload)
        case "Q", "q":
            // Section 4.2: "_" is a space, "=XX" a byte.
            var out: [UInt8] = []
            var j = 0
            while j < payload.count {
                let c = payload[j]
                if c == UInt8(ascii: "_") { out.append(32); j += 1; continue }
                if c == UInt8(ascii: "="), j + 2 < payload.count,
                   let hi = TransferEncoding.hex(payload[j + 1]), let lo = TransferEncoding.hex(payload[j + 2]) {
                    out.append(hi << 4 | lo)
                    j += 3
                    continue
                }
                out.append(c)
                j += 1
            }
            bytes = out
        default: bytes = nil
        }
        guard let bytes, let text = Charset.decode(bytes, charset: charset) else { return nil }
        return (text, i + 2)
    }
}
