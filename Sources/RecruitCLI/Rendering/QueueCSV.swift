import Policies
import Recruiting

/// The queue as CSV: the JSON fields, one row per item, RFC 4180 quoting, CRLF line ends.
enum QueueCSV {
    static let header = ["kind", "rule", "actor", "candidate", "opening", "client", "hiring_manager", "recruiter",
                         "due", "deadline", "overdue", "reason"]

    /// Writes the header and a row per item in chunks, the rows rendered in parallel runs (however large the queue,
    /// memory holds a few runs, not the whole file).
    static func write(_ queue: QueueItems, to output: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let head = Array((header.joined(separator: ",") + "\r\n").utf8)
        try queue.write(queue.pieces(head: head, tail: []), rendering: { item, _, out in
            out.append(contentsOf: row(item).utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }, to: output)
    }

    static func row(_ item: Recommendation) -> String {
        let fields: [String] = [
            item.kind.rawValue, item.rule.rawValue, item.actor.rawValue, item.candidate ?? "", item.opening ?? "",
            item.client, item.hiringManager ?? "", item.recruiter ?? "", item.due.description,
            item.deadline?.description ?? "", item.overdue ? "true" : "false", item.reason.description,
        ]
        return fields.map(quote).joined(separator: ",")
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || field.hasPrefix(" ") || field.hasSuffix(" ") else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
