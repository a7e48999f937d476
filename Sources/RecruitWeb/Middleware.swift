import Foundation
import Hummingbird
import Logging
import Recruiting

/// Opens the session named by the request's cookie, if it is still valid, before any route runs.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    static let cookie = "recruit_session"
    let store: Store

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        if let value = request.cookies[SessionMiddleware.cookie]?.value, let secret = Secret(text: value) {
            context.session = try await store.run { try Accounts.session($0, secret: secret) }
            context.signedIn.userID = context.session?.user.id
        }
        return try await next(request, context)
    }
}

/// One line per request: method, the route's pattern (never the path itself, which may hold a secret link),
/// status and time. No query, no cookie, no form field is ever logged.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let logger: Logger

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func log(_ status: HTTPResponse.Status) {
            let elapsed = ContinuousClock.now - start
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            let user = context.signedIn.userID.map { " user \($0)" } ?? ""
            logger.info("\(request.method) \(context.endpointPath ?? "(no route)") \(status.code) \(String(format: "%.1f", ms)) ms\(user)")
        }
        do {
            let response = try await next(request, context)
            log(response.status)
            return response
        } catch let error as any HTTPResponseError {
            log(error.status)
            throw error
        } catch {
            // Only the error's type: its text may quote data (a server message naming a row's values).
            logger.error("\(request.method) \(context.endpointPath ?? "(no route)") failed: \(type(of: error))")
            log(.internalServerError)
            return try Pages.shared.errorPage(
                status: .internalServerError,
                message: "Something went wrong on the server. Try again; if it keeps happening, tell your admin the time it happened.")
        }
    }
}
