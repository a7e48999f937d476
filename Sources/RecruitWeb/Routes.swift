import Foundation
import Hummingbird
import Policies
import Recruiting

/// Who may use a route. Every route is registered with one, and the check runs on the server before the route's
/// own code.
enum Access: Sendable, Equatable, CustomStringConvertible {
    /// Visitors too (sign-in, set-password, the stylesheet, a share or calendar link with its own secret).
    case everyone
    /// Signed-in users whose role is at least this one.
    case atLeast(Role)

    var description: String {
        switch self {
        case .everyone: return "everyone"
        case .atLeast(let role): return role.rawValue
        }
    }
}

/// One route as registered: the method, the path pattern and who may use it. The list of them is what the role
/// test walks.
struct RouteSpec: Sendable, Equatable {
    let method: HTTPRequest.Method
    let path: String
    let access: Access
}

/// A submitted form's fields (application/x-www-form-urlencoded), its CSRF token already checked.
struct Form: Sendable {
    let fields: [String: String]

    /// The field's value, trimmed; nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// The field's value, exactly as sent.
    func raw(_ name: String) -> String? { fields[name] }

    /// The field's value, or a 400 page naming it.
    func required(_ name: String, _ label: String) throws -> String {
        guard let value = text(name) else { throw WebError.badInput("\(label) is missing.") }
        return value
    }
}

/// The router with each route's access checked first, and every POST's origin and CSRF token.
struct Routes {
    let router: Router<WebContext>
    private(set) var specs: [RouteSpec] = []

    /// The name of the cookie that carries the CSRF token of forms shown before sign-in (a double submit).
    static let formCookie = "recruit_form"

    init(router: Router<WebContext>) { self.router = router }

    mutating func get(_ path: String, _ access: Access,
                      _ handler: @escaping @Sendable (Request, WebContext) async throws -> Response) {
        specs.append(RouteSpec(method: .get, path: path, access: access))
        router.get(RouterPath(path)) { request, context in
            try Routes.check(access, context)
            return try await Routes.reworded { try await handler(request, context) }
        }
    }

    mutating func post(_ path: String, _ access: Access,
                       _ handler: @escaping @Sendable (Request, WebContext, Form) async throws -> Response) {
        specs.append(RouteSpec(method: .post, path: path, access: access))
        router.post(RouterPath(path)) { request, context in
            try Routes.check(access, context)
            try Routes.checkOrigin(request)
            let form = try await Routes.form(request, context)
            let expected = access == .everyone ? request.cookies[Routes.formCookie]?.value : context.session?.csrf
            guard let expected, let sent = form.raw("csrf"), constantTimeEqual(sent, expected) else {
                throw WebError.crossSite
            }
            return try await Routes.reworded { try await handler(request, context, form) }
        }
    }

    /// A POST of a form with a file (multipart/form-data): the access and origin are checked before the body is
    /// read, the file is written to `uploads` as it arrives, and the CSRF token (a field of the form) is checked
    /// before the route runs; a refused form's file is deleted.
    mutating func upload(_ path: String, _ access: Access, uploads: Uploads,
                         _ handler: @escaping @Sendable (Request, WebContext, UploadedForm, (id: String, path: String)) async throws -> Response) {
        specs.append(RouteSpec(method: .post, path: path, access: access))
        router.post(RouterPath(path)) { request, context in
            try Routes.check(access, context)
            try Routes.checkOrigin(request)
            let file = uploads.newFile()
            do {
                let form = try await UploadedForm.read(request, fileField: "file", to: file.path, limit: Uploads.largest)
                guard let expected = context.session?.csrf, let sent = form.fields["csrf"], constantTimeEqual(sent, expected) else {
                    throw WebError.crossSite
                }
                return try await Routes.reworded { try await handler(request, context, form, file) }
            } catch {
                try? FileManager.default.removeItem(atPath: file.path)
                throw error
            }
        }
    }

    /// Runs a route, turning what Recruiting refuses (a bad e-mail, a refused activity, a bad policy value)
    /// into a 400 page that says it.
    static func reworded(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as AccountError {
            throw WebError.badInput(error.description)
        } catch let error as ActivityLog.Refused {
            throw WebError.badInput(error.description)
        } catch let error as PolicyError {
            throw WebError.badInput(error.description)
        } catch let error as ShareError {
            throw WebError.badInput(error.description)
        } catch let error as PolicyStoreError {
            throw WebError.notFound(error.description)
        }
    }

    static func check(_ access: Access, _ context: WebContext) throws {
        if case .atLeast(let role) = access { _ = try context.user(atLeast: role) }
    }

    /// A POST must come from a page of this server: its Origin (or, without one, its Referer) names this host.
    static func checkOrigin(_ request: Request) throws {
        guard let host = request.head.authority else { throw WebError.crossSite }
        let allowed = ["http://" + host, "https://" + host]
        if let origin = request.headers[.origin] {
            guard allowed.contains(origin) else { throw WebError.crossSite }
        } else if let referer = request.headers[.referer] {
            guard allowed.contains(where: { referer == $0 || referer.hasPrefix($0 + "/") }) else { throw WebError.crossSite }
        } else {
            // Browsers send Origin with every POST; a form post that names no page at all is not from ours.
            throw WebError.crossSite
        }
    }

    static func form(_ request: Request, _ context: WebContext) async throws -> Form {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let fields: [String: String]
        do {
            fields = try URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: buffer))
        } catch {
            throw WebError.badInput("The form could not be read; reload the page and try again.")
        }
        return Form(fields: fields)
    }
}

extension Request {
    /// A query parameter as a browser's form sends it: `+` is a space, `%2B` a plus. Nil when absent.
    func queryField(_ name: String) -> String? {
        guard let query = uri.query, !query.isEmpty,
              let fields = try? URLEncodedFormDecoder().decode([String: String].self, from: query) else { return nil }
        return fields[name]
    }

    /// ``queryField(_:)``, nil when blank too (an empty date field means "today").
    func queryText(_ name: String) -> String? {
        queryField(name).flatMap { $0.isEmpty ? nil : $0 }
    }
}
