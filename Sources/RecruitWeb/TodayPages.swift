import Foundation
import Hummingbird
import OrderedCollections
import Policies
import Recruiting

extension WebApp {
    func registerToday(_ routes: inout Routes) {
        routes.get("/today", .atLeast(.recruiter)) { request, context in
            let user = try context.user(atLeast: .recruiter)
            let asOfText = request.queryText("as_of")
            // A recruiter sees their own queue; a manager any recruiter's, or everyone's.
            var whose = user.email
            if let asked = request.queryField("recruiter"), !asked.isEmpty, asked != user.email {
                guard user.role >= .manager else { throw WebError.forbidden }
                whose = asked
            }
            let recruiter = whose == "*" ? nil : whose
            let pageNumber = max(1, request.queryField("page").flatMap { Int($0) } ?? 1)
            let page = try await store.run { [store, fixedToday] connection in
                try TodayPage.read(connection, asOf: asOfText, recruiter: recruiter, user: user, today: fixedToday,
                                   page: pageNumber, cache: store.cache)
            }
            var values = layout(context, title: "Today", current: "today")
            values.merge(page.values.values) { _, new in new }
            values["queueHTML"] = page.queue.html(csrf: context.session?.csrf ?? "")
            return try Pages.shared.render("today", values)
        }
        routes.post("/today/done", .atLeast(.recruiter)) { _, context, form in
            let user = try context.user(atLeast: .recruiter)
            let candidate = try form.required("candidate", "The candidate")
            let opening = try form.required("opening", "The opening")
            guard let rule = form.text("rule").flatMap(Rule.init(rawValue:)) else { throw WebError.badInput("The item's rule is missing.") }
            let back = WebApp.link("/today", [("as_of", form.text("as_of")), ("recruiter", form.text("recruiter"))])
            try await store.run { connection in
                try TodayPage.settle(connection, candidate: candidate, opening: opening, rule: rule, user: user, today: fixedToday)
            }
            store.changed()
            return WebApp.seeOther(back)
        }
        routes.post("/today/message", .atLeast(.recruiter)) { _, context, form in
            let user = try context.user(atLeast: .recruiter)
            guard let count = form.text("count").flatMap({ Int($0) }), (2...200).contains(count) else {
                throw WebError.badInput("The message names no applications.")
            }
            let pairs = try (0..<count).map { i in
                (try form.required("candidate.\(i)", "A candidate"), try form.required("opening.\(i)", "An opening"))
            }
            let back = WebApp.link("/today", [("recruiter", form.text("recruiter"))])
            try await store.run { connection in
                try TodayPage.settleMessage(connection, pairs: pairs, user: user, today: fixedToday)
            }
            store.changed()
            return WebApp.seeOther(back)
        }
    }

    /// Why: one application's timeline and every rule's verdict.
    func registerWhy(_ routes: inout Routes) {
        routes.get("/why", .atLeast(.recruiter)) { request, context in
            guard let candidate = request.queryField("candidate"), let opening = request.queryField("opening") else {
                throw WebError.badInput("Say which application: a candidate and an opening.")
            }
            let asOfText = request.queryText("as_of")
            let page = try await store.run { connection in
                try WhyPage.read(connection, candidate: candidate, opening: opening, asOf: asOfText, today: fixedToday)
            }
            var values = layout(context, title: "Why: \(candidate) on \(opening)", current: "today")
            values.merge(page.values) { _, new in new }
            return try Pages.shared.render("why", values)
        }
    }
}

/// The Today page's contents: one recruiter's queue (or everyone's) as of a day, laid out like the text queue.
enum TodayPage {

    /// Today: the fixed day when the server has one, else the date in the agency's time zone.
    static func today(_ fixed: Day?, _ policies: AgencyPolicies) -> Day {
        fixed ?? Day.today(in: policies.agency.timeZone)
    }

    /// The day asked for, or today.
    static func day(_ text: String?, _ policies: AgencyPolicies, today fixed: Day?) throws -> Day {
        guard let text else { return today(fixed, policies) }
        guard let day = Day(text) else { throw WebError.badInput("'\(text)' is not a date; pick one with the date field.") }
        return day
    }

    /// One recruiter's queue (nil: everyone's) as of `asOf`, computed once for as long as its data is unchanged.
    /// `version`: the cache's version read before `policies` were.
    static func queue(_ connection: Connection, asOf: Day, recruiter: String?, policies: AgencyPolicies,
                      cache: QueueCache, version: UInt64?) throws -> QueueItems {
        let whose = recruiter.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "*"
        return try cache.value("queue \(asOf) \(whose)", version: version) {
            try QueueReport.queue(connection, asOf: asOf, scope: TimelineScope(recruiter: recruiter), policies: policies,
                                  workers: 1)
        }
    }

    /// Items on one page of Today.
    static let pageSize = 100

    static func read(_ connection: Connection, asOf text: String?, recruiter: String?, user: User, today fixed: Day?,
                     page: Int = 1, cache: QueueCache) throws -> (values: PageValues, queue: RenderedQueue) {
        let version = cache.version  // before the policies: the queue kept depends on them too
        let policies = try PolicyStore.load(connection)
        let asOf = try day(text, policies, today: fixed)
        let today = today(fixed, policies)
        // The page's items, rendered and kept with the queue while its data is unchanged: a reload reads them from
        // here, and only the page around them is rendered again.
        let key = "today \(asOf) \(today) \(text ?? "") \(recruiter ?? "*") \(user.email) \(user.role.rawValue) \(page)"
        let kept: (values: [String: Any], queue: RenderedQueue) = try cache.value(key, version: version) {
            let items = try queue(connection, asOf: asOf, recruiter: recruiter, policies: policies, cache: cache, version: version)
            let values = try pageValues(items, asOf: asOf, today: today, text: text, recruiter: recruiter, user: user, page: page)
            let rendered = try RenderedQueue(values)
            return (values.filter { !RenderedQueue.itemKeys.contains($0.key) }, rendered)
        }
        var values = kept.values
        values["recruiters"] = user.role >= .manager ? try Accounts.list(connection).filter { !$0.disabled }.map {
            ["email": $0.email, "name": $0.name, "selected": $0.email == recruiter]
        } : []
        return (PageValues(values), kept.queue)
    }

    /// The items part of a page of Today (today-queue.mustache), rendered by the template engine once for any
    /// session: the forms' CSRF token is rendered as a mark that ``html(csrf:)`` replaces with a session's token.
    struct RenderedQueue: @unchecked Sendable {
        /// The values only the items part shows: left out of the page's values once it is rendered.
        static let itemKeys: Set<String> = ["warnings", "groups", "notes"]
        /// A mark no escaped value can contain by chance: random, made afresh by each server, never shown.
        static let csrfMark = "csrf-mark-" + (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined()

        /// The rendered part, split where the mark was.
        let pieces: [Substring]

        init(_ values: [String: Any]) throws {
            var values = values
            values["csrf"] = RenderedQueue.csrfMark
            let html = try Pages.shared.text("today-queue", values)
            pieces = html.split(separator: RenderedQueue.csrfMark, omittingEmptySubsequences: false)
        }

        /// The part with the session's token in every form, escaped as the template would have.
        func html(csrf: String) -> String {
            pieces.joined(separator: HTMLText().escapeText(csrf))
        }
    }

    /// Today's values but the recruiter picker's: one page of the queue, in its order; only those items are
    /// unpacked (a recruiter acts on a page at a time; a queue of thousands would otherwise cost seconds to render).
    static func pageValues(_ queue: QueueItems, asOf: Day, today: Day, text: String?, recruiter: String?, user: User,
                           page: Int) throws -> [String: Any] {
        var names: [String: QueueItems.Names] = [:]
        var items: [Recommendation] = []
        let first = (page - 1) * pageSize
        var shown = 0
        for place in queue.places {
            let outline = queue.outline(place)
            // Warnings about HMs (no recruiter) are for managers: a recruiter sees those on their own applications.
            if outline.kind == .overContact && user.role < .manager && queue.text(outline.recruiter) == nil { continue }
            defer { shown += 1 }
            guard shown >= first && shown < first + pageSize else { continue }
            let (item, itemNames) = queue.named(place)
            items.append(item)
            if let candidate = item.candidate { names[candidate + "\u{1F}" + (item.opening ?? "")] = itemNames }
        }
        let total = shown
        let warnings = items.filter { $0.isWarning }
        let notes = items.filter { $0.kind == .keepInMind }
        let query: [(String, String?)] = [("as_of", text), ("recruiter", recruiter == user.email ? nil : recruiter ?? "*")]
        let view = { (item: Recommendation) in
            itemValues(item, names: names[(item.candidate ?? "") + "\u{1F}" + (item.opening ?? "")], asOf: asOf, today: today, text: text)
        }
        let (groups, nudges) = nudgeGroups(items, asOf: asOf, today: today, text: text, view: view)
        let whose = recruiter == nil ? "everyone" : recruiter == user.email ? "you" : recruiter!
        let values: [String: Any] = [
            "asOf": asOf.description, "weekday": weekday(asOf), "isToday": asOf == today, "today": today.description,
            "whose": whose, "totalText": total == 1 ? "1 item" : "\(total) items", "empty": total == 0,
            "warnings": warnings.map(view), "warningCount": warnings.count, "hasWarnings": !warnings.isEmpty,
            "groups": nudges, "nudgeCount": groups.reduce(0) { $0 + $1.items.count }, "hasNudges": !groups.isEmpty,
            "notes": notes.map(view), "noteCount": notes.count, "hasNotes": !notes.isEmpty,
            "everyone": recruiter == nil, "showPicker": user.role >= .manager,
            "asOfField": text ?? "", "recruiterField": query.first { $0.0 == "recruiter" }?.1 ?? "",
            "paged": total > pageSize,
            "range": "\(min(first + 1, total))-\(min(first + pageSize, total)) of \(total)",
            "previous": (page > 1 ? WebApp.link("/today", query + [("page", "\(page - 1)")]) : nil) as Any,
            "next": (first + pageSize < total ? WebApp.link("/today", query + [("page", "\(page + 1)")]) : nil) as Any,
        ]
        return values
    }

    /// One item's values for item.mustache: its words, its links, and Done where today's page offers it.
    static func itemValues(_ item: Recommendation, names known: QueueItems.Names?, asOf: Day, today: Day,
                           text: String?) -> [String: Any] {
        var v: [String: Any] = [
            "rule": item.rule.rawValue, "client": item.client, "actor": item.actor.rawValue,
            "due": item.due.description, "overdue": item.overdue, "reason": item.reason.description,
            "who": item.candidate ?? item.hiringManager ?? item.client,
        ]
        if let deadline = item.deadline, deadline != item.due { v["deadline"] = deadline.description }
        if let opening = item.opening {
            v["opening"] = opening
            v["openingLink"] = WebApp.link("/opening", [("id", opening)])
        }
        if let candidate = item.candidate { v["candidateLink"] = WebApp.link("/candidate", [("email", candidate)]) }
        // People and roles by name where they are known, the e-mail and id beside them. Unknown ones are false, not
        // absent: a section over an absent key would find the group's name.
        v["name"] = (item.candidate != nil ? known?.candidate : nil) ?? false
        v["title"] = (item.candidate != nil ? known?.openingTitle : nil) ?? false
        if let candidate = item.candidate, let opening = item.opening {
            v["why"] = WebApp.link("/why", [("candidate", candidate), ("opening", opening), ("as_of", asOf.description)])
            v["draft"] = WebApp.link("/draft", [("candidate", candidate), ("opening", opening), ("rule", item.rule.rawValue),
                                                ("as_of", text)])
            // Done records today's activity: offered on today's page only, not on a replay of another day.
            if asOf == today, ActivityLog.Entry.settling(item, on: today) != nil {
                v["done"] = ["candidate": candidate, "opening": opening, "rule": item.rule.rawValue]
            }
        }
        return v
    }

    /// Nudges by hiring manager at client, each group in the order its first nudge comes (the text queue's), with
    /// the group's draft and one-message actions when it has several status checks.
    static func nudgeGroups(_ items: [Recommendation], asOf: Day, today: Day, text: String?,
                            view: (Recommendation) -> [String: Any])
        -> (groups: [(name: String, items: [Recommendation])], values: [[String: Any]]) {
        var grouped: OrderedDictionary<String, [Recommendation]> = [:]
        for item in items where item.kind == .nudge {
            grouped["\(item.hiringManager ?? "no hiring manager") at \(item.client)", default: []].append(item)
        }
        let groups = grouped.map { (name: $0.key, items: $0.value) }
        let nudges = groups.map { group -> [String: Any] in
            let checks = group.items.filter { $0.actor == .recruiter && ($0.rule == .followUp || $0.rule == .phoneCheck) }
            var values: [String: Any] = ["name": group.name, "items": group.items.map(view)]
            if checks.count > 1 {
                values["together"] = "\(checks.count) status checks: send them as one message"
                var query: [(String, String?)] = [("count", String(checks.count)), ("as_of", text)]
                for (i, item) in checks.enumerated() {
                    query += [("candidate.\(i)", item.candidate), ("opening.\(i)", item.opening)]
                }
                values["draftAll"] = WebApp.link("/draft", query)
                values["checkCount"] = checks.count
                // Once sent, one button logs that message: one activity per application, one message to the HM.
                if asOf == today {
                    values["message"] = [
                        "count": checks.count,
                        "pairs": checks.enumerated().map { index, item in
                            ["index": index, "candidate": item.candidate ?? "", "opening": item.opening ?? ""]
                        },
                    ]
                }
            }
            return values
        }
        return (groups, nudges)
    }

    static func weekday(_ day: Day) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][day.weekday.rawValue - 1]
    }

    /// Records the activity that settles the item, on today's date, through the same path as `recruit log`.
    /// The item must be in the queue today: a stale form or a forged one logs nothing.
    static func settle(_ connection: Connection, candidate: String, opening: String, rule: Rule, user: User,
                       today fixed: Day?) throws {
        let policies = try PolicyStore.load(connection)
        let today = today(fixed, policies)
        let items = Array(try QueueReport.queue(connection, asOf: today, scope: TimelineScope(candidate: candidate, opening: opening),
                                                policies: policies, workers: 1))
        guard let item = items.first(where: { $0.rule == rule }), let entry = ActivityLog.Entry.settling(item, on: today) else {
            throw WebError.notFound("This item is no longer in today's queue; nothing was logged.")
        }
        guard user.mayAct(on: item) else { throw WebError.forbidden }
        _ = try ActivityLog.record(connection, entry, actor: user.actor)
    }
}

extension TodayPage {
    /// Logs one message to a hiring manager about several applications (the text queue's "send them as one
    /// message"): a follow-up by the recruiter by e-mail on each, or a phone check by phone when every one of them
    /// is a phone check, all or none. Each must be a recruiter's status check in today's queue, and a recruiter's
    /// own unless the user is a manager.
    static func settleMessage(_ connection: Connection, pairs: [(String, String)], user: User, today fixed: Day?) throws {
        let policies = try PolicyStore.load(connection)
        let today = today(fixed, policies)
        var items: [Recommendation] = []
        for (candidate, opening) in pairs {
            let queue = try QueueReport.queue(connection, asOf: today, scope: TimelineScope(candidate: candidate, opening: opening),
                                              policies: policies, workers: 1)
            guard let item = Array(queue).first(where: { $0.actor == .recruiter && ($0.rule == .followUp || $0.rule == .phoneCheck) })
            else { throw WebError.notFound("\(candidate) on \(opening) has no status check due today any more; nothing was logged.") }
            guard user.mayAct(on: item) else { throw WebError.forbidden }
            items.append(item)
        }
        let calls = items.allSatisfy { $0.rule == .phoneCheck }
        let entries = items.map { item in
            ActivityLog.Entry(candidate: item.candidate ?? "", opening: item.opening ?? "", date: today.description,
                              type: calls ? "phone_check" : "follow_up", by: "recruiter", channel: calls ? "phone" : "email")
        }
        _ = try ActivityLog.record(connection, entries, actor: user.actor)
    }
}

extension User {
    /// Whether this user may settle `item`: a manager any item, a recruiter their own (the item's recruiter,
    /// compared as e-mails are: trimmed, case ignored).
    func mayAct(on item: Recommendation) -> Bool {
        role >= .manager || item.recruiter.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } == email
    }
}
