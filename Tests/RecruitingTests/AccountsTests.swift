import Foundation
import Recruiting
import RecruitTestSupport
import Testing

/// Accounts, sessions and secret links as stored (sql/0015_accounts.sql), without the web server.
@Suite("Accounts, sessions and links")
struct AccountsTests {
    static let password = "a long enough secret"

    func withAccount(_ role: Role = .recruiter, _ body: (Connection, User) throws -> Void) async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let (user, link) = try Accounts.add(connection, email: " Lou@Agency.test ", name: "Lou Lane", role: role, by: "test")
            _ = try Accounts.setPassword(connection, link: link, password: Self.password)
            try body(connection, try Accounts.named(user.email, connection))
        }
    }

    @Test("an account is stored lower-case, has no password until its one-time link is used, and the link works once")
    func oneTimeLink() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let (user, link) = try Accounts.add(connection, email: "Sam@Agency.TEST", name: " Sam ", role: .manager, by: "test")
            #expect(user.email == "sam@agency.test" && user.name == "Sam" && !user.hasPassword)
            #expect(try Accounts.passwordLinkUser(connection, link: link)?.id == user.id)
            #expect(throws: AccountError.weakPassword("the password needs at least 12 characters")) {
                try Accounts.setPassword(connection, link: link, password: "short")
            }
            #expect(try Accounts.passwordLinkUser(connection, link: link) != nil, "a refused password leaves the link usable")
            #expect(try Accounts.setPassword(connection, link: link, password: Self.password).hasPassword)
            #expect(throws: AccountError.linkNotValid) { try Accounts.setPassword(connection, link: link, password: Self.password) }
            #expect(try Accounts.passwordLinkUser(connection, link: link) == nil)
            #expect(throws: AccountError.alreadyExists("sam@agency.test")) {
                try Accounts.add(connection, email: "sam@agency.test", name: "Other", role: .admin, by: "test")
            }
            #expect(throws: AccountError.invalidEmail("not-an-address")) {
                try Accounts.add(connection, email: "not-an-address", name: "X", role: .admin, by: "test")
            }
            // A new link stops the earlier unused one.
            let first = try Accounts.passwordLink(connection, email: "sam@agency.test", by: "test")
            let second = try Accounts.passwordLink(connection, email: "sam@agency.test", by: "test")
            #expect(try Accounts.passwordLinkUser(connection, link: first) == nil)
            #expect(try Accounts.passwordLinkUser(connection, link: second)?.email == "sam@agency.test")
        }
    }

    @Test("sign-in opens a fresh session each time; sign-out, a new password and disabling end sessions on the server")
    func sessions() async throws {
        try await withAccount { connection, user in
            let one = try Accounts.signIn(connection, email: "LOU@agency.test", password: Self.password, address: "10.0.0.1")
            let two = try Accounts.signIn(connection, email: "lou@agency.test", password: Self.password, address: "10.0.0.1")
            #expect(one.secret != two.secret && one.csrf != two.csrf)
            #expect(try Accounts.session(connection, secret: one.secret)?.user.id == user.id)
            try Accounts.signOut(connection, secret: one.secret)
            #expect(try Accounts.session(connection, secret: one.secret) == nil)
            #expect(try Accounts.session(connection, secret: two.secret) != nil)
            let link = try Accounts.passwordLink(connection, email: user.email, by: "test")
            _ = try Accounts.setPassword(connection, link: link, password: "another long secret")
            #expect(try Accounts.session(connection, secret: two.secret) == nil, "a new password ends the old sessions")
            let three = try Accounts.signIn(connection, email: user.email, password: "another long secret", address: "10.0.0.1")
            _ = try Accounts.disable(connection, email: user.email, by: "test")
            #expect(try Accounts.session(connection, secret: three.secret) == nil)
            #expect(throws: AccountError.signInRefused) {
                try Accounts.signIn(connection, email: user.email, password: "another long secret", address: "10.0.0.1")
            }
            // Secrets are stored only as hashes.
            #expect(try connection.query("SELECT count(*) FROM web_sessions WHERE encode(secret_hash, 'escape') LIKE '%' || $1 || '%'",
                                         [three.secret.text]).scalar == "0")
        }
    }

    @Test("five failures lock the account for a while, thirty lock the address; the right password does not get through meanwhile")
    func throttling() async throws {
        try await withAccount { connection, user in
            for _ in 0..<Accounts.failuresPerAccount {
                #expect(throws: AccountError.signInRefused) {
                    try Accounts.signIn(connection, email: user.email, password: "wrong", address: "10.0.0.2")
                }
            }
            #expect(throws: AccountError.throttled(minutes: Accounts.throttleMinutes)) {
                try Accounts.signIn(connection, email: user.email, password: Self.password, address: "10.0.0.3")
            }
            // Another address's failures on unknown accounts lock that address, not Lou's next address.
            for i in 0..<Accounts.failuresPerAddress {
                _ = try? Accounts.signIn(connection, email: "nobody\(i)@agency.test", password: "x", address: "10.0.0.9")
            }
            let (other, link) = try Accounts.add(connection, email: "kim@agency.test", name: "Kim", role: .recruiter, by: "test")
            _ = try Accounts.setPassword(connection, link: link, password: Self.password)
            #expect(throws: AccountError.throttled(minutes: Accounts.throttleMinutes)) {
                try Accounts.signIn(connection, email: other.email, password: Self.password, address: "10.0.0.9")
            }
            #expect(try Accounts.signIn(connection, email: other.email, password: Self.password, address: "10.0.0.4").user.id == other.id)
        }
    }

    @Test("the audit trail records who did what without e-mail addresses, names or secrets, and refuses changes")
    func auditTrail() async throws {
        try await withAccount(.admin) { connection, user in
            _ = try? Accounts.signIn(connection, email: user.email, password: "wrong", address: "10.0.0.5")
            _ = try Accounts.signIn(connection, email: user.email, password: Self.password, address: "10.0.0.5")
            _ = try Accounts.setRole(connection, email: user.email, role: .manager, by: "os:tester")
            let events = try Audit.events(connection)
            #expect(events.map(\.action) == ["user.add", "user.password_set", "sign_in.failed", "sign_in", "user.role"])
            #expect(events.allSatisfy { !"\($0.actor) \($0.detail)".contains("@") && !$0.detail.contains("Lou") })
            #expect(events.last?.actor == "os:tester" && events.last?.detail == #"{"role": "manager", "user": "\#(user.id)"}"#)
            #expect(throws: DatabaseError.self) { try connection.query("UPDATE audit_events SET actor = 'x'") }
            #expect(throws: DatabaseError.self) { try connection.query("DELETE FROM audit_events") }
            #expect(try Audit.events(connection).count == events.count)
        }
    }

    @Test("a calendar feed link opens its user's feed until it is revoked or replaced, and each use is recorded")
    func calendarFeed() async throws {
        try await withAccount { connection, user in
            #expect(try !Links.hasCalendarFeed(connection, for: user))
            let first = try Links.newCalendarFeed(connection, for: user)
            #expect(try Links.calendarFeedUser(connection, secret: first)?.id == user.id)
            let second = try Links.newCalendarFeed(connection, for: user)
            #expect(try Links.calendarFeedUser(connection, secret: first) == nil)
            #expect(try Links.calendarFeedUser(connection, secret: second)?.id == user.id)
            try Links.revokeCalendarFeeds(connection, of: user, by: user.actor)
            #expect(try Links.calendarFeedUser(connection, secret: second) == nil && !Links.hasCalendarFeed(connection, for: user))
            let actions = try Audit.events(connection).map(\.action)
            #expect(actions.filter { $0 == "calendar.read" }.count == 2 && actions.filter { $0 == "calendar.refused" }.count == 2)
        }
    }

    @Test("a share link opens one client's summary until it expires or is withdrawn; withdrawing names the client's own links only")
    func shareLinks() async throws {
        try await withAccount(.manager) { connection, user in
            try Seed(connection).opening("A-1", client: "Acme Corp").opening("B-1", client: "Borealis Health")
            let acme = try Links.newShare(connection, client: "acme corp", days: 7, by: user)
            let borealis = try Links.newShare(connection, client: "Borealis Health", days: 7, by: user)
            #expect(try Links.sharedClient(connection, secret: acme) == "Acme Corp")
            #expect(try Links.sharedClient(connection, secret: borealis) == "Borealis Health")
            #expect(throws: ShareError.badDuration(0)) { try Links.newShare(connection, client: "Acme Corp", days: 0, by: user) }
            #expect(throws: ShareError.badDuration(91)) { try Links.newShare(connection, client: "Acme Corp", days: 91, by: user) }
            let borealisID = try #require(try Links.shares(connection, client: "Borealis Health").first?.id)
            try Links.revokeShare(connection, client: "Acme Corp", id: borealisID, by: user)
            #expect(try Links.sharedClient(connection, secret: borealis) == "Borealis Health", "another client's link stays")
            try Links.revokeShare(connection, client: "Borealis Health", id: borealisID, by: user)
            #expect(try Links.sharedClient(connection, secret: borealis) == nil)
            #expect(try Links.shares(connection, client: "Borealis Health").first?.revoked == true)
            try connection.query("UPDATE access_tokens SET expires_at = now() - interval '1 minute' WHERE purpose = 'share'")
            #expect(try Links.sharedClient(connection, secret: acme) == nil)
            #expect(try Links.shares(connection, client: "Acme Corp").first?.expired == true)
            let actions = try Audit.events(connection).map(\.action)
            #expect(actions.filter { $0 == "share.read" }.count == 3 && actions.filter { $0 == "share.refused" }.count == 2)
        }
    }
}
