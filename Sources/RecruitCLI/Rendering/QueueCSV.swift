import Policies
import Recruiting

/// The queue as CSV: the JSON fields, with the candidate's name and the opening's title beside the e-mail and the
/// id, one row per item, RFC 4180 quoting, CRLF line ends.
enum QueueCSV {
    static let header = ["kind", "rule", "actor", "candidate", "candidate_name", "opening", "opening_title", "client",
                         "hiring_manager", "recruiter", "due", "deadline", "overdue", "reason"]

    /// Writes the header and a row per item in chunks, the rows rendered in parallel runs (however large the queue,
    /// memory holds a few runs, not the whole file).
    static func write(_ queue: QueueItems, to output: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let head = Array((header.joined(separator: ",") + "\r\n").utf8)
        try queue.write(queue.pieces(head: head, tail: []), renderingNamed: { item, names, _, out in
            appendRow(item, names: names, to: &out)
        }, to: output)
    }

    /// Appends an item's row and its CRLF.
    static func appendRow(_ item: Recommendation, names: QueueItems.Names, to out: inout [UInt8]) {
        let fields: [String] = [
            item.kind.rawValue, item.rule.rawValue, item.actor.rawValue, item.candidate ?? "",
            item.candidate == nil ? "" : names.candidate ?? "", item.opening ?? "",
            item.opening == nil ? "" : names.openingTitle ?? "", item.client, item.hiringManager ?? "", item.recruiter ?? "", item.due.description,
            item.deadline?.description ?? "", item.overdue ? "true" : "false", item.reason.description,
        ]
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendField(field, to: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// A field as it is, or quoted (its quotes doubled) when it holds a comma, a quote, a CR or an LF, or starts or
    /// ends with a space.
    static func appendField(_ field: String, to out: inout [UInt8]) {
        let utf8 = field.utf8
        let special = { (byte: UInt8) in byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D }
        guard utf8.contains(where: special) || utf8.first == 0x20 || utf8.last == 0x20 else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in utf8 {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
