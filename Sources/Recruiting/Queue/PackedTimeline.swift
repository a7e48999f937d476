import Policies

/// Reads `application_timelines.facts` (sql/0003): an application's activities in timeline order, each
///
///     <day>,<type>,<by>,<decision_by>,<interest>[,<n>:<name>]...;
///
/// with days counted from 1970-01-01, enum labels (empty for NULL) and each `with` name preceded by its length in
/// characters. Decoding reads the bytes in place: only the names become Strings.
struct PackedTimeline {
    // Shared, not stored: a decoder copied per row would retain each label table.
    private static let types = CopyLabels<ActivityType>()
    private static let parties = CopyLabels<Party>()
    private static let interests = CopyLabels<Interest>()

    /// A `facts` value that does not follow the format (the table is written by sql/0003's triggers only).
    struct Malformed: Error {
        let offset: Int
    }

    /// Appends the activities dated on or before `asOf` to `activities`; each one's `sequence` is its position in
    /// the list, which orders the application's activities as their recording order does.
    // Over 60 lines: the queue's innermost loop, one pass over the packed bytes, field after field as 0003 writes them.
    func decode(_ facts: UnsafeRawBufferPointer, asOf: Day, into activities: inout [Activity]) throws {
        var i = 0
        let end = facts.count
        var position = 0

        /// Bytes up to (not including) the next `terminator` at or after `i`; `i` moves past the terminator.
        func field(until terminator: UInt8) throws -> UnsafeRawBufferPointer {
            let start = i
            while i < end && facts[i] != terminator { i += 1 }
            guard i < end else { throw Malformed(offset: start) }
            defer { i += 1 }
            return UnsafeRawBufferPointer(rebasing: facts[start..<i])
        }
        func integer(_ bytes: UnsafeRawBufferPointer) throws -> Int {
            guard !bytes.isEmpty else { throw Malformed(offset: i) }
            var negative = false
            var value = 0
            for (index, byte) in bytes.enumerated() {
                if index == 0 && byte == UInt8(ascii: "-") { negative = true; continue }
                let digit = byte &- 48
                guard digit < 10 else { throw Malformed(offset: i) }
                value = value &* 10 &+ Int(digit)
            }
            return negative ? -value : value
        }

        while i < end {
            let day = Day(ordinal: try integer(try field(until: UInt8(ascii: ","))))
            guard let type = PackedTimeline.types.value(for: try field(until: UInt8(ascii: ","))) else {
                throw Malformed(offset: i)
            }
            let byLabel = try field(until: UInt8(ascii: ","))
            let decisionBytes = try field(until: UInt8(ascii: ","))
            // The interest ends at the first name's comma or at the activity's semicolon.
            let interestStart = i
            while i < end && facts[i] != UInt8(ascii: ",") && facts[i] != UInt8(ascii: ";") { i += 1 }
            guard i < end else { throw Malformed(offset: interestStart) }
            let interestBytes = UnsafeRawBufferPointer(rebasing: facts[interestStart..<i])
            var names: [String] = []
            while facts[i] == UInt8(ascii: ",") {
                i += 1
                let characters = try integer(try field(until: UInt8(ascii: ":")))
                // `characters` Unicode scalars of UTF-8: count the bytes that start one.
                let start = i
                var seen = 0
                while i < end && seen < characters {
                    i += 1
                    while i < end && facts[i] & 0xC0 == 0x80 { i += 1 }
                    seen += 1
                }
                guard seen == characters, i < end else { throw Malformed(offset: start) }
                names.append(String(decoding: UnsafeRawBufferPointer(rebasing: facts[start..<i]), as: UTF8.self))
            }
            guard facts[i] == UInt8(ascii: ";") else { throw Malformed(offset: i) }
            i += 1
            defer { position += 1 }
            // In date order: the rest is later still.
            guard day <= asOf else { break }
            activities.append(Activity(
                date: day, type: type,
                by: byLabel.isEmpty ? nil : PackedTimeline.parties.value(for: byLabel),
                with: names,
                decisionBy: decisionBytes.isEmpty ? nil : Day(ordinal: try integer(decisionBytes)),
                interest: interestBytes.isEmpty ? nil : PackedTimeline.interests.value(for: interestBytes),
                sequence: position))
        }
    }
}
