import Hummingbird

/// Why a request was refused, each with the HTTP status it answers with.
enum WebError: Error, HTTPResponseError {
    /// Not signed in: the browser is sent to the sign-in page.
    case signInNeeded
    /// Signed in, but the role does not allow this page or action.
    case forbidden
    /// A form without its session's CSRF token, or from another origin.
    case crossSite
    /// A link, page or item that does not exist (or no longer does).
    case notFound(String)
    /// A form or query the person can correct: said on the page.
    case badInput(String)

    var status: HTTPResponse.Status {
        switch self {
        case .signInNeeded: return .seeOther
        case .forbidden, .crossSite: return .forbidden
        case .notFound: return .notFound
        case .badInput: return .badRequest
        }
    }

    var message: String {
        switch self {
        case .signInNeeded: return "Please sign in."
        case .forbidden: return "Your role does not allow this page. Ask an admin if you need it."
        case .crossSite: return "This form has expired or came from another site; nothing was changed. Go back, reload the page and try again."
        case .notFound(let what): return what
        case .badInput(let what): return what
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        if case .signInNeeded = self {
            return Response(status: .seeOther, headers: [.location: "/login"])
        }
        return try Pages.shared.errorPage(status: status, message: message)
    }
}
