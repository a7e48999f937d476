import Foundation
import Hummingbird
import Policies
import Recruiting

extension WebApp {
    func registerPolicy(_ routes: inout Routes) {
        routes.get("/policy", .atLeast(.admin)) { request, context in
            try await policyPage(context, client: request.queryField("client"), message: nil)
        }
        routes.post("/policy", .atLeast(.admin)) { _, context, form in
            let admin = try context.user(atLeast: .admin)
            let client = form.text("client")
            var asked = PolicyChange(client: client, preset: form.text("preset"))
            if let key = form.text("key") {
                if form.text("unset") != nil { asked.unset = [key] } else { asked.assignments = [(key, form.raw("value") ?? "")] }
            }
            let change = asked
            guard change.preset != nil || !change.assignments.isEmpty || !change.unset.isEmpty else {
                throw WebError.badInput("Say what to change: a parameter and its value, or a preset.")
            }
            let saved = try await store.run { try PolicyStore.apply(change, $0, actor: admin.actor) }
            store.changed()
            return try await policyPage(context, client: client, message: saved)
        }
    }

    private func policyPage(_ context: WebContext, client: String?, message: String?) async throws -> Response {
        let page = try await store.run { connection -> PageValues in
            let policies = try PolicyStore.load(connection)
            let name = try client.flatMap { $0.isEmpty ? nil : try PolicyStore.clientName($0, connection) }
            let policy = name.map { policies.policy(forClient: $0) } ?? policies.agency
            let clients = try PolicyStore.clientNames(connection)
            let rows: [[String: Any]] = PolicyKey.allCases.map { key in
                let source = policies.source(of: key, forClient: name)
                let own = name != nil ? source == .client : source == .agency
                // An empty value (no holidays) reads "none".
                func shown(_ policy: Policy) -> String { policy.value(of: key).text.isEmpty ? "none" : policy.value(of: key).text }
                let from: String
                switch source {
                case .client: from = "this client (agency: \(shown(policies.agency)))"
                case .agency: from = name != nil ? "the agency" : "the agency (standard: \(shown(.standard)))"
                case .standard: from = "standard"
                }
                return ["key": key.rawValue, "value": shown(policy), "from": from, "own": own,
                        "expected": key.expected]
            }
            return PageValues([
                "client": name as Any, "scope": name ?? "the agency",
                "rows": rows, "keys": PolicyKey.allCases.map { ["key": $0.rawValue] },
                "presets": Policy.presetNames.map { ["name": $0] },
                "presetKeys": Policy.presetKeys.map(\.rawValue).joined(separator: ", "),
                "clients": clients.map { ["name": $0, "selected": $0 == name, "link": WebApp.link("/policy", [("client", $0)])] },
            ])
        }
        var values = layout(context, title: "Policy", current: "policy")
        values.merge(page.values) { _, new in new }
        values["message"] = message
        return try Pages.shared.render("policy", values)
    }
}
