extension Replay {
    /// Thank-you items as of T (POLICY.md "Courtesy notes", Precise reading 10): one per interview of an
    /// application that is submitted, interviewing or offered, listing the interviewers no `thank_you` dated on or
    /// after the interview reached (one addressed to nobody reaches everyone).
    ///
    /// - Parameter skipStale: leave out interviews already past the thank-you staleness limit (the queue path).
    func thankYouFindings(_ facts: ApplicationFacts, _ timeline: Timeline, _ policy: Policy, skipStale: Bool,
                          _ body: (Finding) -> Void) {
        switch facts.stage {
        case .submitted, .interviewing, .offered: break
        default:
            if facts.firstInterview != nil { body(.notApplicable(.thankYou, .thankYouNotForStage(facts.stage))) }
            else { body(.notApplicable(.thankYou, .noInterview)) }
            return
        }
        let acts = activities
        var sawInterview = false
        for index in acts.indices where acts[index].type == .interview {
            let day = acts[index].date
            if day > asOf { break }
            sawInterview = true
            if skipStale && asOf.days(since: day) > Policy.thankYouStaleDays { continue }
            let interview = acts[index]
            let interviewers = Replay.interviewers(of: interview, hiringManager: timeline.opening.hiringManager)
            var outstanding = interviewers
            var settled = false
            // Thank-yous dated on or after the interview: the same day counts whatever the recording order.
            var k = index
            while k > 0 && acts[k - 1].date == interview.date { k -= 1 }
            while k < acts.count && acts[k].date <= asOf && !settled {
                defer { k += 1 }
                guard acts[k].type == .thankYou else { continue }
                let note = acts[k]
                let recipients = note.with.filter { !Names.isBlank($0) }
                if recipients.isEmpty || interviewers.isEmpty { settled = true; break }
                outstanding.removeAll { name in recipients.contains { Names.same($0, name) } }
                if outstanding.isEmpty { settled = true }
            }
            if settled {
                body(.done(.thankYou, .thanked(interview: interview.date)))
            } else {
                let deadline = interview.date.adding(days: policy.thankYouDays)
                body(.item(.init(rule: .thankYou, actor: .candidate, due: interview.date, deadline: deadline,
                                 reason: .thankYou(interview: interview.date, interviewers: outstanding,
                                                   days: policy.thankYouDays, deadline: deadline))))
            }
        }
        if !sawInterview { body(.notApplicable(.thankYou, .noInterview)) }
    }

    /// The `with` names trimmed, repeats dropped; the opening's HM when none (reading 10).
    private static func interviewers(of interview: Activity, hiringManager: String?) -> [String] {
        var names: [String] = []
        for raw in interview.with {
            let name = raw.trimmingSpaces()
            if name.isEmpty || names.contains(where: { Names.same($0, name) }) { continue }
            names.append(name)
        }
        if names.isEmpty, let hm = hiringManager { names.append(hm.trimmingSpaces()) }
        return names
    }
}
