import Foundation
import Policies

/// `recruit log`: one activity recorded through the importer, so it meets exactly the same checks and the same
/// natural key (logging a fact twice adds nothing).
public enum ActivityLog {
    /// One activity as staff type it: the activities file's columns.
    public struct Entry: Sendable {
        public var candidate, opening, date, type: String
        public var by, with, channel, decisionBy, interest, note: String?

        public init(candidate: String, opening: String, date: String, type: String, by: String? = nil,
                    with: String? = nil, channel: String? = nil, decisionBy: String? = nil, interest: String? = nil,
                    note: String? = nil) {
            self.candidate = candidate
            self.opening = opening
            self.date = date
            self.type = type
            self.by = by
            self.with = with
            self.channel = channel
            self.decisionBy = decisionBy
            self.interest = interest
            self.note = note
        }

        /// This entry as a row of the activities file, RFC 4180 quoted.
        var csvRow: String {
            let cells = [candidate, opening, date, type, by ?? "", with ?? "", channel ?? "", decisionBy ?? "",
                         interest ?? "", note ?? ""]
            return cells.map { CSVHeader.quote($0, always: true) }.joined(separator: ",")
        }

        static let csvHeader = "candidate,opening,date,type,by,with,channel,decision_by,interest,note"
    }

    /// Why an entry was refused, in the command's own words (flags, not CSV columns).
    public struct Refused: Error, Sendable, CustomStringConvertible {
        public let problems: [String]
        public var description: String {
            "nothing was logged: " + problems.joined(separator: "; ")
        }
    }

    /// What logging did.
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// Every entry added.
        case recorded(String)
        /// Nothing added: every entry was there already.
        case alreadyRecorded(String)
        /// Some entries added, the others there already.
        case partlyRecorded(String, added: Int, already: Int)

        public var description: String {
            switch self {
            case let .recorded(what): return "logged \(what)"
            case let .alreadyRecorded(what): return "already recorded: \(what); nothing added"
            case let .partlyRecorded(what, added, already):
                return "logged \(what): \(added) added, \(already) already recorded"
            }
        }
    }

    /// Records one entry.
    /// - Throws: ``Refused`` naming the flag when the entry is refused (nothing written).
    public static func record(_ connection: Connection, _ entry: Entry, actor: String? = nil) throws -> Outcome {
        try record(connection, [entry], actor: actor)
    }

    /// Records several entries in one transaction: all of them or, when one is refused, none. One message about
    /// several applications (a status check about six candidates to one hiring manager) is logged this way, as
    /// one activity per application with the same day, sender and channel, which the hiring manager's weekly
    /// cap counts as one message.
    /// - Throws: ``Refused`` naming the flag (and, for several entries, the entry) when one is refused.
    /// `actor`: who logs, for the audit trail (its row is written in the same transaction); nil writes none.
    public static func record(_ connection: Connection, _ entries: [Entry], actor: String? = nil) throws -> Outcome {
        precondition(!entries.isEmpty, "nothing to log")
        let csv = ([Entry.csvHeader] + entries.map(\.csvRow)).joined(separator: "\n") + "\n"
        let path = NSTemporaryDirectory() + "recruit-log-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv"
        guard FileManager.default.createFile(atPath: path, contents: Data(csv.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ImportError.cannotRead(file: path, reason: "cannot write a temporary file")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report: ImportReport
        do {
            report = try Importer(connection: connection).run(
                .activities, from: .file(path), options: ImportOptions(audit: actor.map { ($0, "activity.log") }))
        } catch let ImportError.refused(_, problems, _, _) {
            throw Refused(problems: problems.map { problem in
                let flag = problem.column.map { "--" + $0.replacingOccurrences(of: "_", with: "-") }
                let text = flag.map { "\($0): \(problem.message)" } ?? problem.message
                // Line 2 of the file is the first entry.
                guard entries.count > 1, problem.line >= 2, problem.line - 2 < entries.count else { return text }
                let entry = entries[problem.line - 2]
                return "\(entry.candidate.lowercased()) on \(entry.opening): \(text)"
            })
        } catch let ImportError.malformed(_, _, reason) {
            throw Refused(problems: [reason])
        }
        let first = entries[0]
        let what = entries.count == 1
            ? "\(first.type) on \(first.date) for \(first.candidate.lowercased()) on \(first.opening)"
            : "\(first.type) on \(first.date) for \(entries.count) applications, as one message"
        let added = report.main.inserted
        if added == entries.count || (added > 0 && report.main.unchanged == 0) { return .recorded(what) }
        if added == 0 { return .alreadyRecorded(what) }
        return .partlyRecorded(what, added: added, already: report.main.unchanged)
    }
}

extension ActivityLog.Entry {
    /// The activity that settles a queue item (the web workspace's "Done"): a thank-you, follow-up, phone check,
    /// check-back or keep-in-mind note on `day`, by the item's actor; an attrition check is settled by a
    /// check-back (Precise reading 12); a thank-you names the interviewers still owed one (reading 10). Nil for
    /// an over-contact warning, which no activity settles.
    public static func settling(_ item: Recommendation, on day: Day) -> ActivityLog.Entry? {
        guard let candidate = item.candidate, let opening = item.opening else { return nil }
        let type: ActivityType
        var with: String?
        switch item.rule {
        case .thankYou:
            type = .thankYou
            if case let .thankYou(_, interviewers, _, _) = item.reason, !interviewers.isEmpty {
                with = interviewers.joined(separator: ";")
            }
        case .followUp: type = .followUp
        case .phoneCheck: type = .phoneCheck
        case .checkBack, .attritionCheck: type = .checkBack
        case .keepInMind: type = .keepInMind
        case .tooEarly, .tooMany, .afterDecision, .hmOverload: return nil
        }
        return ActivityLog.Entry(candidate: candidate, opening: opening, date: day.description, type: type.rawValue,
                                 by: item.actor.rawValue, with: with)
    }
}
