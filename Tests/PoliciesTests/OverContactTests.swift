import Policies
import Testing

/// POLICY.md "Over-contact" and Precise readings 13-15.
@Suite struct OverContactTests {
    func warnings(_ t: Timeline, asOf: String, policy: Policy = .standard) -> [Recommendation] {
        t.recommendations(asOf: d(asOf), policy: policy).filter(\.isWarning)
    }

    @Test("a contact before the follow-up's due day is too-early, names the day it should have waited for, and still counts (A2)")
    func tooEarly() throws {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-05", .followUp, by: .candidate)
        }
        let w = try #require(warnings(t, asOf: "2026-11-05").first)
        #expect(w.rule == .tooEarly && w.kind == .overContact && w.actor == .candidate)
        #expect(w.due == d("2026-11-05") && w.deadline == nil && !w.overdue)
        #expect(w.reason == .tooEarly(contact: .followUp, on: d("2026-11-05"), step: .followUp, waitFor: d("2026-11-11")))
        #expect(w.reason.description.contains("2026-11-11"))
        #expect(t.pending(.phoneCheck, asOf: "2026-11-05")?.due == d("2026-11-26"))
    }

    @Test("a contact on its due day is fine")
    func onTime() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .followUp, by: .recruiter)
        }
        #expect(warnings(t, asOf: "2026-11-11").isEmpty)
    }

    @Test("a second contact the same day is too-early: earlier contacts that day are part of the chain judged")
    func sameDaySecondContact() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .followUp, by: .recruiter)
            s.add("2026-11-11", .phoneCheck, by: .recruiter)
        }
        let w = warnings(t, asOf: "2026-11-11")
        #expect(w.map(\.rule) == [.tooEarly])
        #expect(w.first?.reason == .tooEarly(contact: .phoneCheck, on: d("2026-11-11"), step: .phoneCheck, waitFor: d("2026-12-02")))
    }

    @Test("a reply recorded the same day is not part of the chain a contact is judged against")
    func sameDayReplyNotYetKnown() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-09", .hmReply, by: .client)
            s.add("2026-11-09", .followUp, by: .recruiter)
        }
        // Judged against S = 11-02, D = 11-06: due 11-11, so 11-09 is too early.
        #expect(warnings(t, asOf: "2026-11-09").map(\.rule) == [.tooEarly])
    }

    @Test("a contact after letting go by the cap is too-many")
    func tooManyAfterCap() throws {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .followUp, by: .recruiter)
            s.add("2026-12-02", .phoneCheck, by: .recruiter)
            s.add("2026-12-09", .followUp, by: .recruiter)
        }
        let w = try #require(warnings(t, asOf: "2026-12-09").first)
        #expect(w.rule == .tooMany && w.actor == .recruiter)
        #expect(w.reason == .tooMany(contact: .followUp, on: d("2026-12-09"), letGo: .cap(unanswered: 2, day: d("2026-12-02")),
                                     checkBackDue: d("2027-02-02")))
        #expect(w.reason.description.contains("2027-02-02"))
    }

    @Test("a gone-dark date equal to the contact's day has already let go; the day before has not")
    func goneDarkSameDay() {
        let onTheDay = timeline(decisionBy: nil) { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-09", .followUp, by: .recruiter)
            s.add("2026-12-14", .phoneCheck, by: .recruiter)  // 11-02 + 42 = 12-14: gone dark that day
        }
        #expect(warnings(onTheDay, asOf: "2026-12-14").map(\.rule) == [.tooMany])
        let dayBefore = timeline(decisionBy: nil) { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-09", .followUp, by: .recruiter)
            s.add("2026-12-13", .phoneCheck, by: .recruiter)
        }
        #expect(warnings(dayBefore, asOf: "2026-12-13").isEmpty)
    }

    @Test("a contact strictly after the rejection day is after-decision; one on that day is not")
    func afterDecision() throws {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .rejected, by: .client)
            s.add("2026-11-11", .followUp, by: .recruiter)
            s.add("2026-11-12", .followUp)
        }
        let w = warnings(t, asOf: "2026-11-12")
        #expect(w.map(\.rule) == [.afterDecision])
        #expect(w.first?.due == d("2026-11-12") && w.first?.actor == .recruiter)  // blank by: follow_up_by
        #expect(w.first?.reason == .afterDecision(contact: .followUp, on: d("2026-11-12"), decision: .rejected(d("2026-11-11"))))
    }

    @Test("a contact after the opening was filled to someone else is after-decision")
    func afterFill() {
        var filled = acme
        filled.filledOn = d("2026-11-20")
        let t = timeline(opening: filled) { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-23", .phoneCheck, by: .recruiter)
        }
        #expect(warnings(t, asOf: "2026-11-23").first?.reason
                == .afterDecision(contact: .phoneCheck, on: d("2026-11-23"), decision: .filled(d("2026-11-20"))))
    }

    @Test("verdicts are checked in the order after-decision, too-many, too-early: one per contact")
    func checkOrder() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .followUp, by: .recruiter)
            s.add("2026-12-02", .phoneCheck, by: .recruiter)  // let go on 12-02
            s.add("2026-12-03", .rejected, by: .client)
            s.add("2026-12-04", .followUp, by: .recruiter)  // let go and rejected: after-decision wins
        }
        #expect(warnings(t, asOf: "2026-12-04").map(\.rule) == [.afterDecision])
    }

    @Test("a second keep_in_mind is after-decision, whoever sent it; blank by means the candidate")
    func secondKeepInMind() throws {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-11", .rejected, by: .client)
            s.add("2026-11-12", .keepInMind, by: .candidate)
            s.add("2026-11-20", .keepInMind)
        }
        let w = try #require(warnings(t, asOf: "2026-11-20").first)
        #expect(w.rule == .afterDecision && w.actor == .candidate)
        #expect(w.reason == .repeatedKeepInMind(on: d("2026-11-20"), firstSent: d("2026-11-12")))
        #expect(warnings(t, asOf: "2026-11-19").isEmpty)
    }

    @Test("blank by on an outbound contact means the policy's follow_up_by")
    func blankBy() throws {
        var policy = Policy.standard
        try policy.set(key: "follow_up_by", value: "candidate")
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-05", .followUp)
        }
        #expect(warnings(t, asOf: "2026-11-05").first?.actor == .recruiter)
        #expect(warnings(t, asOf: "2026-11-05", policy: policy).first?.actor == .candidate)
    }

    @Test("warnings reach back lookback_days: a contact 30 days old is judged, 31 days old is not")
    func lookback() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-05", .followUp, by: .candidate)
        }
        #expect(warnings(t, asOf: "2026-12-05").count == 1)
        #expect(warnings(t, asOf: "2026-12-06").isEmpty)
    }

    @Test("with no chain running only after-decision applies")
    func noChainRunning() {
        let offered = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-03", .offer, by: .client)
            s.add("2026-11-04", .followUp, by: .recruiter)
        }
        #expect(warnings(offered, asOf: "2026-11-04").isEmpty)
        let noRound = timeline(submittedOn: nil, decisionBy: nil) { $0.add("2026-11-04", .followUp, by: .recruiter) }
        #expect(warnings(noRound, asOf: "2026-11-04").isEmpty)
    }

    @Test("courtesy notes and the tickler never count as pressure on the HM")
    func notesAreNotContacts() {
        let t = timeline { s in
            s.add("2026-11-02", .interview)
            s.add("2026-11-03", .thankYou, by: .candidate)
            s.add("2026-11-04", .checkBack, by: .recruiter)
        }
        #expect(warnings(t, asOf: "2026-11-04").isEmpty)
        #expect(t.pending(.followUp, asOf: "2026-11-04")?.due == d("2026-11-11"))
    }
}

/// POLICY.md "hm-overload", Precise reading 16: the cap counts messages; the contacts of one day, sender and
/// channel are one message however many candidates it covers.
@Suite struct HMOverloadTests {
    /// `n` candidates on `opening`, each with one recruiter follow-up by e-mail, on `n` different days ending on
    /// `day` (so `n` messages; at most 7 fit in a week).
    func timelines(_ n: Int, endingOn day: String, opening: Opening = acme) -> [Timeline] {
        (0..<n).map { i in
            timeline(opening: opening, candidate: "c\(i)@example.com") {
                $0.add(d(day).adding(days: -i).description, .followUp, by: .recruiter, channel: .email)
            }
        }
    }

    /// `n` candidates on `opening`, each with one follow-up on `day` by `by` through `channel`: one message.
    func grouped(_ n: Int, on day: String, by: Party? = .recruiter, channel: Channel? = .email,
                 type: ActivityType = .followUp, opening: Opening = acme, first: Int = 0) -> [Timeline] {
        (first..<first + n).map { i in
            timeline(opening: opening, candidate: "c\(i)@example.com") { $0.add(day, type, by: by, channel: channel) }
        }
    }

    func overload(_ timelines: [Timeline], asOf: String, policy: Policy = .standard) -> [Recommendation] {
        var load = HiringManagerLoad(asOf: d(asOf))
        for t in timelines { load.add(t, policy: policy) }
        return load.recommendations
    }

    func messages(_ timelines: [Timeline], asOf: String, policy: Policy = .standard) -> Int? {
        var capZero = policy
        capZero.hmWeeklyCap = 0
        guard case let .hmOverload(_, n, _, _, _, _)? = overload(timelines, asOf: asOf, policy: capZero).first?.reason
        else { return nil }
        return n
    }

    @Test("an HM at the weekly cap is fine; cap + 1 messages make one hm-overload item with the count")
    func atCapAndOver() throws {
        #expect(overload(timelines(3, endingOn: "2026-11-10"), asOf: "2026-11-10").isEmpty)
        let items = overload(timelines(4, endingOn: "2026-11-10"), asOf: "2026-11-10")
        let item = try #require(items.first)
        #expect(items.count == 1)
        #expect(item.rule == .hmOverload && item.kind == .overContact && item.actor == .recruiter)
        #expect(item.candidate == nil && item.opening == nil && item.recruiter == nil)
        #expect(item.client == "Acme Corp" && item.hiringManager == "Dana Cho")
        #expect(item.due == d("2026-11-10") && item.deadline == nil && !item.overdue)
        #expect(item.reason == .hmOverload(hiringManager: "Dana Cho", messages: 4, cap: 3, from: d("2026-11-04"), through: d("2026-11-10"),
                                   recruiters: ["sam@agency.test"]))
        #expect(item.reason.description == "Dana Cho received 4 messages from 2026-11-04 to 2026-11-10, more than the weekly cap of 3")
    }

    @Test("six follow-ups to one HM on one day by the recruiter by e-mail are one message; a call is a second, the candidate's own e-mail a third")
    func groupedMessage() {
        let six = grouped(6, on: "2026-11-10")
        #expect(messages(six, asOf: "2026-11-10") == 1)
        #expect(overload(six, asOf: "2026-11-10").isEmpty)
        let call = grouped(1, on: "2026-11-10", channel: .phone, type: .phoneCheck, first: 6)
        #expect(messages(six + call, asOf: "2026-11-10") == 2)
        let own = grouped(1, on: "2026-11-10", by: .candidate, first: 7)
        #expect(messages(six + call + own, asOf: "2026-11-10") == 3)
        // The same six on another day of the week are another message.
        #expect(messages(six + grouped(6, on: "2026-11-09", first: 10), asOf: "2026-11-10") == 2)
    }

    @Test("blank cells are read before grouping: a blank sender is the policy's follow_up_by, a blank channel e-mail for a follow-up and phone for a phone check")
    func blanksResolved() {
        let explicit = grouped(2, on: "2026-11-10")
        let blank = grouped(2, on: "2026-11-10", by: nil, channel: nil, first: 2)
        #expect(messages(explicit + blank, asOf: "2026-11-10") == 1)
        var byCandidate = Policy.standard
        byCandidate.followUpBy = .candidate
        #expect(messages(explicit + blank, asOf: "2026-11-10", policy: byCandidate) == 2)
        let calls = grouped(2, on: "2026-11-10", channel: .phone, type: .phoneCheck, first: 4)
        let blankCalls = grouped(2, on: "2026-11-10", by: nil, channel: nil, type: .phoneCheck, first: 6)
        #expect(messages(calls + blankCalls, asOf: "2026-11-10") == 1)
        // A follow-up made by phone joins the day's calls, not the day's e-mail.
        let followUpByPhone = grouped(1, on: "2026-11-10", channel: .phone, first: 8)
        #expect(messages(explicit + calls + followUpByPhone, asOf: "2026-11-10") == 2)
    }

    @Test("the client's hm_weekly_cap decides")
    func clientCap() throws {
        var overrides = PolicyOverrides()
        try overrides.set(key: "hm_weekly_cap", value: "4")
        let policy = Policy.standard.applying(overrides)
        #expect(overload(timelines(4, endingOn: "2026-11-10"), asOf: "2026-11-10", policy: policy).isEmpty)
        #expect(overload(timelines(5, endingOn: "2026-11-10"), asOf: "2026-11-10", policy: policy).first?.reason
                == .hmOverload(hiringManager: "Dana Cho", messages: 5, cap: 4, from: d("2026-11-04"), through: d("2026-11-10"),
                                   recruiters: ["sam@agency.test"]))
    }

    @Test("only contacts in T-6 ... T count")
    func window() {
        let ts = timelines(2, endingOn: "2026-11-04") + timelines(2, endingOn: "2026-11-10")
        // Messages on 11-03, 11-04, 11-09 and 11-10.
        #expect(messages(ts, asOf: "2026-11-10") == 3)  // 11-03 is out
        #expect(messages(ts, asOf: "2026-11-11") == 2)  // 11-04 left the window
        #expect(messages(ts, asOf: "2026-11-09") == 3)  // 11-10 not yet
        #expect(overload(ts, asOf: "2026-11-09").isEmpty && overload(ts, asOf: "2026-11-10").isEmpty)
        #expect(overload(ts + timelines(1, endingOn: "2026-11-08"), asOf: "2026-11-10").count == 1)
    }

    @Test("the HM is the name within the client, compared loosely, or the e-mail when the name is blank")
    func identity() {
        let spaced = Opening(id: "ACME-2000", client: "Acme Corp", hiringManager: "  dana  CHO ")
        let ts = timelines(2, endingOn: "2026-11-10") + timelines(2, endingOn: "2026-11-08", opening: spaced)
        #expect(overload(ts, asOf: "2026-11-10").count == 1)
        let otherClient = Opening(id: "BETA-1", client: "Beta Inc", hiringManager: "Dana Cho")
        #expect(overload(timelines(2, endingOn: "2026-11-10") + timelines(2, endingOn: "2026-11-08", opening: otherClient), asOf: "2026-11-10").isEmpty)
        let byMail1 = Opening(id: "M-1", client: "Acme Corp", hiringManagerEmail: "Dana.Cho@acme.example")
        let byMail2 = Opening(id: "M-2", client: "Acme Corp", hiringManager: " ", hiringManagerEmail: "dana.cho@acme.example ")
        let mailed = timelines(2, endingOn: "2026-11-10", opening: byMail1) + timelines(2, endingOn: "2026-11-08", opening: byMail2)
        #expect(overload(mailed, asOf: "2026-11-10").first?.hiringManager == "dana.cho@acme.example")
        // One e-mail about candidates on two of the same HM's openings is one message.
        #expect(messages(grouped(2, on: "2026-11-10") + grouped(2, on: "2026-11-10", opening: spaced, first: 2), asOf: "2026-11-10") == 1)
    }

    @Test("phone checks count like follow-ups; notes do not")
    func whatCounts() {
        let mixed = [timeline(candidate: "x@example.com") { s in
            s.add("2026-11-06", .followUp, by: .recruiter)
            s.add("2026-11-07", .phoneCheck, by: .recruiter)
            s.add("2026-11-08", .thankYou, by: .candidate)
            s.add("2026-11-09", .keepInMind, by: .candidate)
            s.add("2026-11-09", .checkBack, by: .recruiter)
        }] + timelines(2, endingOn: "2026-11-10")
        #expect(overload(mixed, asOf: "2026-11-10").first?.reason
                == .hmOverload(hiringManager: "Dana Cho", messages: 4, cap: 3, from: d("2026-11-04"), through: d("2026-11-10"),
                                   recruiters: ["sam@agency.test"]))
    }

    @Test("contacts on an opening with neither HM name nor e-mail are not counted")
    func noIdentity() {
        var load = HiringManagerLoad(asOf: d("2026-11-10"))
        let policy = Policy.standard
        for day in 4...10 {
            let message = HiringManagerLoad.Message(day: d("2026-11-\(day < 10 ? "0" : "")\(day)"), type: .followUp,
                                                    by: nil, channel: nil, policy: policy)
            load.add(message, client: "Acme Corp", hiringManager: " ", hiringManagerEmail: nil, weeklyCap: 3)
        }
        #expect(load.recommendations.isEmpty)
        for day in 7...10 {
            let message = HiringManagerLoad.Message(day: d("2026-11-\(day < 10 ? "0" : "")\(day)"), type: .phoneCheck,
                                                    by: .recruiter, channel: nil, policy: policy)
            load.add(message, client: "Acme Corp", hiringManager: "Dana Cho", hiringManagerEmail: nil, weeklyCap: 3)
        }
        #expect(load.recommendations.count == 1)
        #expect(HiringManagerLoad.Message(day: d("2026-11-10"), type: .thankYou, by: .candidate, channel: .email,
                                          policy: policy) == nil)
    }

    @Test("for any contacts, the count is the number of distinct (day, sender, channel) in the week, whatever the order and however they are split into timelines")
    func messagesAreDistinctTriples() {
        var rng = Seeded(0x5EED_16)
        let asOf = "2026-11-10"
        for _ in 0..<300 {
            var contacts: [(day: String, type: ActivityType, by: Party?, channel: Channel?)] = []
            for _ in 0..<Int.random(in: 1...20, using: &rng) {
                let day = d(asOf).adding(days: -Int.random(in: 0...9, using: &rng)).description
                let type: ActivityType = Bool.random(using: &rng) ? .followUp : .phoneCheck
                let by: Party? = [nil, .recruiter, .candidate].randomElement(using: &rng)!
                let channel: Channel? = [nil, .email, .phone, .video].randomElement(using: &rng)!
                contacts.append((day, type, by, channel))
            }
            var expected = Set<String>()
            for c in contacts where d(c.day) >= d(asOf).adding(days: -6) {
                let channel = c.channel ?? (c.type == .followUp ? .email : .phone)
                expected.insert("\(c.day) \((c.by ?? .recruiter).rawValue) \(channel.rawValue)")
            }
            // Split the contacts into timelines at random.
            var ts: [Timeline] = []
            var rest = contacts.shuffled(using: &rng)
            while !rest.isEmpty {
                let k = Int.random(in: 1...rest.count, using: &rng)
                let chunk = rest.prefix(k)
                rest.removeFirst(k)
                ts.append(timeline(candidate: "c\(ts.count)@example.com") { s in
                    for c in chunk { s.add(c.day, c.type, by: c.by, channel: c.channel) }
                })
            }
            let counted = messages(ts, asOf: asOf) ?? 0
            #expect(counted == expected.count, "\(contacts)")
        }
    }

    /// The recruiters an hm-overload item names (its reason's last value).
    func recruiters(_ timelines: [Timeline], asOf: String) -> [String]? {
        guard case let .hmOverload(_, _, _, _, _, names)? = overload(timelines, asOf: asOf).first?.reason else { return nil }
        return names
    }

    @Test("an hm-overload item names the recruiters whose applications' contacts were counted, each once, in the order of their keys; a candidate's own contact names its application's recruiter, never the candidate")
    func recruitersNamed() throws {
        var ts = timelines(4, endingOn: "2026-11-10")
        ts[0].recruiter = "ben@agency.test"
        ts[1].recruiter = "ana@agency.test"
        ts[2].recruiter = " ana@agency.test "
        ts[3].recruiter = nil
        #expect(recruiters(ts, asOf: "2026-11-10") == ["ana@agency.test", "ben@agency.test"])
        // The same messages without recruiters: the same count and description.
        var bare = timelines(4, endingOn: "2026-11-10")
        for i in bare.indices { bare[i].recruiter = nil }
        let withNames = try #require(overload(ts, asOf: "2026-11-10").first)
        let without = try #require(overload(bare, asOf: "2026-11-10").first)
        #expect(withNames.reason.description == without.reason.description)
        #expect(recruiters(bare, asOf: "2026-11-10") == [])
        // A candidate's own follow-up on Kim's application: Kim is named, the candidate is not.
        var own = grouped(1, on: "2026-11-05", by: .candidate, first: 20)
        own[0].recruiter = "Kim Lee"
        let names = try #require(recruiters(ts + own, asOf: "2026-11-10"))
        #expect(names == ["ana@agency.test", "ben@agency.test", "Kim Lee"])
        #expect(!names.contains("c20@example.com"))
        // A contact outside the week names no one.
        var old = grouped(1, on: "2026-11-01", first: 30)
        old[0].recruiter = "old@agency.test"
        #expect(recruiters(ts + old, asOf: "2026-11-10") == ["ana@agency.test", "ben@agency.test"])
    }

    @Test("for any contacts and recruiters, the count is the same as without recruiters, and the recruiters named are those of the week's contacts, whatever the order")
    func recruitersDoNotChangeTheCount() {
        var rng = Seeded(0x5EED_19)
        let asOf = "2026-11-10"
        let spellings: [String?] = [nil, "", "  ", "ana@agency.test", " Ana@Agency.test", "Ben  Ortiz", "ben ortiz", "kim@agency.test"]
        for _ in 0..<300 {
            var ts: [Timeline] = []
            for i in 0..<Int.random(in: 1...12, using: &rng) {
                let day = d(asOf).adding(days: -Int.random(in: 0...9, using: &rng)).description
                let type: ActivityType = Bool.random(using: &rng) ? .followUp : .phoneCheck
                let by: Party? = [nil, .recruiter, .candidate].randomElement(using: &rng)!
                var t = timeline(candidate: "c\(i)@example.com") { $0.add(day, type, by: by) }
                t.recruiter = spellings.randomElement(using: &rng)!
                ts.append(t)
            }
            var bare = ts
            for i in bare.indices { bare[i].recruiter = nil }
            #expect(messages(ts, asOf: asOf) == messages(bare, asOf: asOf))
            var capZero = Policy.standard
            capZero.hmWeeklyCap = 0
            func named(_ ts: [Timeline]) -> [String] {
                guard case let .hmOverload(_, _, _, _, _, names)? = overload(ts, asOf: asOf, policy: capZero).first?.reason
                else { return [] }
                return names
            }
            let inWeek = ts.filter { $0.activities.contains { $0.date >= d(asOf).adding(days: -6) && $0.date <= d(asOf) } }
            let keys = Set(inWeek.compactMap { $0.recruiter }.map { $0.lowercased().split(separator: " ").joined(separator: " ") }
                .filter { !$0.isEmpty })
            let names = named(ts)
            #expect(Set(names.map { $0.lowercased().split(separator: " ").joined(separator: " ") }) == keys, "\(ts.map(\.recruiter))")
            #expect(names.count == keys.count)
            #expect(named(ts.shuffled(using: &rng)) == names, "the order fed changes nothing")
        }
    }
}
