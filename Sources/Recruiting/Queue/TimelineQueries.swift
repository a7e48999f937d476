import Foundation
import Policies

/// The statements of ``TimelineReader``: the scope in settings, the scoped and partitioned COPY statements, and the
/// openings and hires read once up front.
extension TimelineReader {
    /// Puts the scope's filters in this transaction's settings (`recruit.client`, `recruit.recruiter`, ...), through
    /// parameters: the filters are user text and COPY statements take no parameters, so ``scopedQuery(_:part:of:ids:)``
    /// reads them back with `current_setting`.
    static func setScope(_ connection: Connection, _ scope: TimelineScope) throws {
        let filters = [("recruit.client", scope.client), ("recruit.recruiter", scope.recruiter),
                       ("recruit.candidate", scope.candidate), ("recruit.opening", scope.opening)]
            .compactMap { name, value in value.map { (name, $0) } }
        guard !filters.isEmpty else { return }
        let calls = filters.indices.map { "set_config($\($0 * 2 + 1), $\($0 * 2 + 2), true)" }
        try connection.query("SELECT " + calls.joined(separator: ", "), filters.flatMap { [$0.0, $0.1] })
    }

    /// The rows of the applications the filters select (see ``setScope(_:_:)``), in id order. With `parts` above
    /// one, only part `part` of them: for a recruiter, those with ids in `ids`; otherwise those whose id's hash leaves
    /// remainder `part` divided by `parts`, so that parts read at once share the probes that find them (the hash, not
    /// the id, because ids follow the order of imports). `part`, `parts` and `ids` are numbers this program computed.
    ///
    /// A recruiter's rows come straight from application_timelines_recruiter_idx, on the row's recruiter (the
    /// application's, else the candidate's, else the opening's): one recruiter's queue must not scan every
    /// application, nor probe its way there through candidates and applications. The other filters then narrow
    /// those rows, or select on their own (through `applications` and its indexes) when there is no recruiter.
    static func scopedQuery(_ scope: TimelineScope, part: Int = 0, of parts: Int = 1,
                            ids: (from: Int64, through: Int64)? = nil, candidateNames: Bool = true) -> String {
        var others: [String] = []
        if scope.client != nil { others.append("cl.name = current_setting('recruit.client')") }
        if scope.candidate != nil { others.append("c.email = lower(btrim(current_setting('recruit.candidate')))") }
        if scope.opening != nil { others.append("o.id = btrim(current_setting('recruit.opening'))") }
        let applications = """
            applications a
            JOIN candidates c ON c.id = a.candidate_id
            JOIN openings o ON o.id = a.opening_id
            JOIN clients cl ON cl.id = o.client_id
            """
        let columns = """
            t.application_id, t.candidate_id, t.email, t.opening_id, t.stage, t.stage_date, t.submitted_on,
            t.decision_by, t.interest, t.recruiter, t.facts\(candidateNames ? ", t.candidate_name" : "")
            """
        let selected: String
        if scope.recruiter != nil {
            var filters = ["t.recruiter IS NOT NULL",
                           "lower(btrim(t.recruiter)) = lower(btrim(current_setting('recruit.recruiter')))"]
            if let ids, parts > 1 { filters.append("t.application_id BETWEEN \(ids.from) AND \(ids.through)") }
            if !others.isEmpty {
                filters.append("""
                    EXISTS (SELECT FROM \(applications)
                            WHERE a.id = t.application_id AND \(others.joined(separator: " AND ")))
                    """)
            }
            selected = """
                SELECT \(columns) FROM application_timelines t
                WHERE \(filters.joined(separator: " AND "))
                """
        } else {
            let inPart = parts > 1 ? "AND (hashint8(a.id) & 2147483647) % \(parts) = \(part)" : ""
            selected = """
                SELECT \(columns)
                FROM (SELECT a.id FROM \(applications)
                      WHERE \((others.isEmpty ? ["true"] : others).joined(separator: " AND ")) \(inPart)) AS s
                CROSS JOIN LATERAL (SELECT * FROM application_timelines t WHERE t.application_id = s.id OFFSET 0) t
                """
        }
        return "COPY (\(selected) ORDER BY 1) TO STDOUT (FORMAT binary)"
    }

    /// Every opening with its client and hiring manager (an item's recruiter comes with its row, which holds the
    /// opening's when neither the application nor the candidate names one). All of them even for a narrow
    /// scope: they are few, and reading them whole is quicker than finding the ones in scope.
    static func openingsByID(_ connection: Connection) throws -> [String: Opening] {
        let statuses = CopyLabels<OpeningStatus>()
        var openings: [String: Opening] = [:]
        var row = CopyBinaryRow()
        try connection.copyOut("""
            COPY (SELECT o.id, cl.name, hm.name, hm.email, o.status, o.filled_on
                  FROM openings o
                  JOIN clients cl ON cl.id = o.client_id
                  LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id) TO STDOUT (FORMAT binary)
            """) { bytes in
            guard try row.split(bytes), let id = row.string(0), let client = row.string(1) else { return }
            openings[id] = Opening(id: id, client: client, hiringManager: row.string(2),
                                   hiringManagerEmail: row.string(3), status: row.label(4, statuses) ?? .open,
                                   filledOn: row.day(5))
        }
        return openings
    }

    /// The rows of the applications with ids `from ... through` (numbers this program computed, the only values in
    /// the statement).
    static func partQuery(from: Int64, through: Int64, candidateNames: Bool = true) -> String {
        """
        COPY (SELECT application_id, candidate_id, email, opening_id, stage, stage_date, submitted_on, decision_by,
                     interest, recruiter, facts\(candidateNames ? ", candidate_name" : "")
              FROM application_timelines
              WHERE application_id BETWEEN \(from) AND \(through)) TO STDOUT (FORMAT binary)
        """
    }

    /// Every `hired` fact (activity or imported row) on or before T, by candidate: "hired anywhere" (reading 12).
    static func hiredFacts(_ connection: Connection, asOf: Day) throws -> [Int64: [(application: Int64, day: Day)]] {
        var hires: [Int64: [(application: Int64, day: Day)]] = [:]
        try connection.forEachRow("""
            SELECT a.candidate_id, a.id, h.day::text
            FROM (SELECT application_id AS application, occurred_on AS day FROM activities WHERE type = 'hired'
                  UNION ALL
                  SELECT id, stage_date FROM applications WHERE stage = 'hired') AS h
            JOIN applications a ON a.id = h.application
            WHERE h.day <= $1::date
            """, [asOf.description]) { row in
            guard let candidate = row[0].flatMap(Int64.init), let application = row[1].flatMap(Int64.init),
                  let day = row[2].flatMap({ Day($0) }) else { return }
            hires[candidate, default: []].append((application, day))
        }
        return hires
    }
}
