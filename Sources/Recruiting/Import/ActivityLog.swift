import Foundation

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

        /// The activities file with this one row, RFC 4180 quoted.
        var csv: String {
            let header = "candidate,opening,date,type,by,with,channel,decision_by,interest,note"
            let cells = [candidate, opening, date, type, by ?? "", with ?? "", channel ?? "", decisionBy ?? "",
                         interest ?? "", note ?? ""]
            return header + "\n" + cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                .joined(separator: ",") + "\n"
        }
    }

    /// Why an entry was refused, in the command's own words (flags, not CSV columns).
    public struct Refused: Error, Sendable, CustomStringConvertible {
        public let problems: [String]
        public var description: String {
            "nothing was logged: " + problems.joined(separator: "; ")
        }
    }

    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        case recorded(String)
        case alreadyRecorded(String)

        public var description: String {
            switch self {
            case let .recorded(what): return "logged \(what)"
            case let .alreadyRecorded(what): return "already recorded: \(what); nothing added"
            }
        }
    }

    /// Records the entry.
    /// - Throws: `ImportError` naming the field when the entry is refused (nothing written).
    public static func record(_ connection: Connection, _ entry: Entry) throws -> Outcome {
        let path = NSTemporaryDirectory() + "recruit-log-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv"
        guard FileManager.default.createFile(atPath: path, contents: Data(entry.csv.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ImportError.cannotRead(file: path, reason: "cannot write a temporary file")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report: ImportReport
        do {
            report = try Importer(connection: connection).run(.activities, from: .file(path))
        } catch let ImportError.refused(_, problems, _, _) {
            throw Refused(problems: problems.map { problem in
                let flag = problem.column.map { "--" + $0.replacingOccurrences(of: "_", with: "-") }
                return flag.map { "\($0): \(problem.message)" } ?? problem.message
            })
        } catch let ImportError.malformed(_, _, reason) {
            throw Refused(problems: [reason])
        }
        let what = "\(entry.type) on \(entry.date) for \(entry.candidate.lowercased()) on \(entry.opening)"
        return report.main.inserted > 0 ? .recorded(what) : .alreadyRecorded(what)
    }
}
