import Foundation
import Recruiting
@testable import RecruitWeb
import RecruitTestSupport
import Testing

/// The web workspace keeps computed queues between page loads; these laws say when it may use one again.
@Suite("Queues kept between page loads")
struct QueueCacheTests {
    /// Waits up to five seconds for `condition`.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test("a kept value is used again until another connection commits a change, and a rolled-back change keeps it")
    func keptUntilCommittedChange() async throws {
        try await TestDatabase.with { database in
            let changes = DataChanges(conninfo: database.conninfo)
            changes.start()
            defer { changes.stop() }
            let cache = QueueCache(changes: changes)
            var computed = 0
            func read() -> Int { cache.value("queue", version: cache.version) { computed += 1; return computed } }

            #expect(changes.version != nil, "listening")
            #expect(read() == 1)
            #expect(read() == 1, "kept")

            let writer = try database.connect()
            let before = changes.version
            _ = try? writer.transaction { () throws -> Void in
                _ = try writer.query("INSERT INTO clients (name) VALUES ($1)", ["Rolled Back Ltd"])
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(changes.version == before, "a rolled-back write says nothing")
            #expect(read() == 1)

            _ = try writer.query("INSERT INTO clients (name) VALUES ($1)", ["Committed Ltd"])
            #expect(try await Self.eventually { changes.version != before }, "the commit was heard")
            #expect(read() == 2, "computed again after the change")
            #expect(read() == 2)

            // A write to data the queue does not read (the accounts) keeps it.
            let unrelated = changes.version
            _ = try Accounts.add(writer, email: "new@agency.test", name: "New", role: .recruiter, by: "test")
            try await Task.sleep(for: .milliseconds(300))
            #expect(changes.version == unrelated)
        }
    }

    @Test("a value computed from data read before a change is not kept as the newer version's")
    func readBeforeChange() async throws {
        try await TestDatabase.with { database in
            let changes = DataChanges(conninfo: database.conninfo)
            changes.start()
            defer { changes.stop() }
            let cache = QueueCache(changes: changes)
            let before = cache.version
            changes.changed()  // a commit between reading the policies and computing
            var computed = 0
            _ = cache.value("queue", version: before) { computed += 1; return computed }
            _ = cache.value("queue", version: cache.version) { computed += 1; return computed }
            #expect(computed == 2)
        }
    }

    @Test("nothing is kept while changes cannot be heard")
    func nothingKeptWithoutListening() async throws {
        let changes = DataChanges(conninfo: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1")
        changes.start()
        defer { changes.stop() }
        let cache = QueueCache(changes: changes)
        var computed = 0
        for _ in 0..<3 { _ = cache.value("queue", version: cache.version) { computed += 1; return computed } }
        #expect(changes.version == nil)
        #expect(computed == 3)
    }

    @Test("at most the limit is kept, the least recently used going first")
    func leastRecentlyUsedGoes() async throws {
        try await TestDatabase.with { database in
            let changes = DataChanges(conninfo: database.conninfo)
            changes.start()
            defer { changes.stop() }
            let cache = QueueCache(changes: changes, limit: 2)
            var computed: [String] = []
            func read(_ key: String) { _ = cache.value(key, version: cache.version) { computed.append(key); return key } }
            read("a"); read("b"); read("a"); read("c"); read("a"); read("b")
            #expect(computed == ["a", "b", "c", "b"])
        }
    }
}
