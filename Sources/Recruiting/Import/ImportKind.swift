import Policies

/// The four CSV files of CONTRACT.md, with the columns each one takes.
public enum ImportKind: String, CaseIterable, Sendable {
    case openings, candidates, applications, activities

    /// "a" or "an", as the kind's name is said: "an openings file", "a candidates file".
    package var article: String { self == .candidates ? "a" : "an" }

    /// One column a file may carry: its contract name, the other spellings accepted, and whether it must be there.
    public struct Column: Sendable, Equatable {
        /// The name CONTRACT.md uses, e.g. `hiring_manager_email`.
        public let name: String
        /// Other header spellings agencies' exports use (compared like the name: case, spaces, `_`, `-` ignored).
        public let aliases: [String]
        /// Must be in the header, and every row must have a value.
        public let required: Bool

        init(_ name: String, _ aliases: [String] = [], required: Bool = false) {
            self.name = name
            self.aliases = aliases
            self.required = required
        }

        /// The staging table's column for it: a fixed prefix keeps SQL keywords (`with`, `by`, `date`) unquoted.
        var stagingName: String { "c_\(name)" }
    }

    static let openingAliases = ["opening id", "job id", "job order", "job order id", "job"]
    static let candidateAliases = ["candidate email", "candidate e-mail", "email", "e-mail", "email address"]

    /// The columns of this file, in CONTRACT.md's order.
    public var columns: [Column] {
        switch self {
        case .openings:
            return [
                Column("opening", Self.openingAliases, required: true),
                Column("client", ["client name", "company", "customer"], required: true),
                Column("title", ["job title", "position"], required: true),
                Column("hiring_manager", ["hm", "hiring manager name", "contact"]),
                Column("hiring_manager_email", ["hm email", "hm e-mail", "hiring manager e-mail", "contact email"]),
                Column("status", ["opening status", "job status"]),
                Column("opened_on", ["opened", "open date", "date opened"]),
                Column("filled_on", ["filled", "fill date", "date filled"]),
                Column("recruiter", ["owner", "recruiter email"]),
            ]
        case .candidates:
            return [
                Column("email", ["e-mail", "email address", "e-mail address", "candidate email", "candidate e-mail"],
                       required: true),
                Column("first_name", ["first", "given name", "firstname"]),
                Column("last_name", ["last", "surname", "family name", "lastname"]),
                Column("name", ["full name", "candidate name"]),
                Column("phone", ["phone number", "mobile", "telephone"]),
                Column("source", ["lead source", "candidate source"]),
                Column("recruiter", ["owner", "recruiter email"]),
                Column("notes", ["note", "comments"]),
                Column("opening", Self.openingAliases),
                Column("stage", ["status", "application stage"]),
                Column("stage_date", ["stage changed on"]),
                Column("submitted_on", ["submitted", "submission date", "date submitted"]),
            ]
        case .applications:
            return [
                Column("candidate", Self.candidateAliases, required: true),
                Column("opening", Self.openingAliases, required: true),
                Column("stage", ["status", "application stage"]),
                Column("stage_date", ["stage changed on"]),
                Column("submitted_on", ["submitted", "submission date", "date submitted"]),
                Column("decision_by", ["decision date", "decision due"]),
                Column("interest", ["hm interest", "interest level"]),
                Column("recruiter", ["owner", "recruiter email"]),
                // The ATS's own id of the application (sql/0018): recorded, and one id names one application.
                Column("id", ["submission id", "application id", "external id"]),
            ]
        case .activities:
            return [
                Column("candidate", Self.candidateAliases, required: true),
                Column("opening", Self.openingAliases, required: true),
                Column("date", ["occurred on", "activity date", "when"], required: true),
                Column("type", ["activity type", "activity", "kind"], required: true),
                Column("by", ["from", "sent by"]),
                Column("with", ["to", "interviewers", "recipients"]),
                Column("channel", ["via", "medium"]),
                Column("decision_by", ["decision date", "decision due"]),
                Column("interest", ["hm interest", "interest level"]),
                Column("note", ["notes", "comment", "comments"]),
                // The ATS's own id of the activity (sql/0018): when given, the row's identity instead of its contents.
                Column("id", ["note id", "activity id", "external id"]),
            ]
        }
    }

    /// The advisory lock the merge takes so two imports of the same kind of file run one after the other
    /// (the unique keys make the second one find the first one's rows instead of duplicating them).
    var lockKey: Int64 {
        switch self {
        case .openings: return 0x7265_6372_7569_7401
        case .candidates: return 0x7265_6372_7569_7402
        case .applications: return 0x7265_6372_7569_7403
        case .activities: return 0x7265_6372_7569_7404
        }
    }
}

/// The closed vocabularies of the schema (sql/0001), so validation can name the accepted values: each the engine's
/// enum's words, in its order (VocabularyTests checks them against the schema's enum types).
package enum Vocabulary {
    package static let openingStatus = OpeningStatus.allCases.map(\.rawValue)
    package static let stage = Stage.allCases.map(\.rawValue)
    package static let interest = Interest.allCases.map(\.rawValue)
    package static let activityType = ActivityType.allCases.map(\.rawValue)
    package static let party = Party.allCases.map(\.rawValue)
    package static let channel = Channel.allCases.map(\.rawValue)
}
