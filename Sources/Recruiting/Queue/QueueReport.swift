import Foundation
import Policies

/// The daily queue as of a day: every application's items under its client's policy, plus hm-overload.
public struct QueueReport: Sendable {
    public let asOf: Day
    /// Over-contact warnings first, then the other items, in CONTRACT.md's order.
    public let items: [Recommendation]

    /// Builds the queue from one streamed read of the timelines in scope.
    ///
    /// hm-overload counts every outbound contact to a hiring manager, whoever's candidate it was about, so with a
    /// `--recruiter` filter it still counts the whole week's contacts of the HMs in scope.
    public static func build(_ connection: Connection, asOf: Day, scope: TimelineScope = TimelineScope()) throws -> QueueReport {
        QueueReport(asOf: asOf, items: Array(try queue(connection, asOf: asOf, scope: scope)))
    }

    /// The same queue as ``build(_:asOf:scope:)``, held compactly and handed out in order by iterating it: for a
    /// whole agency's queue, which as an array of items would not fit in memory comfortably.
    public static func queue(_ connection: Connection, asOf: Day, scope: TimelineScope = TimelineScope()) throws -> QueueItems {
        let policies = try PolicyStore.load(connection)
        var queue = QueueItems(asOf: asOf)
        var buffer: [Recommendation] = []
        var hiringManagersInScope = Set<String>()
        // An opening has one client and one HM: build the HM's key once per opening, not once per application.
        var openingsSeen = Set<String>()
        try TimelineReader.forEach(connection, asOf: asOf, scope: scope) { _, timeline in
            let policy = policies.policy(forClient: timeline.opening.client)
            timeline.appendRecommendations(asOf: asOf, policy: policy, to: &buffer)
            if !buffer.isEmpty {
                queue.add(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            guard openingsSeen.insert(timeline.opening.id).inserted else { return }
            if let key = HiringManagerLoad.key(client: timeline.opening.client,
                                               hiringManager: timeline.opening.hiringManager,
                                               hiringManagerEmail: timeline.opening.hiringManagerEmail) {
                hiringManagersInScope.insert(key)
            }
        }
        var load = HiringManagerLoad(asOf: asOf)
        try recentContacts(connection, asOf: asOf) { client, name, email, count in
            guard let key = HiringManagerLoad.key(client: client, hiringManager: name, hiringManagerEmail: email),
                  hiringManagersInScope.contains(key) else { return }
            load.addContacts(count, client: client, hiringManager: name, hiringManagerEmail: email,
                             weeklyCap: policies.policy(forClient: client).hmWeeklyCap)
        }
        queue.add(load.recommendations)
        queue.close()
        return queue
    }

    /// Outbound contacts per hiring manager in T-6 ... T, across all candidates and openings (reading 16).
    static func recentContacts(_ connection: Connection, asOf: Day,
                               _ body: (String, String?, String?, Int) -> Void) throws {
        try connection.forEachRow("""
            SELECT cl.name, nullif(btrim(hm.name), ''), nullif(btrim(hm.email), ''), count(*)
            FROM activities act
            JOIN applications a ON a.id = act.application_id
            JOIN openings o ON o.id = a.opening_id
            JOIN clients cl ON cl.id = o.client_id
            JOIN hiring_managers hm ON hm.id = o.hiring_manager_id
            WHERE act.type IN ('follow_up', 'phone_check')
              AND act.occurred_on BETWEEN $1::date - 6 AND $1::date
            GROUP BY cl.name, hm.id, hm.name, hm.email
            """, [asOf.description]) { row in
            body(row[0]!, row[1], row[2], Int(row[3]!) ?? 0)
        }
    }
}
