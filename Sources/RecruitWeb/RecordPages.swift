import Foundation
import Hummingbird
import Recruiting

extension WebApp {
    /// Candidate and opening pages (their applications and timelines), and the search that finds them. Every
    /// recruiter sees the agency's records.
    func registerRecords(_ routes: inout Routes) {
        routes.get("/find", .atLeast(.recruiter)) { request, context in
            let text = request.queryText("q")
            let found = try await store.run { connection in try text.map { try Records.search(connection, $0) } ?? [] }
            var values = layout(context, title: "Find", current: "find")
            values["q"] = text ?? ""
            values["asked"] = text != nil
            values["candidates"] = found.filter { $0.kind == .candidate }.map {
                ["key": $0.key, "label": $0.label as Any, "link": WebApp.link("/candidate", [("email", $0.key)])]
            }
            values["openings"] = found.filter { $0.kind == .opening }.map {
                ["key": $0.key, "label": $0.label as Any, "link": WebApp.link("/opening", [("id", $0.key)])]
            }
            values["hasCandidates"] = found.contains { $0.kind == .candidate }
            values["hasOpenings"] = found.contains { $0.kind == .opening }
            values["nothing"] = text != nil && found.isEmpty
            values["limit"] = Records.searchLimit
            return try Pages.shared.render("find", values)
        }
        routes.get("/candidate", .atLeast(.recruiter)) { request, context in
            guard let email = request.queryText("email") else { throw WebError.badInput("Say which candidate: their e-mail address.") }
            guard let record = try await store.run({ try Records.candidate($0, email: email) }) else {
                throw WebError.notFound("No candidate has the address \(email). Search for them under Find.")
            }
            var values = layout(context, title: record.name ?? record.email, current: "find")
            values["candidate"] = [
                "email": record.email, "name": record.name ?? record.email, "phone": record.phone as Any,
                "source": record.source as Any, "recruiter": record.recruiter as Any, "notes": record.notes as Any,
            ]
            values.merge(Self.listValues(record.applications, record.activities)) { _, new in new }
            return try Pages.shared.render("candidate", values)
        }
        routes.get("/opening", .atLeast(.recruiter)) { request, context in
            guard let id = request.queryText("id") else { throw WebError.badInput("Say which opening: its id.") }
            guard let record = try await store.run({ try Records.opening($0, id: id) }) else {
                throw WebError.notFound("No opening has the id \(id). Search for it under Find.")
            }
            let user = try context.user(atLeast: .recruiter)
            var values = layout(context, title: "\(record.title) (\(record.id))", current: "find")
            values["opening"] = [
                "id": record.id, "title": record.title, "client": record.client,
                "clientLink": user.role >= .manager ? WebApp.link("/client", [("name", record.client)]) : nil as String?,
                "hiringManager": record.hiringManager ?? record.hiringManagerEmail as Any,
                "status": record.status.replacingOccurrences(of: "_", with: " "), "openedOn": record.openedOn as Any,
                "filledOn": record.filledOn as Any, "recruiter": record.recruiter as Any,
            ]
            values.merge(Self.listValues(record.applications, record.activities)) { _, new in new }
            return try Pages.shared.render("opening", values)
        }
    }

    /// A record page's lists: its applications and its timeline.
    static func listValues(_ applications: [Records.Application], _ activities: [Records.Activity]) -> [String: Any] {
        [
            "applications": applications.map(applicationView), "noApplications": applications.isEmpty,
            "activities": activities.map(activityView), "noActivities": activities.isEmpty,
            "moreActivities": activities.count >= Records.activityLimit, "limit": Records.activityLimit,
        ]
    }

    static func applicationView(_ a: Records.Application) -> [String: Any] {
        let known = !a.candidate.isEmpty  // empty: a forgotten candidate, who has no page
        return [
            "candidate": a.candidate, "candidateName": a.candidateName ?? a.candidate,
            "candidateLink": known ? link("/candidate", [("email", a.candidate)]) : nil as String?,
            "opening": a.opening, "title": a.openingTitle, "client": a.client,
            "openingLink": link("/opening", [("id", a.opening)]),
            "stage": a.stage.replacingOccurrences(of: "_", with: " "), "stageDate": a.stageDate as Any,
            "submittedOn": a.submittedOn as Any, "decisionBy": a.decisionBy as Any, "interest": a.interest as Any,
            "why": known ? link("/why", [("candidate", a.candidate), ("opening", a.opening)]) : nil as String?,
        ]
    }

    static func activityView(_ a: Records.Activity) -> [String: Any] {
        var detail: [String] = []
        if let by = a.by { detail.append("by the \(by)") }
        if !a.with.isEmpty { detail.append("with \(a.with.joined(separator: ", "))") }
        if let channel = a.channel { detail.append(channel.replacingOccurrences(of: "_", with: " ")) }
        return [
            "date": a.date, "type": a.type.replacingOccurrences(of: "_", with: " "), "detail": detail.joined(separator: " · "),
            "note": a.note as Any, "candidate": a.candidate.isEmpty ? Records.formerCandidate : a.candidate, "opening": a.opening,
            "candidateLink": a.candidate.isEmpty ? nil : link("/candidate", [("email", a.candidate)]) as String?,
            "openingLink": link("/opening", [("id", a.opening)]),
        ]
    }
}
