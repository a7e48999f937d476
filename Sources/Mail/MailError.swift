/// Why a message (or a mailbox) could not be read, and where: `position` is the byte offset from the start of the
/// bytes handed to the parser (the caller adds the message's own offset in its file).
public struct MailError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The first line is not a header field (RFC 5322 section 2.2): not a message.
        case noHeader
        /// The header block goes on past the limit without its blank line.
        case headerTooLarge(limit: Int)
        /// One line is longer than the limit (RFC 5322 section 2.1.1 allows 998 characters).
        case lineTooLong(limit: Int)
        /// The whole message is larger than the limit.
        case messageTooLarge(limit: Int)
        /// The message ends before its structure does (a multipart without its closing delimiter).
        case truncated(String)
        /// A part's transfer encoding cannot be decoded (RFC 2045 section 6).
        case badEncoding(String)
        /// Multiparts nested deeper than the limit, or more parts than the limit.
        case tooComplex(String)
    }

    public let kind: Kind
    public let position: Int

    public init(_ kind: Kind, at position: Int) {
        self.kind = kind
        self.position = position
    }

    /// The same error, `offset` bytes further on (a message's place in its mailbox).
    public func shifted(by offset: Int) -> MailError { MailError(kind, at: position + offset) }

    public var description: String {
        switch kind {
        case .noHeader: return "byte \(position): no header block (the first line is not a 'Name: value' field)"
        case .headerTooLarge(let limit):
            return "byte \(position): the header block is larger than \(Limits.describe(limit)) without its blank line"
        case .lineTooLong(let limit): return "byte \(position): a line is longer than \(Limits.describe(limit))"
        case .messageTooLarge(let limit): return "byte \(position): the message is larger than \(Limits.describe(limit))"
        case .truncated(let what): return "byte \(position): truncated: \(what)"
        case .badEncoding(let what): return "byte \(position): \(what)"
        case .tooComplex(let what): return "byte \(position): \(what)"
        }
    }
}

/// The bounds that keep memory in proportion to what is worth reading, whatever the input.
public struct Limits: Sendable, Equatable {
    /// A message larger than this is reported and skipped.
    public var messageBytes: Int
    /// A header block (all fields) larger than this is reported.
    public var headerBytes: Int
    /// A line longer than this (in an mbox, while splitting) is reported.
    public var lineBytes: Int
    /// Multipart nesting depth and number of parts.
    public var depth: Int
    public var parts: Int

    public init(messageBytes: Int = 32 << 20, headerBytes: Int = 1 << 20, lineBytes: Int = 1 << 20,
                depth: Int = 16, parts: Int = 1000) {
        self.messageBytes = messageBytes
        self.headerBytes = headerBytes
        self.lineBytes = lineBytes
        self.depth = depth
        self.parts = parts
    }

    public static let standard = Limits()

    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
