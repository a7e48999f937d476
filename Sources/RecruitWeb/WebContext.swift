import Foundation
import Hummingbird
import Logging
import NIOCore
import Recruiting

/// What a request carries through the middleware into its route: the signed-in session, if any, and the
/// address it came from (for throttling sign-ins).
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The session the request's cookie opened; nil for a visitor who is not signed in.
    var session: Accounts.Session?
    /// The peer's IP address, without its port; "unknown" when the channel has none.
    let address: String
    /// Who the request turned out to be from, for the request log (which runs outside the session middleware and
    /// so never sees the context that middleware passes on).
    let signedIn = SignedIn()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Uploads (CSV imports) may be larger than Hummingbird's default 2 MB.
    var maxUploadSize: Int { 64 * 1024 * 1024 }

    /// The signed-in user, when their role is at least `role`.
    /// - Throws: ``WebError/signInNeeded`` for a visitor, ``WebError/forbidden`` for a role below `role`.
    func user(atLeast role: Role) throws -> User {
        guard let user = session?.user else { throw WebError.signInNeeded }
        guard user.role >= role else { throw WebError.forbidden }
        return user
    }
}

/// The signed-in user's id of one request, set by ``SessionMiddleware`` and read by ``RequestLogMiddleware``.
final class SignedIn: @unchecked Sendable {
    private let lock = NSLock()
    private var id: Int64?

    var userID: Int64? {
        get { lock.lock(); defer { lock.unlock() }; return id }
        set { lock.lock(); id = newValue; lock.unlock() }
    }
}
