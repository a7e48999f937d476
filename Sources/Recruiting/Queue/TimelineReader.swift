import Foundation
import Policies

/// Which applications a read covers. Every filter is optional; names compare as people's names do.
public struct TimelineScope: Sendable, Equatable {
    /// Only this client's openings (its stored name, see `PolicyStore.clientName`).
    public var client: String?
    /// Only items whose recruiter (application's, else candidate's, else opening's) is this one.
    public var recruiter: String?
    /// Only this candidate (e-mail).
    public var candidate: String?
    /// Only this opening id.
    public var opening: String?

    public init(client: String? = nil, recruiter: String? = nil, candidate: String? = nil, opening: String? = nil) {
        self.client = client
        self.recruiter = recruiter
        self.candidate = candidate
        self.opening = opening
    }
}

/// Reads applications' timelines in one streamed, ordered query (applications by id, their activities by date and
/// recording order), so memory holds one timeline at a time however large the agency.
public enum TimelineReader {
    /// Streams the timelines in scope as of `asOf` (activities dated after it do not exist yet) to `body`, each with
    /// its database id.
    public static func forEach(_ connection: Connection, asOf: Day, scope: TimelineScope = TimelineScope(),
                               _ body: (_ applicationID: Int64, _ timeline: Timeline) throws -> Void) throws {
        let hires = try hiredFacts(connection, asOf: asOf)
        var current: (id: Int64, candidateID: Int64, timeline: Timeline)?
        var sequence = 0
        func flush() throws {
            guard var finished = current else { return }
            finished.timeline.hiredElsewhere = hires[finished.candidateID, default: []]
                .filter { $0.application != finished.id }.map(\.day)
            try body(finished.id, finished.timeline)
            current = nil
        }
        try connection.forEachRow(query(scope), [asOf.description, scope.client, scope.recruiter,
                                                  scope.candidate, scope.opening]) { row in
            let id = Int64(row[0]!)!
            if current?.id != id {
                try flush()
                let opening = Opening(
                    id: row[3]!, client: row[4]!, hiringManager: row[5], hiringManagerEmail: row[6],
                    status: OpeningStatus(rawValue: row[7]!) ?? .open, filledOn: day(row, 8))
                let application = ApplicationRow(
                    stage: Stage(rawValue: row[9]!) ?? .submitted, stageDate: day(row, 10), submittedOn: day(row, 11),
                    decisionBy: day(row, 12), interest: row[13].flatMap(Interest.init(rawValue:)))
                current = (id, Int64(row[1]!)!, Timeline(candidate: row[2]!, opening: opening, application: application,
                                                          recruiter: row[14]))
                current!.timeline.activities.reserveCapacity(8)
            }
            guard let date = day(row, 15), let type = row[16].flatMap(ActivityType.init(rawValue:)) else { return }
            sequence += 1
            let with = row[18].map { $0.isEmpty ? [] : $0.split(separator: "\u{1F}").map(String.init) } ?? []
            current!.timeline.activities.append(Activity(
                date: date, type: type, by: row[17].flatMap(Party.init(rawValue:)), with: with,
                decisionBy: day(row, 19), interest: row[20].flatMap(Interest.init(rawValue:)),
                sequence: Int(row[21]!) ?? sequence))
        }
        try flush()
    }

    private static func day(_ row: Row, _ column: Int) -> Day? {
        row[column].flatMap { Day($0) }
    }

    /// One row per activity (or one row with NULL activity columns for an application without any), ordered so
    /// each application's rows are together and in date and recording order.
    static func query(_ scope: TimelineScope) -> String {
        """
        SELECT a.id, a.candidate_id, c.email, o.id, cl.name, hm.name, hm.email, o.status::text, o.filled_on::text,
               a.stage::text, a.stage_date::text, a.submitted_on::text, a.decision_by::text, a.interest::text,
               coalesce(a.recruiter, c.recruiter, o.recruiter),
               act.occurred_on::text, act.type::text, act.by::text, array_to_string(act.with_names, E'\\x1f'),
               act.decision_by::text, act.interest::text, act.id
        FROM applications a
        JOIN candidates c ON c.id = a.candidate_id
        JOIN openings o ON o.id = a.opening_id
        JOIN clients cl ON cl.id = o.client_id
        LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id
        LEFT JOIN activities act ON act.application_id = a.id AND act.occurred_on <= $1::date
        WHERE ($2::text IS NULL OR cl.name = $2)
          AND ($3::text IS NULL OR lower(btrim(coalesce(a.recruiter, c.recruiter, o.recruiter))) = lower(btrim($3)))
          AND ($4::text IS NULL OR c.email = lower(btrim($4)))
          AND ($5::text IS NULL OR o.id = btrim($5))
        ORDER BY a.id, act.occurred_on, act.id
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
