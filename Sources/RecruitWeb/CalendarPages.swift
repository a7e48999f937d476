import Foundation
import Hummingbird
import Policies
import Recruiting

extension WebApp {
    func registerCalendar(_ routes: inout Routes) {
        routes.get("/calendar", .atLeast(.recruiter)) { request, context in
            try await calendarPage(request, context, created: nil)
        }
        routes.post("/calendar", .atLeast(.recruiter)) { request, context, _ in
            let user = try context.user(atLeast: .recruiter)
            let secret = try await store.run { try Links.newCalendarFeed($0, for: user) }
            return try await calendarPage(request, context, created: feedURL(request, secret))
        }
        routes.post("/calendar/revoke", .atLeast(.recruiter)) { _, context, _ in
            let user = try context.user(atLeast: .recruiter)
            try await store.run { try Links.revokeCalendarFeeds($0, of: user, by: user.actor) }
            return WebApp.seeOther("/calendar")
        }
        // The feed itself: no session, its secret is the key. A revoked or made-up one is simply not found.
        routes.get("/feed/{secret}/queue.ics", .everyone) { _, context in
            guard let secret = Secret(text: context.parameters.get("secret") ?? "") else {
                throw WebError.notFound("This calendar link does not work any more.")
            }
            let fixed = fixedToday
            let bytes = try await store.run { [store] connection -> [UInt8]? in
                guard let user = try Links.calendarFeedUser(connection, secret: secret) else { return nil }
                let version = store.cache.version
                let policies = try PolicyStore.load(connection)
                let today = TodayPage.today(fixed, policies)
                let queue = try TodayPage.queue(connection, asOf: today, recruiter: user.email, policies: policies,
                                                cache: store.cache, version: version)
                var bytes: [UInt8] = []
                QueueCalendar.write(queue, asOf: today) { bytes.append(contentsOf: $0) }
                return bytes
            }
            guard let bytes else { throw WebError.notFound("This calendar link does not work any more.") }
            return Response(status: .ok,
                            headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// The address of a feed, on the host the person is using.
    func feedURL(_ request: Request, _ secret: Secret) -> String {
        absoluteURL(request, "/feed/\(secret.text)/queue.ics")
    }

    private func calendarPage(_ request: Request, _ context: WebContext, created: String?) async throws -> Response {
        let user = try context.user(atLeast: .recruiter)
        let active = try await store.run { try Links.hasCalendarFeed($0, for: user) }
        var values = layout(context, title: "Calendar feed", current: "calendar")
        values["active"] = active
        values["created"] = created
        return try Pages.shared.render("calendar", values)
    }
}
