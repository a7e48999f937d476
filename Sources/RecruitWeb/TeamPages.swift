import Foundation
import Hummingbird
import Policies
import Recruiting

extension WebApp {
    func registerTeam(_ routes: inout Routes) {
        routes.get("/team", .atLeast(.manager)) { request, context in
            let asOfText = request.queryText("as_of")
            let page = try await store.run { [fixedToday, store] in
                try TeamPage.read($0, asOf: asOfText, today: fixedToday, cache: store.cache)
            }
            var values = layout(context, title: "Team", current: "team")
            values.merge(page.values) { _, new in new }
            return try Pages.shared.render("team", values)
        }
    }
}

/// The Team page: every recruiter's counts of items due, overdue and warnings on one day, and the over-contact
/// warnings themselves.
enum TeamPage {
    struct Counts { var due = 0, overdue = 0, warnings = 0 }

    /// Every recruiter's counts, the first warnings and how many there are in all, on one day.
    struct Tally {
        var counts: [String: Counts] = [:]
        var warnings: [[String: Any]] = []
        var warningCount = 0
    }

    static func read(_ connection: Connection, asOf text: String?, today fixed: Day?, cache: QueueCache) throws -> PageValues {
        let version = cache.version  // before the policies: the tally kept depends on them too
        let policies = try PolicyStore.load(connection)
        let asOf = try TodayPage.day(text, policies, today: fixed)
        let tally = try cache.value("team \(asOf)", version: version) { try Self.tally(connection, asOf: asOf, policies: policies) }
        let (counts, warnings, warningCount) = (tally.counts, tally.warnings, tally.warningCount)
        let names = Dictionary(try Accounts.list(connection).map { ($0.email, $0.name) }) { first, _ in first }
        let rows: [[String: Any]] = counts.keys.sorted().map { email in
            let c = counts[email]!
            return ["email": email, "name": names[email] as Any, "due": c.due, "overdue": c.overdue, "warnings": c.warnings,
                    "link": WebApp.link("/today", [("as_of", text), ("recruiter", email)])]
        }
        return PageValues([
            "asOf": asOf.description, "asOfField": text ?? "", "recruiters": rows, "noRecruiters": rows.isEmpty,
            "warnings": warnings, "warningCount": warningCount,
            "moreWarnings": warningCount > warnings.count ? "and \(warningCount - warnings.count) more" : nil as String?,
        ])
    }

    static func tally(_ connection: Connection, asOf: Day, policies: AgencyPolicies) throws -> Tally {
        var counts: [String: Counts] = [:]
        var warnings: [[String: Any]] = []
        var warningCount = 0
        for item in try QueueReport.queue(connection, asOf: asOf, policies: policies, workers: 1) {
            let recruiter = item.recruiter ?? "(no recruiter)"
            if item.isWarning {
                if item.recruiter != nil { counts[recruiter, default: Counts()].warnings += 1 }
                warningCount += 1
                // The first hundred are listed; the counts above cover them all.
                guard warnings.count < TodayPage.pageSize else { continue }
                warnings.append([
                    "rule": item.rule.rawValue, "who": item.candidate ?? item.hiringManager ?? item.client,
                    "opening": item.opening as Any, "client": item.client, "actor": item.actor.rawValue,
                    "due": item.due.description, "reason": item.reason.description, "recruiter": item.recruiter as Any,
                ])
            } else {
                counts[recruiter, default: Counts()].due += 1
                if item.overdue { counts[recruiter, default: Counts()].overdue += 1 }
            }
        }
        return Tally(counts: counts, warnings: warnings, warningCount: warningCount)
    }
}
