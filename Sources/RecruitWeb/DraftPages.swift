import Foundation
import Hummingbird
import Policies
import Recruiting

extension WebApp {
    /// "Draft" on a Today item: the message the item asks for, ready to edit and send, from the same templates as
    /// `recruit queue --drafts`: shown on a page, opened in the mail program (a mailto: link with subject and body),
    /// or downloaded as an `.eml` the mail program opens as an unsent draft. One item, or a group of status checks to
    /// one hiring manager (one message naming each candidate).
    func registerDrafts(_ routes: inout Routes) {
        routes.get("/draft", .atLeast(.recruiter)) { request, context in
            let user = try context.user(atLeast: .recruiter)
            let asked = try DraftRequest(request)
            let draft = try await store.run { [fixedToday] in try asked.draft($0, user: user, today: fixedToday) }
            var values = layout(context, title: "Draft: \(draft.subject)", current: "today")
            values["from"] = draft.from.shown
            values["to"] = draft.to.map(\.shown).joined(separator: ", ")
            values["subject"] = draft.subject
            values["body"] = draft.body
            values["mailto"] = WebApp.mailto(draft)
            values["eml"] = asked.link("/draft.eml")
            values["back"] = WebApp.link("/today", [("as_of", asked.asOfText)])
            values["gaps"] = draft.body.contains("[add:")
            return try Pages.shared.render("draft", values)
        }
        routes.get("/draft.eml", .atLeast(.recruiter)) { request, context in
            let user = try context.user(atLeast: .recruiter)
            let asked = try DraftRequest(request)
            let draft = try await store.run { [fixedToday] in try asked.draft($0, user: user, today: fixedToday) }
            let name = (asked.pairs.first.map { "draft-\($0.opening)" } ?? "draft")
                .unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || "-_".unicodeScalars.contains($0) ? String($0) : "_" }
                .joined()
            return Response(status: .ok, headers: [
                .contentType: "message/rfc822", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"\(name).eml\"",
            ], body: .init(byteBuffer: ByteBuffer(bytes: draft.eml)))
        }
    }

    /// A `mailto:` link with the draft's recipients (those with a known address), subject and body (RFC 6068).
    static func mailto(_ draft: Draft) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        let to = draft.to.compactMap(\.address).map { encode($0).replacingOccurrences(of: "%40", with: "@") }
        let body = draft.body.replacingOccurrences(of: "\n", with: "\r\n")
        return "mailto:\(to.joined(separator: ","))?subject=\(encode(draft.subject))&body=\(encode(body))"
    }
}

/// Which draft a request asks for: one application's item (`candidate`, `opening`, `rule`), or a group of status
/// checks (`count` pairs `candidate.N`, `opening.N`), as of `as_of` (default today).
struct DraftRequest: Sendable {
    let pairs: [(candidate: String, opening: String)]
    let rule: Rule?
    let asOfText: String?

    init(_ request: Request) throws {
        asOfText = request.queryText("as_of")
        if let count = request.queryField("count").flatMap({ Int($0) }) {
            guard (1...200).contains(count) else { throw WebError.badInput("The message names no applications.") }
            pairs = try (0..<count).map { i in
                guard let candidate = request.queryText("candidate.\(i)"), let opening = request.queryText("opening.\(i)") else {
                    throw WebError.badInput("Say which applications: a candidate and an opening for each.")
                }
                return (candidate, opening)
            }
            rule = nil
        } else {
            guard let candidate = request.queryText("candidate"), let opening = request.queryText("opening") else {
                throw WebError.badInput("Say which item: a candidate and an opening.")
            }
            pairs = [(candidate, opening)]
            rule = request.queryText("rule").flatMap(Rule.init(rawValue:))
        }
    }

    /// The same request at another path (the page's `.eml` link).
    func link(_ path: String) -> String {
        if pairs.count == 1 {
            return WebApp.link(path, [("candidate", pairs[0].candidate), ("opening", pairs[0].opening),
                                      ("rule", rule?.rawValue), ("as_of", asOfText)])
        }
        var query: [(String, String?)] = [("count", String(pairs.count)), ("as_of", asOfText)]
        for (i, pair) in pairs.enumerated() {
            query += [("candidate.\(i)", pair.candidate), ("opening.\(i)", pair.opening)]
        }
        return WebApp.link(path, query)
    }

    /// The draft, made from the queue as of the day asked; refused when an item is not in that queue, or is
    /// another recruiter's and the user is not a manager.
    func draft(_ connection: Connection, user: User, today fixed: Day?) throws -> Draft {
        let policies = try PolicyStore.load(connection)
        let asOf = try TodayPage.day(asOfText, policies, today: fixed)
        var found: [(item: Recommendation, candidateName: String?)] = []
        for pair in pairs {
            let queue = try QueueReport.queue(connection, asOf: asOf,
                                              scope: TimelineScope(candidate: pair.candidate, opening: pair.opening),
                                              policies: policies, workers: 1)
            var match: (item: Recommendation, candidateName: String?)?
            for place in queue.places {
                let (item, names) = queue.named(place)
                let wanted = rule.map { item.rule == $0 }
                    ?? (pairs.count == 1 || (item.actor == .recruiter && (item.rule == .followUp || item.rule == .phoneCheck)))
                if wanted { match = (item, names.candidate); break }
            }
            guard let match else {
                throw WebError.notFound("\(pair.candidate) on \(pair.opening) has no such item in the queue of \(asOf); there is nothing to draft.")
            }
            guard user.mayAct(on: match.item) else { throw WebError.forbidden }
            found.append(match)
        }
        let drafter = try Drafter.load(connection, asOf: asOf, timeZone: policies.agency.timeZone)
        return found.count == 1 ? drafter.draft(found[0].item, candidateName: found[0].candidateName)
            : drafter.draft(statusChecks: found)
    }
}
