// Printed figures for the rule engine's speed (not a test): `scripts/bench-policies.sh`.
//
// Generates deterministic synthetic timelines (~6 activities each, a realistic mix of interviews, thank-yous,
// replies, follow-ups, calls and decisions), evaluates at least 2,000,000 of them as of one day on one core, and
// prints timelines per second. A reference loop over the same data (summing each timeline's activity dates) runs
// in the same process, so the ratio stays meaningful on a noisy machine.
import Foundation
import Policies

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let asOf = Day(year: 2026, month: 12, day: 1)
let clients = ["Acme Corp", "Beta Inc", "Gamma LLC", "Delta Co"]
let managers = ["Dana Cho", "Lee Park", "Sam Roe", "Kim Lu", "Ada Wu"]

func makeTimeline(_ i: Int, _ rng: inout SplitMix) -> Timeline {
    let client = clients[i % clients.count]
    let hm = managers[Int.random(in: 0..<managers.count, using: &rng)]
    let filled = Int.random(in: 0..<10, using: &rng) == 0 ? asOf.adding(days: -Int.random(in: 0..<60, using: &rng)) : nil
    let opening = Opening(id: "\(client.prefix(4).uppercased())-\(1000 + i % 500)", client: client, hiringManager: hm,
                          status: filled == nil ? .open : .filled, filledOn: filled)
    let submitted = asOf.adding(days: -Int.random(in: 10..<120, using: &rng))
    var day = submitted
    var acts: [Activity] = []
    func add(_ type: ActivityType, by: Party?, with: [String] = [], decisionBy: Day? = nil, interest: Interest? = nil) {
        acts.append(Activity(date: day, type: type, by: by, with: with, decisionBy: decisionBy, interest: interest,
                             sequence: acts.count + 1))
    }
    // Interview, usually thanked the same or next day; often an HM reply; then the chain's contacts.
    day = day.adding(days: Int.random(in: 2..<10, using: &rng))
    add(.interview, by: .client, with: Int.random(in: 0..<3, using: &rng) == 0 ? [hm, "Lee Park"] : [hm])
    if Int.random(in: 0..<4, using: &rng) != 0 {
        day = day.adding(days: Int.random(in: 0..<2, using: &rng))
        add(.thankYou, by: .candidate)
    }
    if Int.random(in: 0..<2, using: &rng) == 0 {
        day = day.adding(days: Int.random(in: 2..<8, using: &rng))
        let interests: [Interest?] = [nil, .top, .warm, .neutral]
        add(.hmReply, by: .client, decisionBy: day.adding(days: Int.random(in: 2..<10, using: &rng)),
            interest: interests[Int.random(in: 0..<4, using: &rng)])
    }
    while acts.count < 6 {
        day = day.adding(days: Int.random(in: 3..<20, using: &rng))
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: add(.rejected, by: .client)
        case 1: add(.keepInMind, by: .candidate)
        case 2, 3: add(.phoneCheck, by: .recruiter, with: [hm])
        case 4: add(.hmReply, by: .client)
        default: add(.followUp, by: Int.random(in: 0..<5, using: &rng) == 0 ? .candidate : .recruiter, with: [hm])
        }
    }
    return Timeline(candidate: "cand\(i)@example.com", opening: opening,
                    application: ApplicationRow(stage: .interviewing, submittedOn: submitted,
                                                decisionBy: Int.random(in: 0..<2, using: &rng) == 0 ? nil : submitted.adding(days: 14)),
                    recruiter: "sam@agency.test", activities: acts)
}

var rng = SplitMix(state: 42)
let distinct = 20_000
let timelines = (0..<distinct).map { makeTimeline($0, &rng) }
let total = 2_000_000
let rounds = total / distinct
let policy = Policy.standard
let activityCount = timelines.reduce(0) { $0 + $1.activities.count }
print("policies-bench: \(distinct) distinct timelines, \(Double(activityCount) / Double(distinct)) activities each, "
      + "\(total) evaluations as of \(asOf)")

func measure(_ label: String, evaluations: Int = total, _ body: () -> Int) -> Double {
    let clock = ContinuousClock()
    var checksum = 0
    let elapsed = clock.measure { checksum = body() }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(evaluations) / seconds
    print("\(label): \(String(format: "%.3f", seconds)) s, \(Int(rate)) timelines/s (checksum \(checksum))")
    return rate
}

// Warm up (page in, caches).
var buffer: [Recommendation] = []
buffer.reserveCapacity(64)
for t in timelines.prefix(2000) { t.appendRecommendations(asOf: asOf, policy: policy, to: &buffer); buffer.removeAll(keepingCapacity: true) }

// Both loops borrow each timeline in place (no copy of the value per iteration), as a streamed read would.
// The reference loop is cheap, so it runs 20 times as many passes to last long enough to time.
let referenceRounds = rounds * 20
let reference = measure("reference loop (sum of activity dates)", evaluations: referenceRounds * distinct) {
    var sum = 0
    timelines.withUnsafeBufferPointer { all in
        for _ in 0..<referenceRounds {
            for i in all.indices { for a in all[i].activities { sum &+= a.date.ordinal } }
        }
    }
    return sum
}

let streamed = measure("evaluate, streaming into one buffer (appendRecommendations)") {
    var items = 0
    timelines.withUnsafeBufferPointer { all in
        for _ in 0..<rounds {
            for i in all.indices {
                all[i].appendRecommendations(asOf: asOf, policy: policy, to: &buffer)
                items &+= buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
    }
    return items
}

let evaluateOnly = CommandLine.arguments.contains("--evaluate-only")
if evaluateOnly {
    print("ratio evaluate/reference: streaming \(String(format: "%.1f", reference / streamed))x slower")
    print("target >= 500000 timelines/s: \(streamed >= 500_000 ? "met" : "NOT met") (\(Int(streamed)))")
    exit(0)
}

let arrays = measure("evaluate, one array per timeline (recommendations)") {
    var items = 0
    for _ in 0..<rounds {
        for t in timelines { items &+= t.recommendations(asOf: asOf, policy: policy).count }
    }
    return items
}

var queueItems = 0
let queueRate = measure("evaluate + hm-overload + queue order (whole queue per round)") {
    var count = 0
    for _ in 0..<rounds {
        var queue = DailyQueue(asOf: asOf)
        var load = HiringManagerLoad(asOf: asOf)
        for t in timelines {
            t.appendRecommendations(asOf: asOf, policy: policy, to: &buffer)
            queue.add(buffer)
            buffer.removeAll(keepingCapacity: true)
            load.add(t, policy: policy)
        }
        queue.add(load.recommendations)
        count &+= queue.items.count
    }
    queueItems = count / rounds
    return count
}

print("queue of \(distinct) timelines: \(queueItems) items")
print("ratio evaluate/reference: streaming \(String(format: "%.1f", reference / streamed))x slower, "
      + "arrays \(String(format: "%.1f", reference / arrays))x, whole queue \(String(format: "%.1f", reference / queueRate))x")
print("target >= 500000 timelines/s: \(streamed >= 500_000 ? "met" : "NOT met") (\(Int(streamed)))")
