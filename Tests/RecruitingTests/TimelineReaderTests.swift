import Foundation
import Policies
import Recruiting
import RecruitTestSupport
import Testing

@Suite("Timelines read with their applications")
struct TimelineReaderTests {
    /// Three candidates on two openings; the middle application has no activity at all, the last one has one dated
    /// after the as-of day.
    private func seed(_ connection: Connection) throws {
        try Seed(connection)
            .opening("A-1", client: "Acme Corp", hiringManager: "Dana Cho", recruiter: "opening@agency.test")
            .opening("B-1", client: "Beta Ltd", hiringManager: "Lee Park", recruiter: "opening@agency.test")
            .application("one@example.com", "A-1", recruiter: " Sam@Agency.test ")
            .application("two@example.com", "A-1")
            .application("three@example.com", "B-1")
            .activity("one@example.com", "A-1", "2026-11-02", "interview", by: "client", with: ["Dana Cho", "Lee\tPark"])
            .activity("one@example.com", "A-1", "2026-11-02", "thank_you", by: "candidate")
            .activity("one@example.com", "A-1", "2026-11-01", "phone_check", by: "recruiter")
            .activity("three@example.com", "B-1", "2026-11-03", "hm_reply", by: "client", decisionBy: "2026-11-10",
                      interest: "warm")
            .activity("three@example.com", "B-1", "2026-11-30", "follow_up", by: "recruiter")
        try connection.query("UPDATE candidates SET recruiter = 'kim@agency.test' WHERE email = 'three@example.com'")
    }

    private func read(_ connection: Connection, _ scope: TimelineScope = TimelineScope()) throws -> [String: Timeline] {
        var timelines: [String: Timeline] = [:]
        var ids: [Int64] = []
        try TimelineReader.forEach(connection, asOf: Day(year: 2026, month: 11, day: 20), scope: scope) { id, timeline in
            ids.append(id)
            timelines[timeline.candidate] = timeline
        }
        #expect(Set(ids).count == ids.count, "each application once")
        if scope != TimelineScope() { #expect(ids == ids.sorted(), "a scoped read comes in id order") }
        return timelines
    }

    @Test("every application comes with its own activities, in date and recording order, none after T")
    func mergeByApplication() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let timelines = try read(connection)
            #expect(timelines.keys.sorted() == ["one@example.com", "three@example.com", "two@example.com"])
            let one = try #require(timelines["one@example.com"])
            #expect(one.activities.map(\.type) == [.phoneCheck, .interview, .thankYou])
            #expect(one.activities[1].with == ["Dana Cho", "Lee\tPark"])
            #expect(one.activities[1].sequence < one.activities[2].sequence)
            #expect(one.opening.client == "Acme Corp" && one.opening.hiringManager == "Dana Cho")
            #expect(one.recruiter == " Sam@Agency.test ")
            #expect(timelines["two@example.com"]?.activities.isEmpty == true, "an application without activities")
            #expect(timelines["two@example.com"]?.recruiter == "opening@agency.test")
            let three = try #require(timelines["three@example.com"])
            #expect(three.activities.map(\.type) == [.hmReply], "the follow-up of 11-30 has not happened on 11-20")
            #expect(three.activities.first?.decisionBy == Day(year: 2026, month: 11, day: 10))
            #expect(three.activities.first?.interest == .warm)
            #expect(three.recruiter == "kim@agency.test")
            #expect(three.opening.client == "Beta Ltd")
        }
    }

    @Test("filters select exactly the applications they name")
    func filters() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            #expect(try read(connection, TimelineScope(client: "Beta Ltd")).keys.sorted() == ["three@example.com"])
            #expect(try read(connection, TimelineScope(opening: " A-1 ")).keys.sorted() == ["one@example.com", "two@example.com"])
            let two = try read(connection, TimelineScope(candidate: " TWO@example.com "))
            #expect(two.keys.sorted() == ["two@example.com"] && two["two@example.com"]?.activities.isEmpty == true)
            // The recruiter is the application's, else the candidate's, else the opening's, trimmed, any case.
            #expect(try read(connection, TimelineScope(recruiter: "sam@agency.test")).keys.sorted() == ["one@example.com"])
            let kim = try read(connection, TimelineScope(recruiter: "KIM@agency.test "))
            #expect(kim.keys.sorted() == ["three@example.com"] && kim["three@example.com"]?.activities.count == 1)
            #expect(try read(connection, TimelineScope(recruiter: "opening@agency.test")).keys.sorted() == ["two@example.com"])
            #expect(try read(connection, TimelineScope(client: "Beta Ltd", recruiter: "sam@agency.test")).isEmpty)
            #expect(try read(connection, TimelineScope(recruiter: "'); DROP TABLE activities;--")).isEmpty)
            #expect(try read(connection).count == 3, "a read after filtered ones sees everything again")
        }
    }

    @Test("a whole agency's read finds every candidate's e-mail and recruiter, whatever gaps their ids have")
    func candidateIDsWithGaps() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try connection.query("INSERT INTO candidates (email) VALUES ('gone1@example.com'), ('gone2@example.com')")
            try seed(connection)
            try connection.query("INSERT INTO candidates (email) VALUES ('gone3@example.com')")
            try Seed(connection).application("four@example.com", "B-1")
            try connection.query("DELETE FROM candidates WHERE email LIKE 'gone%'")
            let timelines = try read(connection)
            #expect(timelines.keys.sorted() == ["four@example.com", "one@example.com", "three@example.com", "two@example.com"])
            #expect(timelines["three@example.com"]?.recruiter == "kim@agency.test")
            #expect(timelines["four@example.com"]?.recruiter == "opening@agency.test")
            // In parallel parts the candidates are read in slices of ids, one per part's connection.
            for parts in [2, 3, 5] {
                let states = try TimelineReader.forEachInParallel(
                    connection, asOf: Day(year: 2026, month: 11, day: 20), partitions: parts, minimumPartSize: 1,
                    makeState: { [String: String?]() }) { state, _, timeline in
                    state[timeline.candidate] = timeline.recruiter
                }
                let merged = states.reduce(into: [String: String?]()) { $0.merge($1) { first, _ in first } }
                #expect(merged == timelines.mapValues(\.recruiter), "\(parts) parts")
            }
        }
    }

    @Test("parallel parts each finish their state once; a failing part ends the read with its error")
    func parallelPartsFinishOrFail() async throws {
        struct Stop: Error {}
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let asOf = Day(year: 2026, month: 11, day: 20)
            // Three parts for two applications: at least one part reads no row and must still end.
            let states = try TimelineReader.forEachInParallel(
                connection, asOf: asOf, scope: TimelineScope(client: "Acme Corp"), partitions: 3,
                makeState: { (read: [String](), finished: 0) }, finish: { $0.finished += 1 }
            ) { state, _, timeline in state.read.append(timeline.candidate) }
            #expect(states.count == 3 && states.allSatisfy { $0.finished == 1 })
            #expect(states.flatMap(\.read).sorted() == ["one@example.com", "two@example.com"])
            #expect(throws: Stop.self) {
                _ = try TimelineReader.forEachInParallel(
                    connection, asOf: asOf, scope: TimelineScope(client: "Acme Corp"), partitions: 3,
                    makeState: { () }) { _, _, timeline in if timeline.candidate == "two@example.com" { throw Stop() } }
            }
            #expect(!connection.isInTransaction)
            #expect(try read(connection).count == 3, "the connection reads again after the failed read")
        }
    }

    @Test("parallel reads keep the connections of parts that ended cleanly for the next read; a failed part's closes")
    func partsConnectionsKept() async throws {
        struct Stop: Error {}
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let asOf = Day(year: 2026, month: 11, day: 20)
            let backends = {
                Set(try connection.query("""
                    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                    """).rows.map { $0[0] ?? "" })
            }
            let read = { (scope: TimelineScope) in
                _ = try TimelineReader.forEachInParallel(connection, asOf: asOf, scope: scope, partitions: 3,
                                                         minimumPartSize: 1, makeState: { () }) { _, _, _ in }
            }
            connection.openCompanionsAhead(3)
            try read(TimelineScope(client: "Acme Corp"))
            let first = try backends()
            #expect(first.count == 3, "the three opened ahead, idle again")
            try read(TimelineScope())
            try read(TimelineScope(recruiter: "kim@agency.test"))
            #expect(try backends() == first, "the next reads use the same three")
            #expect(throws: Stop.self) {
                _ = try TimelineReader.forEachInParallel(
                    connection, asOf: asOf, scope: TimelineScope(client: "Acme Corp"), partitions: 3,
                    makeState: { () }) { _, _, timeline in if timeline.candidate == "two@example.com" { throw Stop() } }
            }
            try read(TimelineScope(client: "Acme Corp"))
            #expect(!(try backends()).isSubset(of: first), "the failed part's connection was replaced")
        }
    }

    @Test("`meanwhile` runs once, on the caller's connection in the read's transaction; its error ends the read")
    func meanwhileAlongsideParts() async throws {
        struct Stop: Error {}
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let asOf = Day(year: 2026, month: 11, day: 20)
            let scopes = [TimelineScope(), TimelineScope(client: "Acme Corp"), TimelineScope(candidate: "one@example.com")]
            for scope in scopes {
                for partitions in [1, 3] {
                    var calls = 0
                    var seen: [String?] = []
                    let states = try TimelineReader.forEachInParallel(
                        connection, asOf: asOf, scope: scope, partitions: partitions, minimumPartSize: 1,
                        makeState: { 0 },
                        meanwhile: { caller in
                            calls += 1
                            #expect(caller === connection && caller.isInTransaction)
                            // An application added since the read began is not in its snapshot.
                            try Seed(try database.connect()).application("late@example.com", "B-1")
                            seen.append(try caller.query("SELECT count(*) FROM applications").scalar)
                        }
                    ) { count, _, _ in count += 1 }
                    try connection.query("DELETE FROM candidates WHERE email = 'late@example.com'")
                    #expect(calls == 1 && seen == ["3"], "\(scope), \(partitions) parts")
                    #expect(states.reduce(0, +) == (scope == TimelineScope() ? 3 : scope.client != nil ? 2 : 1))
                    #expect(throws: Stop.self, "\(scope), \(partitions) parts") {
                        _ = try TimelineReader.forEachInParallel(
                            connection, asOf: asOf, scope: scope, partitions: partitions, minimumPartSize: 1,
                            makeState: { () }, meanwhile: { _ in throw Stop() }) { _, _, _ in }
                    }
                    #expect(!connection.isInTransaction)
                }
            }
        }
    }

    @Test("a read inside the caller's transaction leaves it open")
    func insideTransaction() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try seed(connection)
            let counts = try connection.transaction { () throws -> [Int] in
                let first = try read(connection, TimelineScope(recruiter: "kim@agency.test")).count
                let second = try read(connection, TimelineScope(recruiter: "kim@agency.test")).count
                #expect(connection.isInTransaction)
                return [first, second]
            }
            #expect(counts == [1, 1])
            #expect(!connection.isInTransaction)
        }
    }
}

@Suite("The queue held in sorted batches")
struct QueueItemsTests {
    @Test("merging batches gives DailyQueue's own order, whatever the batch size")
    func batchesMergeInQueueOrder() {
        let asOf = Day(year: 2026, month: 11, day: 20)
        let rules: [Rule] = [.followUp, .phoneCheck, .thankYou, .keepInMind, .tooEarly, .afterDecision]
        var items: [Recommendation] = []
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<5_000 {
            let due = asOf.adding(days: -next(30))
            let deadline: Day? = next(3) == 0 ? nil : due.adding(days: next(10))
            items.append(Recommendation(
                rule: rules[next(rules.count)], actor: [.recruiter, .candidate][next(2)],
                candidate: "c\(next(40))@example.com", opening: "JOB-\(next(5))", client: ["Acme", "Beta"][next(2)],
                hiringManager: next(4) == 0 ? nil : "HM \(next(3))", recruiter: next(5) == 0 ? nil : "r\(next(3))",
                due: due, deadline: deadline, overdue: deadline.map { $0 < asOf } ?? (due < asOf),
                interest: Interest.allCases[next(4)],
                reason: .phoneCheck(lastContact: due.adding(days: -next(9)), days: next(9), due: due),
                staleAfterDays: next(2) == 0 ? nil : 20))
        }
        let expected = DailyQueue.arrange(items, asOf: asOf)
        for batchSize in [1, 7, 64, 10_000] {
            var queue = QueueItems(asOf: asOf, batchSize: batchSize)
            for start in stride(from: 0, to: items.count, by: 3) {
                queue.add(Array(items[start..<min(start + 3, items.count)]))
            }
            queue.close()
            #expect(Array(queue) == expected, "batch size \(batchSize)")
            #expect(queue.count == expected.count)
        }
        // Queues filled separately (as parallel parts are) and then joined give the same order.
        var first = QueueItems(asOf: asOf, batchSize: 500), second = QueueItems(asOf: asOf, batchSize: 640)
        first.add(Array(items[..<2_300]))
        second.add(Array(items[2_300...]))
        second.close()
        first.append(contentsOf: &second)
        #expect(second.count == 0, "moved, not copied")
        first.close()
        #expect(Array(first) == expected, "joined queues")
        // JSON rendered in parallel runs is byte for byte the one-thread rendering, runs and all.
        for pretty in [true, false] {
            for workers in [1, 2, 3] {
                // Short runs make many more runs than slots, so the slots are used round and round.
                for runLength in [1, 7, 2_048] {
                    var bytes: [UInt8] = []
                    first.writeJSON(pretty: pretty, workers: workers, runLength: runLength) {
                        bytes.append(contentsOf: $0)
                    }
                    #expect(String(decoding: bytes, as: UTF8.self) == Recommendation.jsonArray(expected, pretty: pretty),
                            "\(workers) workers, runs of \(runLength)")
                }
            }
        }
        var none = QueueItems(asOf: asOf)
        none.close()
        var bytes: [UInt8] = []
        none.writeJSON(pretty: true) { bytes.append(contentsOf: $0) }
        #expect(String(decoding: bytes, as: UTF8.self) == "[]")
    }
}

@Suite("The queue written in parallel runs")
struct QueueItemsWriteTests {
    @Test("pieces come out in their order, each item with its tag, whatever the workers and the run length")
    func piecesInOrder() {
        let asOf = Day(year: 2026, month: 11, day: 20)
        var queue = QueueItems(asOf: asOf, batchSize: 50)
        queue.add((0..<300).map { index in
            Recommendation(rule: .followUp, actor: .recruiter, candidate: "c\(1000 + index)@example.com",
                           opening: "JOB-\(index % 7)", client: "Acme", hiringManager: index % 3 == 0 ? nil : "Ann",
                           recruiter: "kim", due: asOf, deadline: nil, overdue: false, interest: .warm,
                           reason: .noInterview)
        })
        queue.close()
        let places = Array(queue.places)
        #expect(places.count == 300)
        #expect(places.map { queue[$0] } == Array(queue), "places give the items in the queue's order")
        // Bytes before, between and after the items; an item's tag is its position, so every item says where it is.
        var pieces: [QueueItems.Piece] = [.bytes(Array("head\n".utf8))]
        var expected = "head\n"
        for (index, place) in places.enumerated() {
            if index % 40 == 0 {
                pieces.append(.bytes(Array("-- \(index)\n".utf8)))
                expected += "-- \(index)\n"
            }
            pieces.append(.item(place, tag: index))
            expected += "\(index) \(queue[place].candidate!)\n"
        }
        pieces.append(.bytes(Array("tail\n".utf8)))
        expected += "tail\n"
        for workers in [1, 2, 5] {
            for runLength in [1, 3, 64, 10_000] {
                var bytes: [UInt8] = []
                var chunks = 0
                queue.write(pieces, workers: workers, runLength: runLength, rendering: { item, tag, out in
                    out.append(contentsOf: "\(tag) \(item.candidate!)\n".utf8)
                }, to: { bytes.append(contentsOf: $0); chunks += 1 })
                #expect(String(decoding: bytes, as: UTF8.self) == expected, "\(workers) workers, runs of \(runLength)")
                #expect(chunks == (300 + runLength - 1) / runLength + (300 % runLength == 0 ? 1 : 0),
                        "one chunk per run (the tail after a full last run is a run of its own)")
            }
        }
        // Bytes only, and nothing at all.
        var bytes: [UInt8] = []
        queue.write([.bytes([1, 2]), .bytes([3])], rendering: { _, _, _ in }, to: { bytes.append(contentsOf: $0) })
        #expect(bytes == [1, 2, 3])
        var none = 0
        queue.write([QueueItems.Piece](), rendering: { _, _, _ in }, to: { _ in none += 1 })
        #expect(none == 0)
    }

    @Test("when the output fails, the error comes back and no run is rendering any more")
    func failingOutput() {
        let asOf = Day(year: 2026, month: 11, day: 20)
        var queue = QueueItems(asOf: asOf)
        queue.add((0..<300).map { index in
            Recommendation(rule: .followUp, actor: .recruiter, candidate: "c\(index)@example.com", opening: "JOB-1",
                           client: "Acme", hiringManager: "Ann", recruiter: "kim", due: asOf, deadline: nil,
                           overdue: false, interest: .warm, reason: .noInterview)
        })
        queue.close()
        final class Count: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            func add() { lock.withLock { count += 1 } }
            var value: Int { lock.withLock { count } }
        }
        struct Full: Error {}
        let rendered = Count()
        var chunks = 0
        #expect(throws: Full.self) {
            try queue.write(queue.pieces(head: [], tail: []), workers: 3, runLength: 3, rendering: { _, _, out in
                usleep(500)
                rendered.add()
                out.append(1)
            }, to: { _ in
                chunks += 1
                if chunks == 2 { throw Full() }
            })
        }
        let atReturn = rendered.value
        usleep(50_000)
        #expect(rendered.value == atReturn, "no item is rendered after the call returns")
        #expect(atReturn < 300, "the items after the failure are not rendered")
        #expect(chunks == 2)
    }

    @Test("outlines give each item's rule, actor and texts without unpacking it; equal texts have equal ids")
    func outlines() {
        let asOf = Day(year: 2026, month: 11, day: 20)
        var first = QueueItems(asOf: asOf, batchSize: 4), second = QueueItems(asOf: asOf, batchSize: 3)
        let names: [String?] = [nil, "Ann", "Bo", "no hiring manager", "Zoë"]
        for index in 0..<40 {
            let item = Recommendation(
                rule: [.followUp, .phoneCheck, .thankYou, .tooEarly, .keepInMind][index % 5],
                actor: index % 2 == 0 ? .recruiter : .candidate, candidate: "c\(index)@example.com",
                opening: "JOB-\(index % 4)", client: ["Acme", "Beta"][index % 2], hiringManager: names[index % 5],
                recruiter: names[(index / 5) % 5], due: asOf, deadline: nil, overdue: false, interest: .top,
                reason: .noInterview)
            if index % 3 == 0 { first.add([item]) } else { second.add([item]) }
        }
        second.close()
        // Joined queues renumber the second one's texts into the first one's.
        first.append(contentsOf: &second)
        first.close()
        var ids: [String: Set<QueueItems.TextID>] = [:]
        for place in first.places {
            let item = first[place], outline = first.outline(place)
            #expect(outline.rule == item.rule && outline.actor == item.actor && outline.kind == item.kind)
            #expect(first.text(outline.client) == item.client)
            #expect(first.text(outline.hiringManager) == item.hiringManager)
            #expect(first.text(outline.recruiter) == item.recruiter)
            for (text, id) in [(item.client, outline.client), (item.hiringManager ?? "nil", outline.hiringManager),
                               (item.recruiter ?? "nil", outline.recruiter)] {
                ids[text, default: []].insert(id)
            }
        }
        #expect(ids.count == 7)
        #expect(ids.values.allSatisfy { $0.count == 1 }, "one id per text, absent included")
    }
}
