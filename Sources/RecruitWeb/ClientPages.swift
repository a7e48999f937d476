import Foundation
import Hummingbird
import Policies
import Recruiting

extension WebApp {
    func registerClients(_ routes: inout Routes) {
        routes.get("/clients", .atLeast(.manager)) { _, context in
            let names = try await store.run { try PolicyStore.clientNames($0) }
            var values = layout(context, title: "Clients", current: "clients")
            values["clients"] = names.map { ["name": $0, "link": WebApp.link("/client", [("name", $0)])] }
            values["none"] = names.isEmpty
            return try Pages.shared.render("clients", values)
        }
        routes.get("/client", .atLeast(.manager)) { request, context in
            try await clientPage(context, name: try WebApp.clientName(request), created: nil)
        }
        routes.get("/client/summary", .atLeast(.manager)) { request, _ in
            let name = try WebApp.clientName(request)
            let fixed = fixedToday
            let html = try await store.run { try WebApp.summaryHTML($0, client: name, today: fixed) }
            return WebApp.summaryResponse(html)
        }
        routes.post("/client/share", .atLeast(.manager)) { request, context, form in
            let user = try context.user(atLeast: .manager)
            let name = try form.required("name", "The client")
            guard let days = form.text("days").flatMap({ Int($0) }) else { throw WebError.badInput("Say for how many days.") }
            let secret = try await store.run { try Links.newShare($0, client: name, days: days, by: user) }
            return try await clientPage(context, name: name, created: shareURL(request, secret))
        }
        routes.post("/client/share/revoke", .atLeast(.manager)) { _, context, form in
            let user = try context.user(atLeast: .manager)
            let name = try form.required("name", "The client")
            let id = try form.required("id", "The link")
            try await store.run { try Links.revokeShare($0, client: name, id: id, by: user) }
            return WebApp.seeOther(WebApp.link("/client", [("name", name)]))
        }
        // What the hiring manager opens: that client's summary, nothing else, no account needed.
        routes.get("/share/{secret}", .everyone) { _, context in
            guard let secret = Secret(text: context.parameters.get("secret") ?? "") else { throw WebError.notFound(WebApp.shareGone) }
            let fixed = fixedToday
            let html = try await store.run { connection -> String? in
                guard let client = try Links.sharedClient(connection, secret: secret) else { return nil }
                return try WebApp.summaryHTML(connection, client: client, today: fixed)
            }
            guard let html else { throw WebError.notFound(WebApp.shareGone) }
            return WebApp.summaryResponse(html)
        }
    }

    static let shareGone = "This link has expired or was withdrawn. Ask your recruiter for a new one."

    static func clientName(_ request: Request) throws -> String {
        guard let name = request.queryField("name"), !name.isEmpty else {
            throw WebError.badInput("Say which client.")
        }
        return name
    }

    func shareURL(_ request: Request, _ secret: Secret) -> String {
        absoluteURL(request, "/share/\(secret.text)")
    }

    /// The client's status summary as of today, the very HTML `recruit summary --format html` writes.
    static func summaryHTML(_ connection: Connection, client: String, today fixed: Day?) throws -> String {
        let policies = try PolicyStore.load(connection)
        let summary = try ClientSummary.build(connection, client: client, asOf: TodayPage.today(fixed, policies))
        return SummaryHTML().render(summary)
    }

    /// A summary is a document of its own, styled inline and without scripts: its policy allows inline styles and
    /// nothing else.
    static func summaryResponse(_ html: String) -> Response {
        var headers = Pages.securityHeaders
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func clientPage(_ context: WebContext, name: String, created: String?) async throws -> Response {
        let (stored, shares) = try await store.run { connection in
            let stored = try PolicyStore.clientName(name, connection)
            return (stored, try Links.shares(connection, client: stored))
        }
        var values = layout(context, title: stored, current: "clients")
        values["name"] = stored
        values["summary"] = WebApp.link("/client/summary", [("name", stored)])
        values["created"] = created
        values["shares"] = shares.map { share -> [String: Any] in
            ["id": share.id, "by": share.createdBy, "created": share.createdAt, "expires": share.expiresAt,
             "state": share.revoked ? "withdrawn" : share.expired ? "expired" : "active", "active": !share.revoked && !share.expired]
        }
        values["hasShares"] = !shares.isEmpty
        values["maxDays"] = Links.maximumShareDays
        return try Pages.shared.render("client", values)
    }
}
