#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits an mbox (RFC 4155: each message after a `From ` line) fed in chunks, so a mailbox of any size is read in
/// bounded memory: at most one message (``Limits/messageBytes``) and one line (``Limits/lineBytes``) at a time.
///
/// A `From ` line starts a message when it is the first line or follows a blank line, and carries a time
/// (`hh:mm`), as every mbox writer's separator does: an unescaped "From time to time" in a body (mboxo) stays
/// body text. `>From `, `>>From `... lose one `>` (mboxrd). Content before the first separator is a message too.
public struct MboxReader {
    public enum Item: Sendable {
        /// A message's bytes (without its `From ` line) and the byte offset of its first line in the mailbox.
        case message([UInt8], offset: Int)
        /// A message that was not kept, and why (position in the mailbox).
        case skipped(MailError)
    }

    private let limits: Limits
    private var line: [UInt8] = []
    private var lineOffset = 0
    private var discardingLine = false
    private var position = 0
    private var current: [UInt8] = []
    private var currentOffset = 0
    private var currentBroken: MailError?
    private var hasCurrent = false
    private var previousBlank = true

    public init(limits: Limits = .standard) { self.limits = limits }

    /// Reads a chunk; returns the messages it completed.
    public mutating func feed(_ chunk: [UInt8]) -> [Item] { chunk.withUnsafeBufferPointer { feed($0) } }

    /// Reads a chunk; returns the messages it completed.
    public mutating func feed(_ chunk: ArraySlice<UInt8>) -> [Item] { chunk.withUnsafeBufferPointer { feed($0) } }

    /// Reads a chunk; returns the messages it completed. Lines are found a chunk at a time and copied whole, so a
    /// line is held once, up to ``Limits/lineBytes``.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> [Item] {
        var items: [Item] = []
        var start = 0
        let count = chunk.count
        while start < count {
            var end = count
            if let base = chunk.baseAddress, let found = memchr(base + start, 10, count - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            let complete = end < count
            let segmentEnd = complete ? end + 1 : end
            if discardingLine {
                position += segmentEnd - start
                if complete { discardingLine = false; lineOffset = position }
                start = segmentEnd
                continue
            }
            if line.count + (segmentEnd - start) > limits.lineBytes + 1 {
                if currentBroken == nil { currentBroken = MailError(.lineTooLong(limit: limits.lineBytes), at: lineOffset) }
                hasCurrent = true
                current = []
                line = []
                previousBlank = false
                position += segmentEnd - start
                if complete { lineOffset = position } else { discardingLine = true }
                start = segmentEnd
                continue
            }
            line.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<segmentEnd]))
            position += segmentEnd - start
            if complete {
                handle(&items)
                line.removeAll(keepingCapacity: true)
                lineOffset = position
            }
            start = segmentEnd
        }
        return items
    }

    /// Ends the input; returns the last message.
    public mutating func finish() -> [Item] {
        var items: [Item] = []
        if !line.isEmpty { handle(&items) }
        line = []
        emit(&items, trimSeparator: false)
        return items
    }

    private mutating func handle(_ items: inout [Item]) {
        var content = line.count
        if content > 0, line[content - 1] == 10 { content -= 1 }
        if content > 0, line[content - 1] == 13 { content -= 1 }
        if previousBlank, Self.isSeparator(line[0..<content]) {
            emit(&items, trimSeparator: true)
            hasCurrent = true
            currentOffset = lineOffset
            previousBlank = false
            return
        }
        previousBlank = content == 0
        if !hasCurrent {
            if content == 0 { return }  // blank lines before anything
            hasCurrent = true
            currentOffset = lineOffset
        }
        guard currentBroken == nil else { return }
        // mboxrd: ">From " with one or more ">" loses one.
        var start = 0
        if line.first == UInt8(ascii: ">") {
            var k = 0
            while k < content, line[k] == UInt8(ascii: ">") { k += 1 }
            if line[k..<content].starts(with: Self.from) { start = 1 }
        }
        if current.count + line.count - start > limits.messageBytes {
            currentBroken = MailError(.messageTooLarge(limit: limits.messageBytes), at: currentOffset)
            current = []
            return
        }
        current.append(contentsOf: line[start...])
    }

    private mutating func emit(_ items: inout [Item], trimSeparator: Bool) {
        defer {
            current = []
            currentBroken = nil
            hasCurrent = false
        }
        guard hasCurrent else { return }
        if let broken = currentBroken { items.append(.skipped(broken)); return }
        if trimSeparator {  // the blank line before the next separator belongs to the separator
            if current.last == 10 { current.removeLast() }
            if current.last == 13 { current.removeLast() }
            if current.last != 10 { current.append(10) }
        }
        items.append(.message(current, offset: currentOffset))
    }

    private static let from = Array("From ".utf8)

    static func isSeparator(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.starts(with: from) else { return false }
        // A time "d:dd" somewhere in the line (the asctime date of RFC 4155).
        var i = line.startIndex
        while i + 2 < line.endIndex {
            if line[i] == UInt8(ascii: ":"), i > line.startIndex, isDigit(line[i - 1]), isDigit(line[i + 1]),
               isDigit(line[i + 2]) { return true }
            i += 1
        }
        return false
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}
