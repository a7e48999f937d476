import Foundation
import Policies

/// Turns the rows of ``TimelineReader``'s COPY statements into timelines: the openings and the hires as of T are read
/// once up front, shared by every copy of the decoder.
struct TimelineRowDecoder {
    private let asOf: Day
    private let hires: [Int64: [(application: Int64, day: Day)]]
    private let openings: [String: Opening]
    private let interests = CopyLabels<Interest>()
    private let stages = CopyLabels<Stage>()
    private var row = CopyBinaryRow()
    /// Whether the rows carry the candidate's name (0014), after the facts.
    private let candidateNames: Bool

    /// Reads what every row refers to.
    init(_ connection: Connection, asOf: Day, candidateNames: Bool) throws {
        self.asOf = asOf
        self.candidateNames = candidateNames
        hires = try TimelineReader.hiredFacts(connection, asOf: asOf)
        openings = try TimelineReader.openingsByID(connection)
    }

    /// The application id and timeline of one row; nil for a row whose opening or candidate is unknown.
    mutating func decode(_ bytes: UnsafeRawBufferPointer) throws -> (Int64, Timeline)? {
        guard try row.split(bytes) else { return nil }
        guard let id = row.int64(0), let candidateID = row.int64(1), let email = row.string(2),
              let openingID = row.string(3), let opening = openings[openingID] else { return nil }
        let application = ApplicationRow(
            stage: row.label(4, stages) ?? .submitted, stageDate: row.day(5), submittedOn: row.day(6),
            decisionBy: row.day(7), interest: row.label(8, interests))
        var timeline = Timeline(candidate: email, opening: opening, application: application,
                                recruiter: row.string(9))
        if candidateNames { timeline.candidateName = row.string(11) }
        if !row.isNull(10) {
            let asOf = asOf
            do {
                try row.withBytes(10) { facts in
                    timeline.activities.reserveCapacity(8)
                    try PackedTimeline().decode(facts, asOf: asOf, into: &timeline.activities)
                }
            } catch is PackedTimeline.Malformed {
                throw DatabaseError.connectionLost(reason: """
                    application \(id)'s row in application_timelines is not in the packed format; rebuild it with \
                    SELECT recruit_refresh_timelines(ARRAY[\(id)::bigint])
                    """)
            }
        }
        if !hires.isEmpty, let hired = hires[candidateID] {
            timeline.hiredElsewhere = hired.filter { $0.application != id }.map(\.day)
        }
        return (id, timeline)
    }
}
