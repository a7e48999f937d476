import Foundation
import Hummingbird
import Recruiting

extension WebApp {
    func registerUsers(_ routes: inout Routes) {
        routes.get("/users", .atLeast(.admin)) { _, context in try await usersPage(context) }
        routes.post("/users", .atLeast(.admin)) { request, context, form in
            let admin = try context.user(atLeast: .admin)
            let email = try form.required("email", "The e-mail")
            let name = try form.required("name", "The name")
            let role = try Role.named(form.text("role") ?? "recruiter")
            do {
                let (user, link) = try await store.run { try Accounts.add($0, email: email, name: name, role: role, by: admin.actor) }
                return try await usersPage(context, created: (user, passwordURL(request, link)))
            } catch let error as AccountError {
                return try await usersPage(context, error: error.description, status: .badRequest)
            }
        }
        routes.post("/users/disable", .atLeast(.admin)) { _, context, form in
            let admin = try context.user(atLeast: .admin)
            let email = try form.required("email", "The e-mail")
            guard email != admin.email else {
                return try await usersPage(context, error: "You cannot disable your own account.", status: .badRequest)
            }
            _ = try await store.run { try Accounts.disable($0, email: email, by: admin.actor) }
            return WebApp.seeOther("/users")
        }
        routes.post("/users/role", .atLeast(.admin)) { _, context, form in
            let admin = try context.user(atLeast: .admin)
            let email = try form.required("email", "The e-mail")
            let role = try Role.named(form.text("role") ?? "")
            _ = try await store.run { try Accounts.setRole($0, email: email, role: role, by: admin.actor) }
            return WebApp.seeOther("/users")
        }
    }

    /// The link a new user opens to set their password, on the host the admin is using.
    func passwordURL(_ request: Request, _ link: Secret) -> String {
        absoluteURL(request, "/set-password/\(link.text)")
    }

    private func usersPage(_ context: WebContext, created: (User, String)? = nil, error: String? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let users = try await store.run { connection in
            PageValues(["users": try Accounts.list(connection).map { user -> [String: Any] in
                ["email": user.email, "name": user.name, "role": user.role.rawValue, "disabled": user.disabled,
                 "pending": !user.hasPassword && !user.disabled,
                 "roles": Role.allCases.map { ["name": $0.rawValue, "selected": $0 == user.role] }]
            }])
        }
        var values = layout(context, title: "Users", current: "users")
        values.merge(users.values) { _, new in new }
        values["roles"] = Role.allCases.map { ["name": $0.rawValue] }
        if let (user, link) = created { values["created"] = ["name": user.name, "link": link] }
        if let error { values["error"] = error }
        return try Pages.shared.render("users", values, status: status)
    }
}
