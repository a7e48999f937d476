/// One parsed message (RFC 5322 with MIME, RFC 2045-2049): the fields recruit reads, the first text part and the
/// calendar parts. Everything else of the body is looked at only to find those, and not kept.
public struct Message: Sendable {
    public let fields: [HeaderField]
    /// The first `text/plain` part that is not an attachment, decoded; else the text of the first `text/html` part;
    /// nil when there is neither.
    public let text: String?
    /// The events of every `text/calendar` part (and `application/ics` attachment).
    public let events: [CalendarEvent]
    /// Parts whose charset is not one `Charset` reads (their text was read as UTF-8, unknown bytes as U+FFFD).
    public let unknownCharsets: [String]

    /// The first field named `name` (case-insensitive), unfolded.
    public func field(_ name: String) -> String? { Self.field(name, in: fields) }

    /// The first field of `fields` named `name` (ASCII case-insensitive, as field names are), unfolded.
    public static func field(_ name: String, in fields: [HeaderField]) -> String? {
        fields.first { $0.isNamed(name) }?.value
    }

    /// Subject, RFC 2047 decoded (section 3.6.5).
    public var subject: String? { field("Subject").map(EncodedWords.decode) }
    /// From, To and Cc (section 3.6.2, 3.6.3); every field of the name (a message may repeat To).
    public var from: [Mailbox] { mailboxes("From") }
    public var to: [Mailbox] { mailboxes("To") }
    public var cc: [Mailbox] { mailboxes("Cc") }
    /// The Date field (section 3.6.1); nil when absent or not a date.
    public var date: MailDate? { field("Date").flatMap(MailDate.parse) }
    /// Message-ID without its angle brackets (section 3.6.4); nil when absent or empty.
    public var messageID: String? { field("Message-ID").flatMap { MessageIDs.parse($0).first } }
    public var inReplyTo: [String] { field("In-Reply-To").map(MessageIDs.parse) ?? [] }
    public var references: [String] { field("References").map(MessageIDs.parse) ?? [] }

    private func mailboxes(_ name: String) -> [Mailbox] {
        fields.filter { $0.isNamed(name) }.flatMap { AddressList.parse($0.value) }
    }

    /// A message's header block alone: its fields and where its body starts.
    public struct Header: Sendable {
        public let fields: [HeaderField]
        /// The index of the body's first byte in the message's bytes.
        public let bodyStart: Int

        /// The message's identity (MAIL.md "Identity"), read from the fields alone; see ``Message/identity``.
        public var identity: String { Message.identity(of: fields) }
    }

    /// Reads the header block of a message's bytes, not its body: enough for its identity. A leading mbox `From `
    /// line is skipped.
    /// - Throws: ``MailError`` as ``init(parsing:limits:)`` does for the header block or the message's size.
    public static func header(of bytes: [UInt8], limits: Limits = .standard) throws(MailError) -> Header {
        guard bytes.count <= limits.messageBytes else {
            throw MailError(.messageTooLarge(limit: limits.messageBytes), at: 0)
        }
        var start = 0
        if bytes.count >= 5, bytes[0] == 70, bytes[1] == 114, bytes[2] == 111, bytes[3] == 109, bytes[4] == 32 {  // "From "
            while start < bytes.count, bytes[start] != 10 { start += 1 }
            start = min(bytes.count, start + 1)
        }
        let (fields, bodyStart) = try HeaderBlock.read(bytes[start...], limits: limits)
        return Header(fields: fields, bodyStart: bodyStart)
    }

    /// Parses one message from its bytes (LF or CRLF line ends). A leading mbox `From ` line is skipped.
    /// - Throws: ``MailError`` with the byte position: no header block, a header block or message over the limits,
    ///   a multipart without its closing delimiter (truncated), a text part whose base64 does not decode.
    public init(parsing bytes: [UInt8], limits: Limits = .standard) throws(MailError) {
        try self.init(parsing: bytes, header: try Self.header(of: bytes, limits: limits), limits: limits)
    }

    /// Parses the body of a message whose header block ``header(of:limits:)`` has read.
    public init(parsing bytes: [UInt8], header: Header, limits: Limits = .standard) throws(MailError) {
        fields = header.fields
        var walker = PartWalker(limits: limits)
        try walker.walk(fields: fields, body: bytes[header.bodyStart...], depth: 0, inDigest: false)
        text = walker.plain ?? walker.html.map(HTMLText.text)
        events = walker.events
        unknownCharsets = walker.unknownCharsets
    }
}

/// Walks the MIME tree (RFC 2046 section 5.1) for the first text parts and the calendars.
struct PartWalker {
    let limits: Limits
    var plain: String?
    var html: String?
    var events: [CalendarEvent] = []
    var unknownCharsets: [String] = []
    var parts = 0

    init(limits: Limits) { self.limits = limits }

    mutating func walk(fields: [HeaderField], body: ArraySlice<UInt8>, depth: Int, inDigest: Bool) throws(MailError) {
        parts += 1
        guard parts <= limits.parts else {
            throw MailError(.tooComplex("more than \(limits.parts) MIME parts"), at: body.startIndex)
        }
        func value(_ name: String) -> String? { Message.field(name, in: fields) }
        // Section 5.1: no Content-Type is text/plain; in a multipart/digest, message/rfc822 (section 5.1.5).
        let type = HeaderParameters(value("content-type") ?? (inDigest ? "message/rfc822" : "text/plain"))
        let disposition = value("content-disposition").map { HeaderParameters($0).value }
        if type.value.hasPrefix("multipart/") {
            guard depth < limits.depth else {
                throw MailError(.tooComplex("multiparts nested deeper than \(limits.depth)"), at: body.startIndex)
            }
            guard let boundary = type.parameters["boundary"], !boundary.isEmpty else { return }
            for part in try Self.split(body, boundary: boundary, type: type.value) {
                let (partFields, partBody) = try Self.partHeader(part, limits: limits)
                try walk(fields: partFields, body: partBody, depth: depth + 1, inDigest: type.value == "multipart/digest")
            }
            return
        }
        let isCalendar = type.value == "text/calendar" || type.value == "application/ics"
        // An HTML part is read only while no text/plain part has been found: its text is used only without one.
        let wanted = isCalendar || (type.value == "text/plain" && plain == nil && disposition != "attachment")
            || (type.value == "text/html" && html == nil && plain == nil && disposition != "attachment")
        guard wanted else { return }
        let encoding = value("content-transfer-encoding")?.lowercased().trimmingCharactersASCII() ?? "7bit"
        let decoded: [UInt8]
        switch encoding {
        case "base64":
            guard let bytes = TransferEncoding.base64(body) else {
                throw MailError(.badEncoding("a \(type.value) part's base64 does not decode"), at: body.startIndex)
            }
            decoded = bytes
        case "quoted-printable": decoded = TransferEncoding.quotedPrintable(Array(body))
        default: decoded = Array(body)
        }
        let charset = type.parameters["charset"] ?? "us-ascii"
        let text: String
        if let known = Charset.decode(decoded, charset: charset) { text = known } else {
            unknownCharsets.append(charset)
            text = Charset.decode(decoded, charset: "utf-8")!
        }
        if isCalendar { events += ICalendar.events(text) }
        else if type.value == "text/plain" { plain = text }
        else { html = text }
    }

    /// A part's own header block (it may be empty: a part starting with a blank line has no fields, section 5.1).
    static func partHeader(_ part: ArraySlice<UInt8>, limits: Limits) throws(MailError) -> ([HeaderField], ArraySlice<UInt8>) {
        if part.first == 10 || (part.first == 13 && part.dropFirst().first == 10) {
            return ([], part[(part.first == 10 ? part.startIndex + 1 : part.startIndex + 2)...])
        }
        if part.isEmpty { return ([], part) }
        do {
            let (fields, bodyStart) = try HeaderBlock.read(part, limits: limits)
            return (fields, part[bodyStart...])
        } catch where error.kind == .noHeader {
            return ([], part)  // body text without fields: a text/plain part
        }
    }

    /// The body parts between boundary delimiter lines (RFC 2046 section 5.1.1): `--boundary` and, to close,
    /// `--boundary--`, each alone on its line but for trailing white space. The line break before a delimiter
    /// belongs to it. The preamble and the epilogue are dropped.
    /// - Throws: `.truncated` when parts were opened and the closing delimiter never comes.
    static func split(_ body: ArraySlice<UInt8>, boundary: String, type: String) throws(MailError) -> [ArraySlice<UInt8>] {
        let dash = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var i = body.startIndex
        let end = body.endIndex
        while i < end {
            var lineEnd = i
            while lineEnd < end, body[lineEnd] != 10 { lineEnd += 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            if lineEnd - i >= dash.count, body[i] == 45, body[i..<(i + dash.count)].elementsEqual(dash) {
                var rest = i + dash.count
                var closing = false
                if rest + 1 < lineEnd, body[rest] == 45, body[rest + 1] == 45 { closing = true; rest += 2 }
                if body[rest..<lineEnd].allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) {
                    if let s = partStart {
                        // Drop the line break that belongs to the delimiter.
                        var e = i
                        if e > s, body[e - 1] == 10 { e -= 1 }
                        if e > s, body[e - 1] == 13 { e -= 1 }
                        parts.append(body[s..<e])
                    }
                    if closing { return parts }
                    partStart = next
                }
            }
            i = next
        }
        if let s = partStart {
            throw MailError(.truncated("\(type) without its closing boundary (part \(parts.count + 1) ends with the input)"), at: s)
        }
        return parts
    }
}

/// msg-id lists (RFC 5322 section 3.6.4): `<a@b> <c@d>` in In-Reply-To and References.
public enum MessageIDs {
    /// The ids without angle brackets, in order; white space and comments inside dropped. A field with no angle
    /// brackets at all (obsolete, section 4.5.4) gives its words that contain `@`.
    public static func parse(_ field: String) -> [String] {
        var ids: [String] = []
        var current: String?
        var depth = 0
        for c in field.unicodeScalars {
            if current == nil {
                if c == "(" { depth += 1; continue }
                if c == ")" { depth = max(0, depth - 1); continue }
                if depth > 0 { continue }
            }
            if c == "<" { current = ""; continue }
            if c == ">", let id = current {
                if !id.isEmpty { ids.append(id) }
                current = nil
                continue
            }
            if current != nil, c != " ", c != "\t", c != "\r", c != "\n" { current!.unicodeScalars.append(c) }
        }
        if ids.isEmpty, !field.contains("<") {
            ids = field.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init).filter { $0.contains("@") }
        }
        return ids
    }
}
