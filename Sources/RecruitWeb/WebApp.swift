import Foundation
import Hummingbird
import Policies
import Recruiting

/// The pages of the workspace and who may use each. Routes parse, call Recruiting on a pool thread, render.
struct WebApp: Sendable {
    let store: Store
    let uploads: Uploads
    let options: WebServer.Options

    /// The server's fixed today, if any (see ``WebServer/Options/fixedToday``).
    var fixedToday: Day? { options.fixedToday }

    func register(_ routes: inout Routes) {
        routes.get("/static/app.css", .everyone) { _, _ in try Static.stylesheet() }
        routes.get("/", .everyone) { _, context in
            Response(status: .seeOther, headers: [.location: context.session == nil ? "/login" : "/today"])
        }
        registerSignIn(&routes)
        registerToday(&routes)
        registerWhy(&routes)
        registerCalendar(&routes)
        registerTeam(&routes)
        registerRecords(&routes)
        registerImport(&routes)
        registerImportJobs(&routes)
        registerDrafts(&routes)
        registerClients(&routes)
        registerUsers(&routes)
        registerPolicy(&routes)
    }

    /// What every signed-in page's layout shows: who is signed in, the menu their role allows, the CSRF token of
    /// its forms (sign-out included).
    func layout(_ context: WebContext, title: String, current: String) -> [String: Any] {
        var values: [String: Any] = ["title": title, "page": [current: true]]
        if let session = context.session {
            values["user"] = ["name": session.user.name, "email": session.user.email, "role": session.user.role.rawValue]
            values["isManager"] = session.user.role >= .manager
            values["isAdmin"] = session.user.role >= .admin
            values["csrf"] = session.csrf
        }
        return values
    }

    /// A cookie the browser sends back only to this server's pages, never to scripts or other sites.
    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: options.secureCookies, httpOnly: true,
               sameSite: .strict)
    }

    /// A redirect after a POST (the browser then GETs `location`, so a reload does not send the form again).
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// An address on the host the person is using (for links they copy into a calendar, a message or an e-mail):
    /// https when the workspace is served over TLS (``WebServer/Options/secureCookies``).
    func absoluteURL(_ request: Request, _ path: String) -> String {
        "\(options.secureCookies ? "https" : "http")://\(request.head.authority ?? "127.0.0.1:8080")\(path)"
    }

    /// `path` with query parameters, each percent-encoded as a form would be read back (``Request/queryField(_:)``):
    /// every character but letters, digits and `-._~` escaped, `+` included.
    static func link(_ path: String, _ query: [(String, String?)]) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
        let pairs = query.compactMap { name, value in value.map { encode(name) + "=" + encode($0) } }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }
}

/// The stylesheet, read from the bundle once.
enum Static {
    static let css: String = {
        guard let url = Bundle.module.url(forResource: "static/app", withExtension: "css"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()

    static func stylesheet() throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: css)))
    }
}
