import Policies

// Explicit `null`s for absent values, as CONTRACT.md's queue JSON does: a script reading the summary finds every
// key in every object (the synthesized encoding would leave absent optionals out).

extension OpeningSummary {
    private enum CodingKeys: String, CodingKey {
        case id, title, status, hiringManager, openedOn, openedOnRecorded, daysOpen, pipeline, awaitingDecision,
             recentInterviews, nextSteps
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(status, forKey: .status)
        try c.encode(hiringManager, forKey: .hiringManager)
        try c.encode(openedOn, forKey: .openedOn)
        try c.encode(openedOnRecorded, forKey: .openedOnRecorded)
        try c.encode(daysOpen, forKey: .daysOpen)
        try c.encode(pipeline, forKey: .pipeline)
        try c.encode(awaitingDecision, forKey: .awaitingDecision)
        try c.encode(recentInterviews, forKey: .recentInterviews)
        try c.encode(nextSteps, forKey: .nextSteps)
    }
}

extension AwaitingDecision {
    private enum CodingKeys: String, CodingKey {
        case candidate, waitingSince, since, daysWaiting, promisedBy, promiseMissed
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(candidate, forKey: .candidate)
        try c.encode(waitingSince, forKey: .waitingSince)
        try c.encode(since, forKey: .since)
        try c.encode(daysWaiting, forKey: .daysWaiting)
        try c.encode(promisedBy, forKey: .promisedBy)
        try c.encode(promiseMissed, forKey: .promiseMissed)
    }
}

extension FilledRole {
    private enum CodingKeys: String, CodingKey {
        case id, title, openedOn, filledOn, daysToFill, hired
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(openedOn, forKey: .openedOn)
        try c.encode(filledOn, forKey: .filledOn)
        try c.encode(daysToFill, forKey: .daysToFill)
        try c.encode(hired, forKey: .hired)
    }
}

extension Responsiveness {
    private enum CodingKeys: String, CodingKey {
        case clientMedianDays, clientSamples, agencyMedianDays, agencySamples
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clientMedianDays, forKey: .clientMedianDays)
        try c.encode(clientSamples, forKey: .clientSamples)
        try c.encode(agencyMedianDays, forKey: .agencyMedianDays)
        try c.encode(agencySamples, forKey: .agencySamples)
    }
}
