/// The recruiters the queue's `--recruiter` filter can match: those the applications answer to (the application's,
/// else the candidate's, else the opening's; see sql/0003).
public enum Recruiters {
    /// Checks that some application answers to `name` (compared as the filter compares: case and surrounding spaces
    /// ignored), one probe of application_timelines_recruiter_idx.
    /// - Throws: `QueueScopeError.unknownRecruiter` listing the known recruiters.
    public static func check(_ name: String, _ connection: Connection) throws {
        let found = try connection.query("""
            SELECT EXISTS (SELECT FROM application_timelines
                           WHERE recruiter IS NOT NULL AND lower(btrim(recruiter)) = lower(btrim($1)))
            """, [name]).scalar
        guard found != "t" else { return }
        throw QueueScopeError.unknownRecruiter(name, known: try known(connection))
    }

    /// Every recruiter some application answers to, as first spelled, in alphabetical order (a pass over sql/0003's
    /// index: for messages only).
    public static func known(_ connection: Connection) throws -> [String] {
        try connection.query("""
            SELECT DISTINCT ON (lower(btrim(recruiter))) btrim(recruiter) FROM application_timelines
            WHERE recruiter IS NOT NULL
            ORDER BY lower(btrim(recruiter)), application_id
            """).rows.compactMap { $0[0] }
    }
}

/// A queue's filter that matches nothing the agency has.
enum QueueScopeError: Error, Sendable, CustomStringConvertible {
    case unknownRecruiter(String, known: [String])

    public var description: String {
        switch self {
        case let .unknownRecruiter(name, known):
            let list = known.isEmpty ? "no application names a recruiter yet (import applications, or candidates or openings with a recruiter column)"
                : "known recruiters: \(nameList(known))"
            return "no application answers to a recruiter \"\(name)\"; \(list)"
        }
    }
}

extension QueueReport {
    /// Whether the database holds any application at all: an empty queue of an empty database says how to import,
    /// not that nothing is due.
    public static func hasApplications(_ connection: Connection) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT FROM applications)").scalar == "t"
    }
}
