import Policies

/// The queue as CSV: the JSON fields, one row per item, RFC 4180 quoting.
enum QueueCSV {
    static let header = ["kind", "rule", "actor", "candidate", "opening", "client", "hiring_manager", "recruiter",
                         "due", "deadline", "overdue", "reason"]

    static func render(_ items: [Recommendation]) -> String {
        var lines = [header.joined(separator: ",")]
        for item in items {
            let fields: [String] = [
                item.kind.rawValue, item.rule.rawValue, item.actor.rawValue, item.candidate ?? "", item.opening ?? "",
                item.client, item.hiringManager ?? "", item.recruiter ?? "", item.due.description,
                item.deadline?.description ?? "", item.overdue ? "true" : "false", item.reason.description,
            ]
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || field.hasPrefix(" ") || field.hasSuffix(" ") else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
