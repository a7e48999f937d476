import Foundation
import Policies

/// A day from a literal the test controls.
func d(_ iso: String) -> Day {
    guard let day = Day(iso) else { fatalError("bad test date \(iso)") }
    return day
}

/// The opening of the worked examples.
let acme = Opening(id: "ACME-1042", client: "Acme Corp", hiringManager: "Dana Cho",
                   hiringManagerEmail: "dana.cho@acme.example")

/// Builds activities in recording order, numbering them as an import would.
struct Story {
    var activities: [Activity] = []

    @discardableResult
    mutating func add(_ date: String, _ type: ActivityType, by: Party? = nil, with: [String] = [],
                      channel: Channel? = nil, decisionBy: String? = nil, interest: Interest? = nil) -> Self {
        activities.append(Activity(date: d(date), type: type, by: by, with: with, channel: channel,
                                   decisionBy: decisionBy.map(d), interest: interest, sequence: activities.count + 1))
        return self
    }
}

/// A timeline on `acme` for `ana.ng@example.com` (example A's application unless told otherwise).
func timeline(submittedOn: String? = "2026-10-26", decisionBy: String? = "2026-11-06", stage: Stage = .interviewing,
              stageDate: String? = nil, interest: Interest? = nil, opening: Opening = acme,
              hiredElsewhere: [Day] = [], candidate: String = "ana.ng@example.com",
              _ build: (inout Story) -> Void = { _ in }) -> Timeline {
    var story = Story()
    build(&story)
    return Timeline(candidate: candidate, opening: opening,
                    application: ApplicationRow(stage: stage, stageDate: stageDate.map(d),
                                                submittedOn: submittedOn.map(d), decisionBy: decisionBy.map(d),
                                                interest: interest),
                    recruiter: "sam@agency.test", activities: story.activities, hiredElsewhere: hiredElsewhere)
}

extension Timeline {
    /// The items of one rule as of a day (queue scope).
    func items(_ rule: Rule, asOf: String, policy: Policy = .standard) -> [Recommendation] {
        recommendations(asOf: d(asOf), policy: policy).filter { $0.rule == rule }
    }

    /// The single item of one rule as of a day, or nil.
    func item(_ rule: Rule, asOf: String, policy: Policy = .standard) -> Recommendation? {
        let found = items(rule, asOf: asOf, policy: policy)
        precondition(found.count <= 1, "more than one \(rule) item")
        return found.first
    }

    /// The pending item of one rule (due later included), or nil.
    func pending(_ rule: Rule, asOf: String, policy: Policy = .standard) -> Recommendation? {
        recommendations(asOf: d(asOf), policy: policy, scope: .pending).first { $0.rule == rule }
    }
}

// MARK: Worked examples as data

/// One expected queue item, compared on the fields the examples' README names.
struct ExpectedItem: Equatable, CustomStringConvertible, Sendable {
    var kind, rule, actor: String
    var candidate, opening: String?
    var due: String
    var deadline: String?
    var overdue: Bool

    init(kind: String, rule: String, actor: String, candidate: String?, opening: String?, due: String,
         deadline: String?, overdue: Bool) {
        (self.kind, self.rule, self.actor, self.candidate, self.opening) = (kind, rule, actor, candidate, opening)
        (self.due, self.deadline, self.overdue) = (due, deadline, overdue)
    }

    init(_ r: Recommendation) {
        self.init(kind: r.kind.rawValue, rule: r.rule.rawValue, actor: r.actor.rawValue, candidate: r.candidate,
                  opening: r.opening, due: r.due.description, deadline: r.deadline?.description, overdue: r.overdue)
    }

    var description: String {
        "\(kind)/\(rule)/\(actor) \(candidate ?? "-") \(opening ?? "-") due \(due) deadline \(deadline ?? "-")\(overdue ? " overdue" : "")"
    }
}

/// One worked example: the four CSV files, the policy file and the expected queue per as-of day.
struct WorkedExample: Sendable {
    var name: String
    var openings, applications, candidates, activities: String
    var policyJSON: String?
    var expected: [String: [ExpectedItem]]
}

/// A minimal reader for the examples' CSV: no quoted cells occur in them.
func csvRows(_ text: String) -> [[String: String]] {
    let lines = text.split(whereSeparator: \.isNewline).map(String.init)
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    else { return [] }
    return lines.dropFirst().map { line in
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var row: [String: String] = [:]
        for (i, name) in header.enumerated() where i < cells.count && !cells[i].isEmpty { row[name] = cells[i] }
        return row
    }
}

extension WorkedExample {
    var policy: Policy {
        guard let json = policyJSON else { return .standard }
        return try! JSONDecoder().decode(Policy.self, from: Data(json.utf8))
    }

    /// The timelines the queue layer would build from the files (readings 3, 19, 20 as an import applies them).
    var timelines: [Timeline] {
        let policy = self.policy
        let openings = Dictionary(uniqueKeysWithValues: csvRows(self.openings).map { r in
            (r["opening"]!, (Opening(id: r["opening"]!, client: r["client"]!, hiringManager: r["hiring_manager"],
                                     hiringManagerEmail: r["hiring_manager_email"],
                                     status: OpeningStatus(rawValue: r["status"] ?? "open")!,
                                     filledOn: r["filled_on"].map(d)), r["recruiter"]))
        })
        let candidateRecruiters = Dictionary(csvRows(candidates).map { ($0["email"]!.lowercased(), $0["recruiter"]) },
                                             uniquingKeysWith: { a, _ in a })
        var activitiesByApplication: [String: [Activity]] = [:]
        var hiredByCandidate: [String: [(opening: String, day: Day)]] = [:]
        for (i, r) in csvRows(activities).enumerated() {
            let email = r["candidate"]!.lowercased()
            let date = try! Day(cell: r["date"]!, policy: policy)
            let type = ActivityType(rawValue: r["type"]!)!
            let activity = Activity(date: date, type: type, by: r["by"].flatMap(Party.init(rawValue:)),
                                    with: r["with"].map(Activity.names(inWithCell:)) ?? [],
                                    decisionBy: r["decision_by"].map(d), interest: r["interest"].flatMap(Interest.init(rawValue:)),
                                    sequence: i + 1)
            activitiesByApplication[email + "|" + r["opening"]!, default: []].append(activity)
            if type == .hired { hiredByCandidate[email, default: []].append((r["opening"]!, date)) }
        }
        return csvRows(applications).map { r in
            let email = r["candidate"]!.lowercased()
            let (opening, openingRecruiter) = openings[r["opening"]!]!
            let row = ApplicationRow(stage: Stage(rawValue: r["stage"] ?? "submitted")!, stageDate: r["stage_date"].map(d),
                                     submittedOn: r["submitted_on"].map(d), decisionBy: r["decision_by"].map(d),
                                     interest: r["interest"].flatMap(Interest.init(rawValue:)))
            return Timeline(candidate: email, opening: opening, application: row,
                            recruiter: r["recruiter"] ?? candidateRecruiters[email] ?? nil ?? openingRecruiter,
                            activities: activitiesByApplication[email + "|" + opening.id] ?? [],
                            hiredElsewhere: (hiredByCandidate[email] ?? []).filter { $0.opening != opening.id }.map(\.day))
        }
    }
}

/// The queue as `recruit queue --as-of T` assembles it: every timeline's items, hm-overload, ordered.
func queue(_ timelines: [Timeline], asOf: Day, policy: Policy = .standard) -> [Recommendation] {
    var load = HiringManagerLoad(asOf: asOf)
    var queue = DailyQueue(asOf: asOf)
    for t in timelines {
        queue.add(t.recommendations(asOf: asOf, policy: policy))
        load.add(t, policy: policy)
    }
    queue.add(load.recommendations)
    return queue.items
}
