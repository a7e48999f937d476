import Foundation
import Policies

/// How fast every client answers, and the agency as a whole, as of a day: the figures of each client's
/// ``Responsiveness``, read in one pass over the agency's activities, so that summaries of every client share it.
public struct AgencyReplies: Sendable {
    /// T.
    public let asOf: Day
    private let agency: (median: Double?, samples: Int)
    /// By the client's name as stored, byte for byte (two names Swift would call equal may be two clients).
    private let clients: [[UInt8]: (median: Double?, samples: Int)]

    /// One client's figures beside the agency's (a client with no answered prompt has none).
    public func of(_ client: String) -> Responsiveness {
        func median(_ figures: (median: Double?, samples: Int)?) -> Double? {
            guard let figures, figures.samples >= Responsiveness.minimumSamples else { return nil }
            return figures.median
        }
        let own = clients[Array(client.utf8)]
        return Responsiveness(clientMedianDays: median(own), clientSamples: own?.samples ?? 0,
                              agencyMedianDays: median(agency), agencySamples: agency.samples)
    }

    /// Reads the median reply days per client and over the whole agency: each interview, `follow_up` and
    /// `phone_check` on or before T paired with the next `hm_reply` on the same application (in date and recording
    /// order, on or before T); prompts never answered are left out.
    ///
    /// Each application's prompts and replies are read once, in application order from activities_timeline_covering_idx (an
    /// index-only scan where the pages are all-visible), each application's sorted latest first; the earliest reply
    /// after a prompt is a running minimum over the ones already read. The server counts the answered prompts
    /// per client and number of days, and the medians are worked out here from those counts, as `percentile_cont(0.5)`
    /// would. The cost is one pass over the agency's prompts and replies, never a lookup per prompt, and a caller
    /// with several summaries to write reads it once for all of them (``ClientSummary/build(_:client:asOf:replies:)``).
    public static func read(_ connection: Connection, asOf: Day) throws -> AgencyReplies {
        var counts: [[UInt8]: [Int: Int]] = [:]
        var all: [Int: Int] = [:]
        // One large statement: no JIT, and its sorts in memory.
        try TimelineReader.inOwnTransaction(connection) {
            try connection.forEachRow("""
                WITH replies AS (
                    SELECT act.application_id, act.type, act.occurred_on,
                           min(act.occurred_on) FILTER (WHERE act.type = 'hm_reply')
                               OVER (PARTITION BY act.application_id ORDER BY act.occurred_on DESC, act.id DESC
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reply
                    FROM activities act
                    WHERE act.occurred_on <= $1::date
                      AND act.type IN ('interview', 'follow_up', 'phone_check', 'hm_reply')
                )
                SELECT cl.name, r.reply - r.occurred_on, count(*)
                FROM replies r
                JOIN applications a ON a.id = r.application_id
                JOIN openings o ON o.id = a.opening_id
                JOIN clients cl ON cl.id = o.client_id
                WHERE r.type IN ('interview', 'follow_up', 'phone_check') AND r.reply IS NOT NULL
                GROUP BY 1, 2
                """, [asOf.description]) { row in
                guard let client = row[0], let days = row[1].flatMap({ Int($0) }),
                      let count = row[2].flatMap({ Int($0) }) else { return }
                counts[Array(client.utf8), default: [:]][days, default: 0] += count
                all[days, default: 0] += count
            }
        }
        return AgencyReplies(asOf: asOf, agency: figures(all), clients: counts.mapValues(figures))
    }

    /// The number of samples and their median (the mean of the middle two when they are even in number, as
    /// `percentile_cont(0.5)` gives it), from how many samples have each value.
    static func figures(_ counts: [Int: Int]) -> (median: Double?, samples: Int) {
        let samples = counts.values.reduce(0, +)
        guard samples > 0 else { return (nil, 0) }
        // The values at places (samples - 1) / 2 and samples / 2 of the sorted samples (0-based).
        var low: Int?, seen = 0
        for (value, count) in counts.sorted(by: { $0.key < $1.key }) {
            seen += count
            if low == nil && seen > (samples - 1) / 2 { low = value }
            if seen > samples / 2 {
                let high = Double(value), lower = Double(low!)
                return (lower + (high - lower) * (samples % 2 == 0 ? 0.5 : 0), samples)
            }
        }
        return (nil, samples)
    }
}
