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
    /// whole agency's queue, which as an array of items would not fit in memory comfortably. The timelines are
    /// read and evaluated in up to `workers` parts at once (one per processor unless told; a whole agency's parts
    /// of at least `applicationsPerWorker` application ids each). `policies`: the stored policies when the caller
    /// has just read them. `candidateNames`: read the candidates' names and the openings' titles for the items (false
    /// for an output that shows neither, such as the JSON: the names cost a column of every row and memory per
    /// candidate).
    public static func queue(_ connection: Connection, asOf: Day, scope: TimelineScope = TimelineScope(),
                             policies stored: AgencyPolicies? = nil,
                             workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                             applicationsPerWorker: Int64 = 50_000, candidateNames: Bool = true) throws -> QueueItems {
        let stored = try stored ?? PolicyStore.load(connection)
        // Each client's policy worked out once, not once per timeline.
        let agencyPolicy = stored.agency
        let clientPolicies = stored.clientOverrides.mapValues { agencyPolicy.applying($0) }
        let policies = { (client: String) in
            clientPolicies.isEmpty ? agencyPolicy : clientPolicies[client] ?? agencyPolicy
        }
        var contacts: [RecentContact] = []
        var titles: [String: String] = [:]
        var parts = try TimelineReader.forEachInParallel(
            connection, asOf: asOf, scope: scope, partitions: partCount(workers),
            minimumPartSize: applicationsPerWorker, candidateNames: candidateNames,
            makeState: { Part(asOf: asOf, everyHiringManager: scope == TimelineScope()) },
            // Each part sorts its last batch on its own thread.
            finish: { $0.queue.close() },
            // The week's contacts and the openings' titles are read, in the same snapshot, while the timelines stream.
            meanwhile: { connection in
                try recentContacts(connection, asOf: asOf) { contacts.append($0) }
                if candidateNames { titles = try openingTitles(connection) }
            }
        ) { part, _, timeline in
            part.add(timeline, policies: policies)
        }
        var part = parts.removeFirst()
        while !parts.isEmpty {
            var other = parts.removeLast()
            part.absorb(&other)
        }
        var load = HiringManagerLoad(asOf: asOf)
        for c in contacts {
            guard let key = HiringManagerLoad.key(client: c.client, hiringManager: c.name, hiringManagerEmail: c.email),
                  part.hiringManagersInScope?.contains(key) ?? true else { continue }
            let policy = policies(c.client)
            load.add(HiringManagerLoad.Message(day: c.day, type: c.type, by: c.by, channel: c.channel, policy: policy),
                     client: c.client, hiringManager: c.name, hiringManagerEmail: c.email, weeklyCap: policy.hmWeeklyCap,
                     recruiter: c.recruiter)
        }
        part.queue.add(load.recommendations)
        part.queue.close()
        part.queue.openingTitles = titles
        return part.queue
    }

    /// Starts connecting, in the background, the connections a queue of `scope` will read its parts on, so that
    /// connecting overlaps what the caller does first (reading the policies, say). Cheap to skip: the read connects
    /// whatever is missing when it starts.
    public static func connectAhead(_ connection: Connection, scope: TimelineScope = TimelineScope(),
                                    workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        // A candidate's or an opening's few applications are read in one part, on `connection`.
        guard scope.candidate == nil && scope.opening == nil, partCount(workers) > 1 else { return }
        connection.openCompanionsAhead(partCount(workers))
    }

    /// Parts read at once for `workers` workers.
    private static func partCount(_ workers: Int) -> Int { min(max(workers, 1), 8) }

    /// The queue items of some timelines and the hiring managers of their openings.
    struct Part {
        var queue: QueueItems
        /// The keys of the HMs of the openings read; nil for every HM (a whole agency's read, where any HM with
        /// contacts has an application on one of its openings, so the set would hold them all).
        var hiringManagersInScope: Set<String>?
        /// An opening has one client and one HM: its HM's key is built once per opening, not once per application.
        private var openingsSeen = Set<String>()
        private var buffer: [Recommendation] = []

        init(asOf: Day, everyHiringManager: Bool) {
            queue = QueueItems(asOf: asOf)
            hiringManagersInScope = everyHiringManager ? nil : []
        }

        mutating func add(_ timeline: Timeline, policies: (String) -> Policy) {
            let policy = policies(timeline.opening.client)
            // A forgotten person (`recruit forget`) is nobody's work any more; their facts still count elsewhere.
            if !Erasure.isPlaceholder(timeline.candidate) {
                timeline.appendRecommendations(asOf: queue.asOf, policy: policy, to: &buffer)
            }
            if !buffer.isEmpty {
                queue.add(buffer, candidateName: timeline.candidateName)
                buffer.removeAll(keepingCapacity: true)
            }
            guard hiringManagersInScope != nil, openingsSeen.insert(timeline.opening.id).inserted else { return }
            if let key = HiringManagerLoad.key(client: timeline.opening.client,
                                               hiringManager: timeline.opening.hiringManager,
                                               hiringManagerEmail: timeline.opening.hiringManagerEmail) {
                hiringManagersInScope?.insert(key)
            }
        }

        /// Takes in another part's items and hiring managers, leaving its queue empty.
        mutating func absorb(_ other: inout Part) {
            queue.append(contentsOf: &other.queue)
            if let others = other.hiringManagersInScope { hiringManagersInScope?.formUnion(others) }
        }
    }

    /// Every opening's title by id (a few tens of thousands at most: read whole, like the openings themselves, and
    /// in binary COPY, not a row at a time, which costs the client a call per row).
    static func openingTitles(_ connection: Connection) throws -> [String: String] {
        var titles: [String: String] = [:]
        var row = CopyBinaryRow()
        try connection.copyOut("COPY (SELECT id, title FROM openings) TO STDOUT (FORMAT binary)") { bytes in
            guard try row.split(bytes), let id = row.string(0), let title = row.string(1) else { return }
            titles[id] = title
        }
        return titles
    }

    /// One kind of outbound contact to one hiring manager in T-6 ... T: the contacts on one day of one type,
    /// sender and channel on the applications of one recruiter (cells as stored: the engine resolves blanks and
    /// decides what makes one message; the recruiter is only noted, for addressing the warning).
    struct RecentContact {
        let client: String
        let name: String?
        let email: String?
        let day: Day
        let type: ActivityType
        let by: Party?
        let channel: Channel?
        /// The recruiter of the contacts' applications (reading 19: the application's, else the candidate's, else
        /// the opening's, as the queue's items show it); nil when none names one.
        let recruiter: String?
    }

    /// The week's outbound contacts per hiring manager, across all candidates and openings, one row for all the
    /// contacts of one day, type, sender, channel and recruiter (reading 16 counts messages, not activities; a
    /// message written about candidates of two recruiters comes as two rows, which the engine counts as one).
    static func recentContacts(_ connection: Connection, asOf: Day, _ body: (RecentContact) throws -> Void) throws {
        try connection.forEachRow("""
            SELECT DISTINCT cl.name, nullif(btrim(hm.name), ''), nullif(btrim(hm.email), ''), hm.id,
                   act.occurred_on::text, act.type::text, act.by::text, act.channel::text,
                   t.recruiter
            FROM activities act
            JOIN applications a ON a.id = act.application_id
            JOIN application_timelines t ON t.application_id = a.id  -- its recruiter as reading 19 resolves it (0014)
            JOIN openings o ON o.id = a.opening_id
            JOIN clients cl ON cl.id = o.client_id
            JOIN hiring_managers hm ON hm.id = o.hiring_manager_id
            WHERE act.type IN ('follow_up', 'phone_check')
              AND act.occurred_on BETWEEN $1::date - 6 AND $1::date
            """, [asOf.description]) { row in
            guard let client = row[0], let day = row[4].flatMap(Day.init), let type = row[5].flatMap(ActivityType.init)
            else { throw DatabaseError.connectionLost(reason: "the server sent a recent contact that is not one") }
            try body(RecentContact(client: client, name: row[1], email: row[2], day: day, type: type,
                               by: row[6].flatMap(Party.init), channel: row[7].flatMap(Channel.init),
                               recruiter: row[8]))
        }
    }
}
