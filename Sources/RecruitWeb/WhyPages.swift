import Foundation
import Hummingbird
import OrderedCollections
import Policies
import Recruiting

/// The Why page: one application's timeline and every rule's verdict, as `recruit explain` prints them.
enum WhyPage {
    static func read(_ connection: Connection, candidate: String, opening: String, asOf text: String?,
                     today fixed: Day?) throws -> PageValues {
        let policies = try PolicyStore.load(connection)
        let asOf = try TodayPage.day(text, policies, today: fixed)
        var found: Timeline?
        try TimelineReader.forEach(connection, asOf: asOf, scope: TimelineScope(candidate: candidate, opening: opening)) { _, timeline in
            found = timeline
        }
        guard let timeline = found else {
            throw WebError.notFound("No application of \(candidate) on opening \(opening).")
        }
        let policy = policies.policy(forClient: timeline.opening.client)
        let o = timeline.opening
        let row = timeline.application
        var facts = ["Opening \(o.status.rawValue)" + (o.filledOn.map { ", filled on \($0)" } ?? "")]
        facts.append("Application \(row.stage.rawValue)" + (row.stageDate.map { " since \($0)" } ?? ""))
        if let submitted = row.submittedOn { facts.append("Submitted \(submitted)") }
        if let decision = row.decisionBy { facts.append("Decision by \(decision)") }
        if let interest = row.interest { facts.append("Interest \(interest.rawValue)") }
        if let recruiter = timeline.recruiter { facts.append("Recruiter \(recruiter)") }
        let activities: [[String: String]] = timeline.activities.filter { $0.date <= asOf }.map { a in
            var detail: [String] = []
            if let by = a.by { detail.append("by \(by.rawValue)") }
            if !a.with.isEmpty { detail.append("with \(a.with.joined(separator: "; "))") }
            if let decision = a.decisionBy { detail.append("decision by \(decision)") }
            if let interest = a.interest { detail.append("interest \(interest.rawValue)") }
            return ["date": a.date.description, "type": a.type.rawValue, "detail": detail.joined(separator: ", ")]
        }
        let verdicts: [[String: String]] = timeline.explain(asOf: asOf, policy: policy).map { v in
            ["rule": v.rule.rawValue, "outcome": v.outcome.rawValue, "phrase": v.outcomePhrase ?? "flagged",
             "reason": v.reason.description]
        }
        return PageValues([
            "candidate": timeline.candidate, "opening": o.id, "client": o.client,
            "hiringManager": o.hiringManager ?? o.hiringManagerEmail ?? "unknown", "asOf": asOf.description,
            "facts": facts, "activities": activities, "noActivities": activities.isEmpty, "verdicts": verdicts,
            "back": WebApp.link("/today", [("as_of", text)]),
        ])
    }
}
