import Foundation
import HTTPTypes
import Hummingbird
import Recruiting

extension WebApp {
    /// The client's address as the proxy in front saw it: the last entry of `X-Forwarded-For` (earlier entries are
    /// whatever the client claimed).
    static func forwardedFor(_ request: Request) -> String? {
        guard let header = request.headers[values: HTTPField.Name("X-Forwarded-For")!].last else { return nil }
        let last = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces) ?? ""
        return last.isEmpty ? nil : last
    }

    func registerSignIn(_ routes: inout Routes) {
        routes.get("/login", .everyone) { request, context in
            if context.session != nil { return WebApp.seeOther("/today") }
            return try self.signInPage(request, message: request.queryField("done") == "password"
                                        ? "Your password is set. Sign in with it." : nil)
        }
        routes.post("/login", .everyone) { request, context, form in
            let email = form.text("email") ?? ""
            let password = form.raw("password") ?? ""
            let address = options.trustProxy ? WebApp.forwardedFor(request) ?? context.address : context.address
            do {
                let session = try await store.run {
                    try Accounts.signIn($0, email: email, password: password, address: address)
                }
                var response = WebApp.seeOther("/today")
                // A fresh session id at every sign-in; the old cookie, if any, is replaced.
                response.setCookie(cookie(SessionMiddleware.cookie, session.secret.text, maxAge: Accounts.sessionHours * 3600))
                return response
            } catch let error as AccountError {
                let status: HTTPResponse.Status = { if case .throttled = error { return .tooManyRequests } else { return .unauthorized } }()
                return try self.signInPage(request, error: error.description, email: email, status: status)
            }
        }
        routes.post("/logout", .atLeast(.recruiter)) { _, context, _ in
            if let secret = context.session?.secret { try await store.run { try Accounts.signOut($0, secret: secret) } }
            var response = WebApp.seeOther("/login")
            response.setCookie(cookie(SessionMiddleware.cookie, "", maxAge: 0))
            return response
        }
        routes.get("/set-password/{link}", .everyone) { request, context in
            guard let link = Secret(text: context.parameters.get("link") ?? ""),
                  let user = try await store.run({ try Accounts.passwordLinkUser($0, link: link) }) else {
                throw WebError.notFound(AccountError.linkNotValid.description)
            }
            return try self.setPasswordPage(request, name: user.name, email: user.email)
        }
        routes.post("/set-password/{link}", .everyone) { request, context, form in
            guard let link = Secret(text: context.parameters.get("link") ?? "") else {
                throw WebError.notFound(AccountError.linkNotValid.description)
            }
            let password = form.raw("password") ?? ""
            guard password == form.raw("confirm") else {
                return try self.setPasswordPage(request, error: "The two passwords differ; type the same one twice.",
                                                status: .badRequest)
            }
            do {
                _ = try await store.run { try Accounts.setPassword($0, link: link, password: password) }
                return WebApp.seeOther("/login?done=password")
            } catch let error as AccountError {
                return try self.setPasswordPage(request, error: error.description, status: .badRequest)
            }
        }
    }

    /// The CSRF token of forms shown before sign-in: the request's own cookie when it has one, else a new one.
    private func formToken(_ request: Request) -> (token: String, isNew: Bool) {
        if let value = request.cookies[Routes.formCookie]?.value, Secret(text: value) != nil { return (value, false) }
        return (Secret().text, true)
    }

    private func signInPage(_ request: Request, message: String? = nil, error: String? = nil, email: String = "",
                            status: HTTPResponse.Status = .ok) throws -> Response {
        let (token, isNew) = formToken(request)
        var response = try Pages.shared.render("login", [
            "title": "Sign in", "formToken": token, "email": email, "error": error as Any, "message": message as Any,
        ], status: status)
        if isNew { response.setCookie(cookie(Routes.formCookie, token, maxAge: 3600)) }
        return response
    }

    private func setPasswordPage(_ request: Request, name: String? = nil, email: String? = nil, error: String? = nil,
                                 status: HTTPResponse.Status = .ok) throws -> Response {
        let (token, isNew) = formToken(request)
        var response = try Pages.shared.render("set-password", [
            "title": "Set your password", "formToken": token, "name": name as Any, "email": email as Any,
            "error": error as Any, "action": request.uri.path, "minimum": 12,
        ], status: status)
        if isNew { response.setCookie(cookie(Routes.formCookie, token, maxAge: 3600)) }
        return response
    }
}
