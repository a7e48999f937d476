import Foundation
import Policies
import Recruiting
import RecruitTestSupport
import Testing

/// `recruit policy set` as stored: presets govern only the keys on which they differ, a client inherits every key
/// it does not override (issue 14).
@Suite("Policy changes as stored")
struct PolicyStoreTests {
    /// The three set-up steps an agency takes, in any order.
    static let steps: [PolicyChange] = [
        PolicyChange(assignments: [("holidays", "2026-12-18,2026-12-22"), ("timezone", "Europe/London")]),
        PolicyChange(preset: "patient"),
        PolicyChange(client: "stark logistics", preset: "patient"),
    ]

    static func permutations<T>(_ items: [T]) -> [[T]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { i in
            var rest = items
            let first = rest.remove(at: i)
            return permutations(rest).map { [first] + $0 }
        }
    }

    func withClients(_ body: (Connection) throws -> Void) async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            try Seed(connection).opening("S-1", client: "Stark Logistics").opening("A-1", client: "Acme Corp")
            try body(connection)
        }
    }

    @Test("whatever the order of setting holidays and time zone and applying presets, the policies in force are the same")
    func orderDoesNotMatter() async throws {
        var outcomes: [[Policy]] = []
        for order in Self.permutations(Self.steps) {
            try await withClients { connection in
                for step in order { _ = try PolicyStore.apply(step, connection) }
                let stored = try PolicyStore.load(connection)
                let stark = stored.policy(forClient: "Stark Logistics")
                #expect(stark.value(of: .holidays).text == "2026-12-18,2026-12-22")
                #expect(stark.timezone == "Europe/London" && stark.graceBusinessDays == 5)
                #expect(stored.clientOverrides["Stark Logistics"]?.keys == [.graceBusinessDays])
                #expect(stored.agency.value(of: .holidays).text == "2026-12-18,2026-12-22" && stored.agency.graceBusinessDays == 5)
                outcomes.append([stored.agency, stark, stored.policy(forClient: "Acme Corp")])
            }
        }
        #expect(outcomes.count == 6 && Set(outcomes).count == 1)
        // The client differs from the agency in no key at all: the preset is the agency's too.
        #expect(outcomes.first?[1] == outcomes.first?[0])
    }

    @Test("an agency holiday added after a client's preset reaches the client; the client's own holidays win; --unset inherits again")
    func clientInheritsLaterChanges() async throws {
        try await withClients { connection in
            _ = try PolicyStore.apply(PolicyChange(client: "Stark Logistics", preset: "patient"), connection)
            _ = try PolicyStore.apply(PolicyChange(assignments: [("holidays", "2026-12-22")]), connection)
            var stored = try PolicyStore.load(connection)
            #expect(stored.policy(forClient: "Stark Logistics").value(of: .holidays).text == "2026-12-22")
            #expect(stored.source(of: .holidays, forClient: "Stark Logistics") == .agency)
            #expect(stored.source(of: .graceBusinessDays, forClient: "Stark Logistics") == .client)
            #expect(stored.source(of: .thankYouDays, forClient: "Stark Logistics") == .standard)

            _ = try PolicyStore.apply(PolicyChange(client: "Stark Logistics", assignments: [("holidays", "2026-12-24")]), connection)
            _ = try PolicyStore.apply(PolicyChange(assignments: [("holidays", "2026-12-22,2026-12-23")]), connection)
            stored = try PolicyStore.load(connection)
            #expect(stored.policy(forClient: "Stark Logistics").value(of: .holidays).text == "2026-12-24")
            // holidays= for a client means "none", an override of its own.
            _ = try PolicyStore.apply(PolicyChange(client: "Stark Logistics", assignments: [("holidays", "")]), connection)
            stored = try PolicyStore.load(connection)
            #expect(stored.policy(forClient: "Stark Logistics").holidays.days.isEmpty)
            #expect(stored.source(of: .holidays, forClient: "Stark Logistics") == .client)
            _ = try PolicyStore.apply(PolicyChange(client: "Stark Logistics", unset: ["holidays"]), connection)
            stored = try PolicyStore.load(connection)
            #expect(stored.policy(forClient: "Stark Logistics").value(of: .holidays).text == "2026-12-22,2026-12-23")
            #expect(stored.clientOverrides["Stark Logistics"]?.keys == [.graceBusinessDays])
            // The agency's --unset goes back to the standard default.
            _ = try PolicyStore.apply(PolicyChange(unset: ["holidays"]), connection)
            #expect(try PolicyStore.load(connection).agencyOverrides.isEmpty)
        }
    }

    @Test("a preset keeps the client's other overrides and a refused change stores nothing")
    func presetKeepsOtherOverrides() async throws {
        try await withClients { connection in
            _ = try PolicyStore.apply(PolicyChange(client: "Stark Logistics", assignments: [("hm_weekly_cap", "5")]), connection)
            _ = try PolicyStore.apply(PolicyChange(client: "Stark Logistics", preset: "patient"), connection)
            #expect(try PolicyStore.load(connection).clientOverrides["Stark Logistics"]?.keys == [.graceBusinessDays, .hmWeeklyCap])
            _ = try PolicyStore.apply(PolicyChange(client: "Stark Logistics", preset: "standard"), connection)
            #expect(try PolicyStore.load(connection).policy(forClient: "Stark Logistics").graceBusinessDays == 3)
            #expect(throws: PolicyError.self) {
                try PolicyStore.apply(PolicyChange(client: "Stark Logistics", preset: "patient",
                                                   assignments: [("max_unanswered", "0")]), connection)
            }
            #expect(try PolicyStore.load(connection).policy(forClient: "Stark Logistics").graceBusinessDays == 3)
        }
    }
}
